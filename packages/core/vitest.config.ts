import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@tunekit/source'] },
  test: { include: ['src/**/*.test.ts'] },
});
