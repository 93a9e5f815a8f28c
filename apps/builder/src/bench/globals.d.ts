export {};

/** What the bench page (src/bench/main.tsx) measures when it loads a generated flow. */
export interface BenchLoad {
  readonly parseMs: number;
  readonly validateMs: number;
  readonly renderMs: number;
  readonly totalMs: number;
  readonly errors: number;
}

/** The zoom a measurement ran at, and whether nodes were drawn as far-out boxes (no labels). */
export interface BenchView {
  readonly zoom: number;
  readonly far: boolean;
}

declare global {
  interface Window {
    /** Step node renders, counted only in the bench build (VITE_TW_RENDER_COUNT=1). */
    __twRenderCount?: number;
    /** Hooks of the bench page for `npm run bench:canvas`. */
    __twBench?: {
      load(size: number): Promise<BenchLoad>;
      /** Zooms to `zoom` centred on the flow; resolves with the zoom and whether the canvas draws far-out boxes. */
      zoomTo(zoom: number): Promise<BenchView>;
      /** The current zoom and level of detail. */
      view(): BenchView;
    };
  }
}
