import { defineConfig } from 'tsup';
import { baseConfig } from '../../tooling/tsup.base.ts';

// Two entries: the library (index) and the `tunekit` executable (cli), which bin/tunekit.js loads.
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/cli.ts'] });
