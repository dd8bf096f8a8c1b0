import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@tunekit/source'] },
  ssr: { resolve: { conditions: ['@tunekit/source', 'node', 'development|production'] } },
  // src/ holds the page's code and the unit tests of its chart data (no DOM); test/ drives the built page in Chromium.
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
