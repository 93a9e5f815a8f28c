import { defineConfig } from 'vitest/config';

// Node tests start Temporal's time-skipping server and bundle workflow code: give them time.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } });
