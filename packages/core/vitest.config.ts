import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    conditions: ['@tunekit/source'],
    // The examples import the package by its name, as users do; Node and tsc resolve that self-reference, Vite not.
    alias: { '@tunekit/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  // src/ holds the isomorphic code and its tests; test/ holds tests that need Node (bundling, a browser).
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
