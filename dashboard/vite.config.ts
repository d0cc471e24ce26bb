import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Resolved from this file, not the cwd, so `vite build --config dashboard/vite.config.ts` works from anywhere.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  // No svelte.config.js: runes everywhere, and Svelte 5 reads TypeScript in <script lang="ts"> without a preprocessor.
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  build: {
    // Relative to root: <repo>/dist/public, which the worker serves as static assets.
    outDir: '../dist/public',
    emptyOutDir: true,
  },
});
