/**
 * Driving the canvas bench page (bench/index.html + src/bench) in Debian's Chromium: shared by
 * `npm run bench:canvas` (figures) and `npm run bench:canvas:profile` (where a frame's time goes).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import config from '../../../playwright.config.ts';
import type { BenchLoad, BenchView } from '../src/bench/globals.d.ts';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const viteConfig = path.join(root, 'apps', 'builder', 'bench', 'vite.config.ts');
/** Pointer moves per gesture, one per frame. */
export const FRAMES = 60;
const STEP_PX = 12;

export interface BenchSession {
  readonly browser: Browser;
  readonly page: Page;
  /** Uncaught errors of the page so far. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Builds the bench page (production React; `minify: false` keeps function names readable in a
 * CPU profile), serves it with `vite preview` and opens it in Chromium at the tests' viewport.
 */
export async function openBenchPage(options: { minify?: boolean } = {}): Promise<BenchSession> {
  await build({ configFile: viteConfig, ...(options.minify === false ? { build: { minify: false } } : {}) });
  const server = await preview({
    configFile: viteConfig,
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview printed no URL');
  const use = config.use ?? {};
  const browser = await chromium.launch(use.launchOptions ?? {});
  const close = async () => {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  };
  try {
    const page = await browser.newPage({ viewport: use.viewport ?? { width: 1280, height: 720 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(new URL('bench/index.html', url).href);
    await page.waitForFunction(() => window.__twBench !== undefined);
    return { browser, page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Loads a generated flow of `size` nodes (zoomed to fit, as the designer opens it), then zooms to `zoom` if given. */
export async function showFlow(page: Page, size: number, zoom?: number): Promise<{ load: BenchLoad; view: BenchView }> {
  const load = (await page.evaluate((n) => window.__twBench?.load(n), size)) as BenchLoad | undefined;
  if (!load) throw new Error('the bench page did not expose window.__twBench');
  if (load.errors > 0) throw new Error(`the generated ${size}-node flow has ${load.errors} validation errors`);
  await page.waitForTimeout(500); // fitView and the minimap settle
  if (zoom !== undefined) {
    await page.evaluate((z) => window.__twBench?.zoomTo(z), zoom);
    await page.waitForTimeout(300);
  }
  const view = (await page.evaluate(() => window.__twBench?.view())) as BenchView;
  return { load, view };
}

/** The id of the node drawn nearest the middle of the canvas. */
export async function nodeNearCentre(page: Page): Promise<string> {
  const id = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
    const cx = pane ? pane.left + pane.width / 2 : innerWidth / 2;
    const cy = pane ? pane.top + pane.height / 2 : innerHeight / 2;
    let best: { id: string; d: number } | null = null;
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const r = el.getBoundingClientRect();
      const d = Math.hypot(r.left + r.width / 2 - cx, r.top + Math.min(12, r.height / 2) - cy);
      if (!best || d < best.d) best = { id: el.dataset.id ?? '', d };
    }
    return best?.id;
  });
  if (!id) throw new Error('no node on the canvas');
  return id;
}

/** Where to press to drag the node: its header, centred. */
export async function grabPoint(page: Page, nodeId: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(`.react-flow__node[data-id="${nodeId}"]`).boundingBox();
  if (!box) throw new Error(`node ${nodeId} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + Math.min(12, box.height / 2) };
}

/** The point of the empty pane nearest the middle of the canvas, to pan from. */
export async function emptyPaneSpot(page: Page): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
    if (!pane) return null;
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    const points: { x: number; y: number }[] = [];
    for (let y = pane.top + 200; y < pane.bottom - 200; y += 7) {
      for (let x = pane.left + 200; x < pane.right - 200; x += 9) points.push({ x, y });
    }
    points.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
    return points.find((p) => document.elementFromPoint(p.x, p.y)?.classList.contains('react-flow__pane')) ?? null;
  });
  if (!spot) throw new Error('no empty spot on the pane to pan from');
  return spot;
}

export const nextFrame = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));

/** Presses at (x, y) and moves past React Flow's drag threshold, outside the measured frames. */
export async function pressAndStart(page: Page, at: { x: number; y: number }): Promise<void> {
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + 4, at.y + 4);
  await nextFrame(page);
  await nextFrame(page);
}

/**
 * One pointer move per frame along a diagonal, out to one side, back through the start to the
 * other side and back (at most 180 px from the start): a node dragged from the middle of the
 * designer's canvas stays clear of its edges, where React Flow would start panning by itself.
 */
export async function moveFrames(page: Page, at: { x: number; y: number }): Promise<void> {
  const quarter = FRAMES / 4;
  for (let i = 1; i <= FRAMES; i++) {
    const phase = i % FRAMES;
    const leg = phase <= quarter ? phase : phase <= 3 * quarter ? 2 * quarter - phase : phase - FRAMES;
    await page.mouse.move(at.x + 4 + leg * STEP_PX, at.y + 4 + leg * (STEP_PX / 2));
    await nextFrame(page);
  }
}

/** Releases the pointer and lets the canvas settle. */
export async function release(page: Page): Promise<void> {
  await page.mouse.up();
  await nextFrame(page);
}

/**
 * Starts collecting requestAnimationFrame timestamps in the page. A string, because tsx keeps
 * function names with a helper (__name) that does not exist in the page.
 */
export const startFrames = (page: Page) =>
  page.evaluate(`(() => {
    window.__twFrames = [];
    window.__twFramesOn = true;
    const tick = (t) => {
      if (!window.__twFramesOn) return;
      window.__twFrames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);

/** Stops collecting and returns the frame durations (deltas between consecutive rAF timestamps). */
export const stopFrames = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __twFrames: number[]; __twFramesOn: boolean };
    w.__twFramesOn = false;
    return w.__twFrames.slice(1).map((t, i) => t - (w.__twFrames[i] as number));
  });

export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
};
