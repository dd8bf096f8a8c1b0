import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `@tunekit/source` export condition). Tests run in
// Vite's SSR environment, which reads `ssr.resolve.conditions`, not `resolve.conditions`.
const conditions = ['@tunekit/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
