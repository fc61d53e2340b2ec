// The staff console (/), the resident H5 (/m/), the grid worker H5 (/g/) and the wall screen
// (/screen) are built into web/dist, which the server serves.
// `npm run dev:web` serves them with hot reload and proxies /api to a running `npm start`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        console: path.join(root, 'index.html'),
        resident: path.join(root, 'm', 'index.html'),
        grid: path.join(root, 'g', 'index.html'),
        screen: path.join(root, 'screen', 'index.html'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/open311': 'http://localhost:3000' },
  },
});
