export {};

/** What the bench page (src/bench/main.tsx) measures when it loads a generated flow. */
export interface BenchLoad {
  readonly parseMs: number;
  readonly validateMs: number;
  readonly renderMs: number;
  readonly totalMs: number;
  readonly errors: number;
}

declare global {
  interface Window {
    /** Step node renders, counted only in the bench build (VITE_TW_RENDER_COUNT=1). */
    __twRenderCount?: number;
    /** Hooks of the bench page for `npm run bench:canvas`. */
    __twBench?: { load(size: number): Promise<BenchLoad> };
  }
}
