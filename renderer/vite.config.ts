import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // absolute, so nested routes (/residents/…, /print/cards) load the same assets; the host answers
  // index.html for every route, and Electron should serve the renderer from a custom protocol likewise
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5730' } },
});
