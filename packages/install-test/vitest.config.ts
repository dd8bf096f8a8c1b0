import { defineConfig } from 'vitest/config';

// One file, run once: packing, `npm install` and a Vite build take tens of seconds, not the default 5.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
});
