/**
 * The renderer build (React). electron-vite reuses it for the Electron bundle; browser mode
 * serves the same output from out/renderer. `base: './'` keeps asset URLs relative so the
 * build loads both from file:// in Electron and from the loopback server.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    sourcemap: true,
  },
});
