/**
 * Builds the three Electron bundles: main (the Electron glue plus the core), the sandboxed
 * preload (CommonJS, self-contained: a sandboxed preload cannot require local files) and the
 * renderer. Browser mode serves the same renderer build from out/renderer.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import rendererConfig from './vite.config.js';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: { input: { app: resolve(import.meta.dirname, 'main/electron/app.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') } },
  },
});
