import { defineConfig } from 'tsup';
import { baseConfig } from '../../tooling/tsup.base.ts';

// The node-side entries (the API's types and the assets' location and report renderer). `clean: false`: vite has
// just written the page into dist/app.
export default defineConfig({ ...baseConfig, entry: ['src/api.ts', 'src/assets.ts'], clean: false });
