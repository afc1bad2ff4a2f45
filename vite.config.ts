import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The renderer is a plain web page. It is built to out/renderer, which the Electron main
// process serves over the app:// protocol and the hub serves over HTTP in browser mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // Two pages: the chat window and the server console.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('renderer/index.html', import.meta.url)),
        console: fileURLToPath(new URL('renderer/console.html', import.meta.url)),
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
