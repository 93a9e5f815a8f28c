/**
 * `npm run bench:canvas`: the designer canvas under load, in Debian's Chromium.
 *
 * Builds the dev-only bench page (bench/index.html + src/bench: the real <Canvas> with a generated grid
 * flow, production React, step-node render counter compiled in), serves it with `vite preview`,
 * and for 20, 200 and 625 nodes (as opened, zoomed to fit) and 625 nodes at 100% zoom measures:
 * load+validate time, rAF frame times while dragging a node and while panning, and step-node
 * renders per drag frame. Then the same gestures at 625 nodes in the real designer page (the e2e
 * platform; designer-page.ts), where everything around the canvas renders too. Prints each row's
 * zoom (and `far` when nodes draw as label-less boxes), figures next to the 20-node baseline and
 * PASS/MISS lines for the targets of issue 3 item 9. Exit 0 on misses, non-zero on errors.
 */
import type { Page } from '@playwright/test';
import type { BenchLoad, BenchView } from '../src/bench/globals.d.ts';
import {
  emptyPaneSpot,
  FRAMES,
  grabPoint,
  moveFrames,
  nodeNearCentre,
  openBenchPage,
  pressAndStart,
  quantile,
  release,
  showFlow,
  startFrames,
  stopFrames,
} from './bench-page.ts';
import { designerView, startDesignerPlatform } from './designer-page.ts';

/**
 * Each flow is measured as it opens (zoomed to fit; 200 and 625 nodes then fit below FAR_ZOOM and
 * draw as label-less boxes), and 625 nodes once more at 100% zoom, where every node is drawn in
 * full detail and most of the flow lies outside the viewport.
 */
const CASES: readonly { size: number; zoom?: number }[] = [{ size: 20 }, { size: 200 }, { size: 625 }, { size: 625, zoom: 1 }];
/** The flow opened in the real designer page. */
const DESIGNER_SIZE = 625;
/** Gestures per size; their frames are pooled, so one hiccup of a shared 2-core machine weighs less. */
const REPEATS = 3;
const JITTER_MS = 0.5;

interface Gestures {
  drag: number[];
  pan: number[];
  /** Step-node renders during the drags (NaN where the counter is not compiled in: the designer's production build). */
  dragRenders: number;
  /** Drag frames in which the dragged node actually moved. */
  dragFramesWithChange: number;
}

interface Result extends Gestures {
  size: number;
  /** Where it was measured: the bench page (the canvas alone) or the designer page. */
  where: 'canvas' | 'designer';
  view: BenchView;
  /** Bench page: parse / validate / render. */
  load?: BenchLoad;
  /** Designer page: navigation until every node is drawn (API, parse, validate, render). */
  openMs?: number;
}

/** REPEATS times: drag the node nearest the middle out and back, then pan from an empty spot. */
async function gestures(page: Page, countRenders: boolean): Promise<Gestures> {
  const target = await nodeNearCentre(page);
  const result: Gestures = { drag: [], pan: [], dragRenders: 0, dragFramesWithChange: 0 };
  for (let rep = 0; rep < REPEATS; rep++) {
    const at = await grabPoint(page, target);
    await pressAndStart(page, at);
    await page.evaluate(`(() => {
      window.__twRenderCount = 0;
      window.__twMoves = 0;
      const el = document.querySelector('.react-flow__node[data-id="${target}"]');
      window.__twObserver = new MutationObserver(() => window.__twMoves++);
      window.__twObserver.observe(el, { attributes: true, attributeFilter: ['style'] });
    })()`);
    await startFrames(page);
    await moveFrames(page, at);
    result.dragFramesWithChange += (await page.evaluate('window.__twObserver.disconnect(), window.__twMoves')) as number;
    result.drag.push(...(await stopFrames(page)));
    result.dragRenders += countRenders ? await page.evaluate(() => window.__twRenderCount ?? 0) : Number.NaN;
    await release(page);

    const spot = await emptyPaneSpot(page);
    await pressAndStart(page, spot);
    await startFrames(page);
    await moveFrames(page, spot);
    result.pan.push(...(await stopFrames(page)));
    await release(page);
  }
  return result;
}

const rendersPerDragFrame = (r: Gestures) => (r.dragFramesWithChange > 0 ? r.dragRenders / r.dragFramesWithChange : Number.NaN);
const label = (r: Result) =>
  `${r.size} @ ${r.view.zoom.toFixed(2)}${r.view.far ? ' far' : ''}${r.where === 'designer' ? ', designer' : ''}`;
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2).padStart(6) : '   n/a');
const ratio = (v: number, base: number) => (Number.isFinite(v) && base > 0 ? `x${(v / base).toFixed(2)}` : 'n/a').padStart(6);
const loadText = (r: Result) =>
  r.load
    ? `${ms(r.load.totalMs)} (${r.load.parseMs.toFixed(1)} / ${r.load.validateMs.toFixed(1)} / ${r.load.renderMs.toFixed(1)})`
    : `${ms(r.openMs ?? Number.NaN)} (open in the designer)`;

async function main(): Promise<void> {
  const started = performance.now();
  const session = await openBenchPage();
  const results: Result[] = [];
  try {
    for (const { size, zoom } of CASES) {
      const { load, view } = await showFlow(session.page, size, zoom);
      results.push({ size, where: 'canvas', view, load, ...(await gestures(session.page, true)) });
      if (session.pageErrors.length > 0) throw new Error(`the bench page failed: ${session.pageErrors.join('; ')}`);
    }
    console.log('▸ Starting the platform for the designer page (Postgres, Temporal, worker, API)');
    const platform = await startDesignerPlatform();
    try {
      const designer = await platform.open(session.browser, DESIGNER_SIZE);
      await designer.page.waitForTimeout(500);
      const view = await designerView(designer.page);
      results.push({ size: DESIGNER_SIZE, where: 'designer', view, openMs: designer.openMs, ...(await gestures(designer.page, false)) });
      await designer.close();
    } finally {
      await platform.stop();
    }
  } finally {
    await session.close();
  }

  const base = results[0] as Result;
  const b = {
    dragP50: quantile(base.drag, 0.5),
    dragP95: quantile(base.drag, 0.95),
    panP50: quantile(base.pan, 0.5),
    panP95: quantile(base.pan, 0.95),
  };
  console.log(
    `\nCanvas bench (Chromium ${session.browser.version()}, 1280x720, ${REPEATS} gestures x ${FRAMES} pointer moves (one per frame), ratios vs 20 nodes)`,
  );
  console.log(
    'nodes @ zoom             | drag p50 / p95 ms (ratio)            | pan p50 / p95 ms (ratio)             | renders/drag frame | load+validate ms (parse / validate / render)',
  );
  for (const r of results) {
    const d50 = quantile(r.drag, 0.5);
    const d95 = quantile(r.drag, 0.95);
    const p50 = quantile(r.pan, 0.5);
    const p95 = quantile(r.pan, 0.95);
    const renders = Number.isFinite(r.dragRenders)
      ? `${rendersPerDragFrame(r).toFixed(2).padStart(5)} (${r.dragRenders}/${r.dragFramesWithChange})`
      : '  n/a (not counted)';
    console.log(
      `${label(r).padEnd(24)} | ${ms(d50)} ${ratio(d50, b.dragP50)} / ${ms(d95)} ${ratio(d95, b.dragP95)} | ` +
        `${ms(p50)} ${ratio(p50, b.panP50)} / ${ms(p95)} ${ratio(p95, b.panP95)} | ${renders} | ${loadText(r)}`,
    );
  }
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  // rAF timestamps are vsync-aligned (60 Hz in headless Chromium): a frame is ~16.67 ms, a missed
  // vsync ~33.3 ms. They jitter by ~0.1 ms (the 20-node baseline shows it), so the frame targets
  // allow JITTER_MS; the raw p95 is printed as measured.
  const late = (r: Result, vsyncs: number) => r.drag.filter((d) => d > (vsyncs + 0.5) * (1000 / 60)).length;
  const target = (r: Result, vsyncs: 1 | 2) => {
    const limit = vsyncs === 1 ? 16.7 : 33;
    const d = quantile(r.drag, 0.95);
    const missed = vsyncs === 1 ? 'missed a vsync' : 'took more than two vsyncs';
    console.log(
      `${verdict(d <= limit + JITTER_MS)} p95 drag frame at ${label(r)}: ${d.toFixed(2)} ms (target <= ${limit} + ${JITTER_MS} ms vsync jitter; ${late(r, vsyncs)}/${r.drag.length} frames ${missed})`,
    );
  };
  console.log('');
  for (const r of results) {
    if (r.size === 200) target(r, 1);
    if (r.size === 625) target(r, 2);
  }
  for (const r of results) {
    if (!Number.isFinite(r.dragRenders)) continue;
    const per = rendersPerDragFrame(r);
    console.log(`${verdict(per <= 1)} node renders per drag frame at ${label(r)}: ${per.toFixed(2)} (target 1)`);
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
