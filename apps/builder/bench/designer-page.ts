/**
 * The real designer page for `npm run bench:canvas`: the e2e platform (Postgres, Temporal dev
 * server, worker, API serving the production builder build; tests/e2e/platform.ts) with a
 * generated flow saved as a draft and opened at /flows/:id, so a drag there pays for everything
 * the designer renders around the canvas (toolbar, palette, problems panel, inspector, autosave).
 */
import type { Browser, Page } from '@playwright/test';
import { provision } from '../../../scripts/provision.ts';
import startPlatform from '../../../tests/e2e/global-setup.ts';
import type { BenchView } from '../src/bench/globals.d.ts';
import { gridFlow } from '../src/bench/grid-flow.ts';

export interface DesignerPlatform {
  /** Saves a generated flow of `size` nodes and opens it in the designer; `openMs` is navigation to every node drawn. */
  open(browser: Browser, size: number): Promise<{ page: Page; openMs: number; close(): Promise<void> }>;
  stop(): Promise<void>;
}

export async function startDesignerPlatform(): Promise<DesignerPlatform> {
  const provisioned = await provision({ quiet: true });
  process.env.TRACKWAY_TEST_PG_URL = provisioned.serverUrl;
  process.env.TEMPORAL_CLI_PATH = provisioned.temporal.cli;
  process.env.TEMPORAL_TEST_SERVER_PATH = provisioned.temporal.testServer;
  let stopPlatform: () => Promise<void>;
  try {
    stopPlatform = await startPlatform();
  } catch (error) {
    await provisioned.stopPostgres();
    throw error;
  }
  const url = process.env.TRACKWAY_E2E_URL as string;
  const token = process.env.TRACKWAY_E2E_TOKEN as string;

  const call = async <T>(procedure: string, input: unknown): Promise<T> => {
    const response = await fetch(`${url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${procedure} failed (${response.status}): ${text}`);
    return (JSON.parse(text) as { result: { data: T } }).result.data;
  };

  return {
    async open(browser, size) {
      const key = `bench-${size}-${Date.now().toString(36)}`;
      const flow = await call<{ id: string; draftRevision: number }>('flows.create', { key, name: `Bench ${size}` });
      await call('flows.saveDraft', { id: flow.id, revision: flow.draftRevision, definition: gridFlow(size) });
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      // Signed in as the platform's process owner: the token the app keeps in sessionStorage.
      await context.addInitScript((t) => sessionStorage.setItem('trackway.token', t), token);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${url}/flows/${flow.id}`);
      await page.waitForFunction(
        (n) => document.querySelectorAll('.react-flow__node:not([style*="visibility: hidden"])').length >= n,
        size,
        { timeout: 120_000 },
      );
      const openMs = performance.now() - started;
      return { page, openMs, close: () => context.close() };
    },
    async stop() {
      await stopPlatform();
      await provisioned.stopPostgres();
    },
  };
}

/** The designer's zoom (from React Flow's viewport transform) and level of detail. */
export function designerView(page: Page): Promise<BenchView> {
  return page.evaluate(() => {
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
    const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? Number.NaN);
    return { zoom, far: document.querySelector('.canvas.is-far') !== null };
  });
}
