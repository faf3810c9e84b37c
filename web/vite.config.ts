import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build` runs `vite build web`, so the root is this folder and the app lands in web/dist,
// which the server serves at `/`. In development, `npx vite web` proxies the API to a local server.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: process.env['SMART_JKN_API'] ?? 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
