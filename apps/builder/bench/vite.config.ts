import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Production build of the bench page (bench/index.html) with the node render counter compiled in. */
export default defineConfig({
  root,
  plugins: [react()],
  define: { 'import.meta.env.VITE_TW_RENDER_COUNT': JSON.stringify('1') },
  build: {
    outDir: path.join(root, '..', '..', 'test-results', 'bench-canvas-dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: path.join(root, 'bench', 'index.html') },
  },
  logLevel: 'warn',
});
