import { defineConfig } from 'tsup';
import { baseConfig } from '../../tooling/tsup.base.ts';

export default defineConfig({
  ...baseConfig,
  entry: ['src/index.ts', 'src/protocol.ts'],
});
