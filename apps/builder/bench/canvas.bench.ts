/**
 * `npm run bench:canvas`: the designer canvas under load, in Debian's Chromium.
 *
 * Builds the dev-only bench page (bench/index.html + src/bench: the real <Canvas> with a generated grid
 * flow, production React, step-node render counter compiled in), serves it with `vite preview`,
 * and for 20, 200 and 625 nodes measures: load+validate time, rAF frame times while dragging a
 * node and while panning, and step-node renders per drag frame. Prints figures next to the
 * 20-node baseline and PASS/MISS lines for the targets of issue 3 item 9. Exit 0 on misses,
 * non-zero on errors.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import config from '../../../playwright.config.ts';
import type { BenchLoad } from '../src/bench/globals.d.ts';

/** The repository root. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const viteConfig = path.join(root, 'apps', 'builder', 'bench', 'vite.config.ts');
const SIZES = [20, 200, 625] as const;
const FRAMES = 60;
/** Gestures per size; their frames are pooled, so one hiccup of a shared 2-core machine weighs less. */
const REPEATS = 3;
const JITTER_MS = 0.5;
const STEP_PX = 12;

type Load = BenchLoad;
interface Result {
  size: number;
  load: Load;
  drag: number[];
  pan: number[];
  rendersPerDragFrame: number;
  dragRenders: number;
  dragFramesWithChange: number;
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
};

/**
 * Starts collecting requestAnimationFrame timestamps in the page. A string, because tsx keeps
 * function names with a helper (__name) that does not exist in the page.
 */
const startFrames = (page: Page) =>
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
const stopFrames = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __twFrames: number[]; __twFramesOn: boolean };
    w.__twFramesOn = false;
    return w.__twFrames.slice(1).map((t, i) => t - (w.__twFrames[i] as number));
  });

const nextFrame = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));

/** Presses at (x, y) and moves past React Flow's drag threshold, outside the measured frames. */
async function gesture(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 4, y + 4);
  await nextFrame(page);
  await nextFrame(page);
}

/** One pointer move per frame, out and back along a diagonal. */
async function moveFrames(page: Page, x: number, y: number): Promise<void> {
  for (let i = 1; i <= FRAMES; i++) {
    const leg = i <= FRAMES / 2 ? i : FRAMES - i;
    await page.mouse.move(x + 4 + leg * STEP_PX, y + 4 + leg * (STEP_PX / 2));
    await nextFrame(page);
  }
}

async function measure(page: Page, size: number): Promise<Result> {
  const load = (await page.evaluate((n) => window.__twBench?.load(n), size)) as Load | undefined;
  if (!load) throw new Error('the bench page did not expose window.__twBench');
  if (load.errors > 0) throw new Error(`the generated ${size}-node flow has ${load.errors} validation errors`);
  await page.waitForTimeout(500); // fitView and the minimap settle

  // Drag: a node near the middle of the viewport.
  const target = await page.evaluate(() => {
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
    const cx = innerWidth / 2;
    const cy = innerHeight / 2;
    let best: { id: string; x: number; y: number; d: number } | null = null;
    for (const el of nodes) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + Math.min(12, r.height / 2);
      const d = Math.hypot(x - cx, y - cy);
      if (!best || d < best.d) best = { id: el.dataset.id ?? '', x, y, d };
    }
    return best;
  });
  if (!target) throw new Error('no node on the canvas');
  const drag: number[] = [];
  const pan: number[] = [];
  let changes = 0;
  let dragRenders = 0;
  for (let rep = 0; rep < REPEATS; rep++) {
    const node = page.locator(`.react-flow__node[data-id="${target.id}"]`);
    const box = await node.boundingBox();
    if (!box) throw new Error(`node ${target.id} is not visible`);
    const at = { x: box.x + box.width / 2, y: box.y + Math.min(12, box.height / 2) };
    await gesture(page, at.x, at.y);
    await page.evaluate(`(() => {
      window.__twRenderCount = 0;
      window.__twMoves = 0;
      const el = document.querySelector('.react-flow__node[data-id="${target.id}"]');
      window.__twObserver = new MutationObserver(() => window.__twMoves++);
      window.__twObserver.observe(el, { attributes: true, attributeFilter: ['style'] });
    })()`);
    await startFrames(page);
    for (let i = 1; i <= FRAMES; i++) {
      const leg = i <= FRAMES / 2 ? i : FRAMES - i;
      await page.mouse.move(at.x + 4 + leg * STEP_PX, at.y + 4 + leg * (STEP_PX / 2));
      await nextFrame(page);
    }
    changes += (await page.evaluate('window.__twObserver.disconnect(), window.__twMoves')) as number;
    drag.push(...(await stopFrames(page)));
    dragRenders += await page.evaluate(() => window.__twRenderCount ?? 0);
    await page.mouse.up();
    await nextFrame(page);

    // Pan: drag on an empty spot of the pane.
    const spot = await page.evaluate(() => {
      for (let y = 40; y < innerHeight - 120; y += 17) {
        for (let x = 40; x < innerWidth - 200; x += 23) {
          if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
        }
      }
      return null;
    });
    if (!spot) throw new Error('no empty spot on the pane to pan from');
    await gesture(page, spot.x, spot.y);
    await startFrames(page);
    await moveFrames(page, spot.x, spot.y);
    pan.push(...(await stopFrames(page)));
    await page.mouse.up();
    await nextFrame(page);
  }

  return {
    size,
    load,
    drag,
    pan,
    dragRenders,
    dragFramesWithChange: changes,
    rendersPerDragFrame: changes > 0 ? dragRenders / changes : Number.NaN,
  };
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2).padStart(6) : '   n/a');
const ratio = (v: number, base: number) => (Number.isFinite(v) && base > 0 ? `x${(v / base).toFixed(2)}` : 'n/a').padStart(6);

async function main(): Promise<void> {
  const started = performance.now();
  await build({ configFile: viteConfig });
  const server = await preview({
    configFile: viteConfig,
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview printed no URL');
  const use = config.use ?? {};
  const browser = await chromium.launch(use.launchOptions ?? {});
  const results: Result[] = [];
  try {
    const page = await browser.newPage({ viewport: use.viewport ?? { width: 1280, height: 720 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(new URL('bench/index.html', url).href);
    await page.waitForFunction(() => window.__twBench !== undefined);
    for (const size of SIZES) {
      results.push(await measure(page, size));
      if (pageErrors.length > 0) throw new Error(`the bench page failed: ${pageErrors.join('; ')}`);
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }

  const base = results[0] as Result;
  const b = {
    dragP50: quantile(base.drag, 0.5),
    dragP95: quantile(base.drag, 0.95),
    panP50: quantile(base.pan, 0.5),
    panP95: quantile(base.pan, 0.95),
  };
  console.log(
    `\nCanvas bench (Chromium ${browser.version()}, 1280x720, ${REPEATS} gestures x ${FRAMES} pointer moves (one per frame), ratios vs 20 nodes)`,
  );
  console.log(
    'nodes | drag p50 / p95 ms (ratio)            | pan p50 / p95 ms (ratio)             | renders/drag frame | load+validate ms (parse / validate / render)',
  );
  for (const r of results) {
    const d50 = quantile(r.drag, 0.5);
    const d95 = quantile(r.drag, 0.95);
    const p50 = quantile(r.pan, 0.5);
    const p95 = quantile(r.pan, 0.95);
    console.log(
      `${String(r.size).padStart(5)} | ${ms(d50)} ${ratio(d50, b.dragP50)} / ${ms(d95)} ${ratio(d95, b.dragP95)} | ` +
        `${ms(p50)} ${ratio(p50, b.panP50)} / ${ms(p95)} ${ratio(p95, b.panP95)} | ` +
        `${r.rendersPerDragFrame.toFixed(2).padStart(5)} (${r.dragRenders}/${r.dragFramesWithChange}) | ` +
        `${ms(r.load.totalMs)} (${r.load.parseMs.toFixed(1)} / ${r.load.validateMs.toFixed(1)} / ${r.load.renderMs.toFixed(1)})`,
    );
  }
  const at = (size: number) => results.find((r) => r.size === size) as Result;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  // rAF deltas jitter by ~0.1 ms around the 16.67 ms vsync (the 20-node baseline shows it), so the
  // frame targets allow JITTER_MS; the raw p95 is printed as measured.
  const d200 = quantile(at(200).drag, 0.95);
  const d625 = quantile(at(625).drag, 0.95);
  console.log('');
  // rAF timestamps are vsync-aligned (60 Hz in headless Chromium): a frame is ~16.67 ms, a missed vsync ~33.3 ms.
  const late = (r: Result, vsyncs: number) => r.drag.filter((d) => d > (vsyncs + 0.5) * (1000 / 60)).length;
  console.log(
    `${verdict(d200 <= 16.7 + JITTER_MS)} p95 drag frame at 200 nodes: ${d200.toFixed(2)} ms (target <= 16.7 + ${JITTER_MS} ms vsync jitter; ${late(at(200), 1)}/${at(200).drag.length} frames missed a vsync)`,
  );
  console.log(
    `${verdict(d625 <= 33 + JITTER_MS)} p95 drag frame at 625 nodes: ${d625.toFixed(2)} ms (target <= 33 + ${JITTER_MS} ms vsync jitter; ${late(at(625), 2)}/${at(625).drag.length} frames took more than two vsyncs)`,
  );
  for (const r of results) {
    console.log(
      `${verdict(r.rendersPerDragFrame <= 1)} node renders per drag frame at ${r.size} nodes: ${r.rendersPerDragFrame.toFixed(2)} (target 1)`,
    );
  }
  console.log(`\nbench:canvas finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
