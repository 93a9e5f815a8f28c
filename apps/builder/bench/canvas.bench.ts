/**
 * `npm run bench:canvas`: the designer canvas under load, in Debian's Chromium.
 *
 * Builds the dev-only bench page (bench/index.html + src/bench: the real <Canvas> with a generated grid
 * flow, production React, step-node render counter compiled in), serves it with `vite preview`,
 * and for 20, 200 and 625 nodes (as opened, zoomed to fit) and 625 nodes at 100% zoom measures:
 * load+validate time, rAF frame times while dragging a node and while panning, and step-node
 * renders per drag frame. Prints each row's zoom (and `far` when nodes draw as label-less boxes),
 * figures next to the 20-node baseline and PASS/MISS lines for the targets of issue 3 item 9.
 * Exit 0 on misses, non-zero on errors.
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

/**
 * Each flow is measured as it opens (zoomed to fit; 200 and 625 nodes then fit below FAR_ZOOM and
 * draw as label-less boxes), and 625 nodes once more at 100% zoom, where every node is drawn in
 * full detail and most of the flow lies outside the viewport.
 */
const CASES: readonly { size: number; zoom?: number }[] = [{ size: 20 }, { size: 200 }, { size: 625 }, { size: 625, zoom: 1 }];
/** Gestures per size; their frames are pooled, so one hiccup of a shared 2-core machine weighs less. */
const REPEATS = 3;
const JITTER_MS = 0.5;

interface Result {
  size: number;
  load: BenchLoad;
  view: BenchView;
  drag: number[];
  pan: number[];
  rendersPerDragFrame: number;
  dragRenders: number;
  dragFramesWithChange: number;
}

async function measure(page: Page, size: number, zoom?: number): Promise<Result> {
  const { load, view } = await showFlow(page, size, zoom);
  const target = await nodeNearCentre(page);
  const drag: number[] = [];
  const pan: number[] = [];
  let changes = 0;
  let dragRenders = 0;
  for (let rep = 0; rep < REPEATS; rep++) {
    // Drag: the node near the middle of the viewport; a frame "changed" when its style moved.
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
    changes += (await page.evaluate('window.__twObserver.disconnect(), window.__twMoves')) as number;
    drag.push(...(await stopFrames(page)));
    dragRenders += await page.evaluate(() => window.__twRenderCount ?? 0);
    await release(page);

    // Pan: drag on an empty spot of the pane.
    const spot = await emptyPaneSpot(page);
    await pressAndStart(page, spot);
    await startFrames(page);
    await moveFrames(page, spot);
    pan.push(...(await stopFrames(page)));
    await release(page);
  }

  return {
    size,
    load,
    view,
    drag,
    pan,
    dragRenders,
    dragFramesWithChange: changes,
    rendersPerDragFrame: changes > 0 ? dragRenders / changes : Number.NaN,
  };
}

const label = (r: Result) => `${r.size} @ ${r.view.zoom.toFixed(2)}${r.view.far ? ' far' : ''}`;
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2).padStart(6) : '   n/a');
const ratio = (v: number, base: number) => (Number.isFinite(v) && base > 0 ? `x${(v / base).toFixed(2)}` : 'n/a').padStart(6);

async function main(): Promise<void> {
  const started = performance.now();
  const session = await openBenchPage();
  const results: Result[] = [];
  try {
    for (const { size, zoom } of CASES) {
      results.push(await measure(session.page, size, zoom));
      if (session.pageErrors.length > 0) throw new Error(`the bench page failed: ${session.pageErrors.join('; ')}`);
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
    'nodes @ zoom      | drag p50 / p95 ms (ratio)            | pan p50 / p95 ms (ratio)             | renders/drag frame | load+validate ms (parse / validate / render)',
  );
  for (const r of results) {
    const d50 = quantile(r.drag, 0.5);
    const d95 = quantile(r.drag, 0.95);
    const p50 = quantile(r.pan, 0.5);
    const p95 = quantile(r.pan, 0.95);
    console.log(
      `${label(r).padEnd(17)} | ${ms(d50)} ${ratio(d50, b.dragP50)} / ${ms(d95)} ${ratio(d95, b.dragP95)} | ` +
        `${ms(p50)} ${ratio(p50, b.panP50)} / ${ms(p95)} ${ratio(p95, b.panP95)} | ` +
        `${r.rendersPerDragFrame.toFixed(2).padStart(5)} (${r.dragRenders}/${r.dragFramesWithChange}) | ` +
        `${ms(r.load.totalMs)} (${r.load.parseMs.toFixed(1)} / ${r.load.validateMs.toFixed(1)} / ${r.load.renderMs.toFixed(1)})`,
    );
  }
  const at = (size: number) => results.find((r) => r.size === size) as Result; // as opened (zoomed to fit)
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
  const full = results.find((r) => r.size === 625 && !r.view.far);
  if (full) {
    const d = quantile(full.drag, 0.95);
    console.log(
      `${verdict(d <= 33 + JITTER_MS)} p95 drag frame at 625 nodes in full detail (${label(full)}): ${d.toFixed(2)} ms (target <= 33 + ${JITTER_MS} ms; ${late(full, 2)}/${full.drag.length} frames took more than two vsyncs)`,
    );
  }
  for (const r of results) {
    console.log(
      `${verdict(r.rendersPerDragFrame <= 1)} node renders per drag frame at ${label(r)}: ${r.rendersPerDragFrame.toFixed(2)} (target 1)`,
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
