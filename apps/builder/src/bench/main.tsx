/**
 * Dev-only page for `npm run bench:canvas` (apps/builder/bench/index.html, never part of the
 * app's build): renders the real designer canvas for a generated flow and exposes hooks the
 * Playwright runner (tests/bench/canvas) drives. Built with VITE_TW_RENDER_COUNT=1 so the step
 * node counts its renders in window.__twRenderCount.
 */
import { FlowDefinitionSchema } from '@trackway/schema';
import { ReactFlowProvider, useReactFlow, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createRoot, type Root } from 'react-dom/client';
import { Canvas } from '../canvas/Canvas.tsx';
import { DesignerStoreProvider } from '../store/context.tsx';
import { createDesignerStore } from '../store/store.ts';
import '../styles.css';
import { gridFlow } from './grid-flow.ts';

const container = document.getElementById('root');
if (!container) throw new Error('bench page has no #root');
let root: Root | null = null;
let flow: ReactFlowInstance | null = null;

/** Hands the bench the canvas's React Flow instance (for zooming), as a designer toolbar would use it. */
function CaptureFlow() {
  flow = useReactFlow();
  return null;
}

const view = () => ({
  zoom: flow?.getZoom() ?? Number.NaN,
  far: container.querySelector('.canvas.is-far') !== null,
});

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

window.__twBench = {
  async load(size) {
    root?.unmount();
    await nextFrame();
    const input = gridFlow(size);
    const t0 = performance.now();
    const definition = FlowDefinitionSchema.parse(input);
    const t1 = performance.now();
    const store = createDesignerStore({ definition }); // runs validateFlow, as the designer does on open
    const t2 = performance.now();
    root = createRoot(container);
    root.render(
      <div style={{ width: '100vw', height: '100vh' }}>
        <DesignerStoreProvider store={store}>
          <ReactFlowProvider>
            <Canvas readOnly={false} />
            <CaptureFlow />
          </ReactFlowProvider>
        </DesignerStoreProvider>
      </div>,
    );
    // Loaded = every node drawn and measured (React Flow shows a node once it knows its size).
    for (;;) {
      await nextFrame();
      const shown = container.querySelectorAll('.react-flow__node:not([style*="visibility: hidden"])').length;
      if (shown >= size) break;
      if (performance.now() - t2 > 60_000) throw new Error(`only ${shown} of ${size} nodes appeared`);
    }
    const t3 = performance.now();
    const errors = store.getState().diagnostics.filter((d) => d.severity === 'error').length;
    return { parseMs: t1 - t0, validateMs: t2 - t1, renderMs: t3 - t2, totalMs: t3 - t0, errors };
  },
  async zoomTo(zoom) {
    if (!flow) throw new Error('no canvas loaded');
    const { nodes } = flow.toObject();
    const xs = nodes.map((n) => n.position.x);
    const ys = nodes.map((n) => n.position.y);
    await flow.setCenter((Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2, { zoom });
    await nextFrame();
    await nextFrame();
    return view();
  },
  view,
};
