// The district console (issue 11): a second React app beside the desk, served by the district server at
// /console/ (server/console/pages.ts) from dist/console. `npm run build:console` builds it; the dev server
// forwards /console/api to a district server on 5800 (`npm run server -- serve`).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
  },
  server: { proxy: { '/console/api': { target: 'http://127.0.0.1:5800', changeOrigin: true } } },
});
