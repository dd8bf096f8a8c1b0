import { defineConfig } from 'tsup';
import { baseConfig } from '../../tooling/tsup.base.ts';

// One entry a subpath of package.json's exports. Splitting puts the code they share in chunks, so an app that
// imports two entries loads (and instantiates) each module once: one TunekitError class, not one an entry.
export default defineConfig({
  ...baseConfig,
  entry: { index: 'src/index.ts', acquisition: 'src/acquisition/index.ts', unstable: 'src/unstable.ts' },
  splitting: true,
});
