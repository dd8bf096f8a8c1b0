import { defineConfig } from 'tsup';
import { baseConfig } from '../../tooling/tsup.base.ts';

// The thread script is its own entry (the pool finds it beside index.js); piscina stays external because it
// loads its own worker script by path.
export default defineConfig({
  ...baseConfig,
  entry: ['src/index.ts', 'src/acquisitionTask.ts'],
  external: ['piscina', '@tunekit/core'],
});
