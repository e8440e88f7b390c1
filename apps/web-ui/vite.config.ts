import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The hub serves dist/ in production; in development Vite serves the UI with hot reload and forwards the
// hub's surfaces to it, so cookies stay first-party and no CORS is needed.
const hub = process.env.FLOTILLA_HUB_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: Number(process.env.FLOTILLA_UI_PORT ?? 5173),
    proxy: {
      '/graphql': { target: hub, changeOrigin: false },
      '/api': { target: hub, changeOrigin: false },
      '/healthz': { target: hub, changeOrigin: false },
      '/socket.io': { target: hub, changeOrigin: false, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
