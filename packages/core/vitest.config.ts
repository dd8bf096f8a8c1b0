import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    conditions: ['@tunekit/source'],
    // The examples import the package by its name, as users do; Node and tsc resolve that self-reference, Vite not.
    // An exact match, so that a subpath (`@tunekit/core/acquisition`) is not read as a path inside src/index.ts.
    alias: [
      { find: /^@tunekit\/core$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  // src/ holds the isomorphic code and its tests; test/ holds tests that need Node (bundling, a browser).
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
