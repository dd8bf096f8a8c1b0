import type { Options } from 'tsup';

/** The one shared build config: ESM, declarations, sourcemaps. Each package extends it in one line. */
export const baseConfig: Options = {
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
};
