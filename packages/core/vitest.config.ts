import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@tunekit/source'] },
  // src/ holds the isomorphic code and its tests; test/ holds tests that need Node (bundling, a browser).
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
