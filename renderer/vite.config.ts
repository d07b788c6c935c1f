import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The headless station the dev server forwards /api to (`npm run station`). */
const STATION = 'http://127.0.0.1:5730';

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
  server: {
    proxy: {
      '/api': {
        target: STATION,
        changeOrigin: true,
        // The station accepts a browser's call only from its own page's origin (station/http.ts). The dev
        // page is served from this server's port, so the proxy vouches for it: a call whose Origin is the
        // dev page itself is forwarded as the station's own; any other Origin passes unchanged and is refused.
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq, req) => {
            const origin = req.headers.origin;
            if (origin && origin === `http://${req.headers.host ?? ''}`)
              proxyReq.setHeader('origin', STATION);
          });
        },
      },
    },
  },
});
