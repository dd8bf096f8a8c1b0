import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `@tunekit/source` export condition). Tests run in
// Vite's SSR environment, which reads `ssr.resolve.conditions`, not `resolve.conditions`. No `module` condition:
// it picks the AWS SDK's bundler-only dist-es builds (extensionless imports), which Node cannot load.
const conditions = ['@tunekit/source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
