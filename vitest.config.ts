import { defineConfig } from 'vitest/config';

/**
 * One vitest run for the whole repo: unit tests sit beside the code, cross-app tests in tests/.
 * Integration suites start real Temporal servers, so they run one file at a time on 2 cores.
 * The builder's tests run in jsdom; its browser journey is Playwright's (tests/e2e, *.spec.ts).
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['apps/builder/**', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'builder',
          include: ['apps/builder/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          // Node packages' tests run their node on Temporal's time-skipping server, like the cross-app tests.
          include: ['tests/**/*.test.ts', 'nodes/*/src/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
