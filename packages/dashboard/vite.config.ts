import { defineConfig } from 'vite';

// The page: one HTML file, one script and one stylesheet with relative URLs, so that `tunekit dashboard` can serve
// dist/app from any path and renderReportHtml can inline them into one file. No module preload polyfill, and no
// dynamic import (so one chunk): the report inlines exactly one script.
export default defineConfig({
  root: 'src/app',
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../../dist/app',
    emptyOutDir: true,
    modulePreload: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
});
