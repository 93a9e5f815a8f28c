/**
 * `npm run bench:canvas:profile -- [--size 625] [--zoom 1] [--pan] [--designer]`: where a canvas
 * frame's time goes, for when `bench:canvas` reports a regression. Drags a node (or pans) on the
 * bench page (or, with --designer, in the real designer page on the e2e platform, whose production
 * build has minified function names) twice: once under a Chrome trace, summarised as main-thread time per rendering phase, and once
 * under the V8 sampling profiler (unminified build), summarised as the heaviest functions. Both
 * raw files land in test-results/bench-canvas-profile/ (open trace.json in the DevTools
 * Performance panel, cpu.cpuprofile in its JavaScript profiler). Figures include the profilers'
 * own overhead: compare runs with each other, not with bench:canvas.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
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
  root,
  showFlow,
  startFrames,
  stopFrames,
} from './bench-page.ts';
import { designerView, startDesignerPlatform, type DesignerPlatform } from './designer-page.ts';

const outDir = path.join(root, 'test-results', 'bench-canvas-profile');

/** Renderer main-thread phases worth reading, in pipeline order (trace event names). */
const PHASES: readonly [string, string][] = [
  ['EventDispatch', 'input handlers (React, React Flow)'],
  ['RunMicrotasks', 'microtasks (React commits)'],
  ['UpdateLayoutTree', 'style'],
  ['Layout', 'layout'],
  ['PrePaint', 'pre-paint'],
  ['Paint', 'paint'],
  ['Layerize', 'layerize (paint artifact -> layers)'],
  ['HitTest', 'hit testing'],
  ['MinorGC', 'minor GC'],
  ['MajorGC', 'major GC'],
];

interface TraceEvent {
  readonly ph: string;
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

async function gesture(page: Page, pan: boolean): Promise<number[]> {
  const at = pan ? await emptyPaneSpot(page) : await grabPoint(page, await nodeNearCentre(page));
  await pressAndStart(page, at);
  await startFrames(page);
  await moveFrames(page, at);
  const frames = await stopFrames(page);
  await release(page);
  return frames;
}

/** Main-thread milliseconds per pointer move, by phase. Nested events of one name are counted once. */
function summariseTrace(events: readonly TraceEvent[]): string[] {
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const totals = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !mainThreads.has(`${e.pid}:${e.tid}`)) continue;
    totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
  }
  return PHASES.map(([name, label]) => `  ${((totals.get(name) ?? 0) / FRAMES).toFixed(2).padStart(7)} ms  ${label}`);
}

/** The heaviest functions by self and by inclusive time (ms per pointer move). */
function summariseCpu(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map<number, number>();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const name = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return url ? `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}` : functionName || '(native)';
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, micros] of sampled) {
    const node = byId.get(id);
    if (!node) continue;
    self.set(name(node), (self.get(name(node)) ?? 0) + micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(byId.get(at) as ProfileNode);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  }
  const skip = new Set(['(root)', '(program)', '(idle)']);
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .filter(([k]) => !skip.has(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${(v / 1000 / FRAMES).toFixed(2).padStart(7)} ms  ${k}`);
  return [
    'JavaScript, self time per pointer move:',
    ...top(self, 12),
    'JavaScript, inclusive time per pointer move:',
    ...top(inclusive, 20),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '625' },
      zoom: { type: 'string' },
      pan: { type: 'boolean', default: false },
      designer: { type: 'boolean', default: false },
    },
  });
  const size = Number(values.size);
  const zoom = values.zoom === undefined ? undefined : Number(values.zoom);
  if (!Number.isInteger(size) || size < 2) throw new Error(`--size must be a whole number of nodes (at least 2), not ${values.size}`);
  if (zoom !== undefined && !(zoom > 0)) throw new Error(`--zoom must be a positive number, not ${values.zoom}`);
  if (zoom !== undefined && values.designer) throw new Error('--zoom applies to the bench page only (the designer opens zoomed to fit)');
  mkdirSync(outDir, { recursive: true });

  const session = await openBenchPage({ minify: false });
  let platform: DesignerPlatform | undefined;
  try {
    const { browser } = session;
    let page = session.page;
    let view;
    if (values.designer) {
      platform = await startDesignerPlatform();
      page = (await platform.open(browser, size)).page;
      await page.waitForTimeout(500);
      view = await designerView(page);
    } else {
      view = (await showFlow(page, size, zoom)).view;
    }
    const what = `${values.pan ? 'pan' : 'drag'} at ${size} nodes${values.designer ? ' in the designer' : ''}, zoom ${view.zoom.toFixed(2)}${view.far ? ' (far-out boxes)' : ''}`;

    const tracePath = path.join(outDir, 'trace.json');
    await browser.startTracing(page, {
      path: tracePath,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8.execute', 'toplevel'],
    });
    const traced = await gesture(page, values.pan);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await gesture(page, values.pan);
    const { profile } = await cdp.send('Profiler.stop');
    const cpuPath = path.join(outDir, 'cpu.cpuprofile');
    writeFileSync(cpuPath, JSON.stringify(profile));
    if (session.pageErrors.length > 0) throw new Error(`the bench page failed: ${session.pageErrors.join('; ')}`);

    console.log(`\nCanvas profile: ${what}, ${FRAMES} pointer moves`);
    console.log(`frames under tracing: p50 ${quantile(traced, 0.5).toFixed(1)} ms, p95 ${quantile(traced, 0.95).toFixed(1)} ms`);
    console.log('Renderer main thread per pointer move:');
    for (const line of summariseTrace(trace.traceEvents)) console.log(line);
    for (const line of summariseCpu(profile as CpuProfile)) console.log(line);
    console.log(`\nraw: ${path.relative(root, tracePath)}, ${path.relative(root, cpuPath)}`);
  } finally {
    await session.close();
    await platform?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
