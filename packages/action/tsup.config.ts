import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

// The Action runs `dist/index.js` with no `npm install`, so everything is bundled into it, except piscina: it
// loads its own worker script by path and cannot be bundled into one file. Its runtime files are copied to
// `dist/node_modules/piscina`, where Node's resolution finds them from `dist/index.js`. The worker package's
// task file is its own entry, `dist/acquisitionTask.js`, found by the pool next to the bundle.
const outDir = process.env.TUNEKIT_ACTION_OUT_DIR ?? 'dist';
const require = createRequire(import.meta.url);

export default defineConfig({
  entry: { index: 'src/main.ts', acquisitionTask: '../worker/src/acquisitionTask.ts' },
  outDir,
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  dts: false,
  sourcemap: false,
  splitting: false,
  noExternal: [/^(?!piscina$).*/],
  external: ['piscina'],
  esbuildOptions(options) {
    options.conditions = ['@tunekit/source', ...(options.conditions ?? [])];
    options.legalComments = 'none';
    // Bundled CommonJS dependencies call require(): give the ESM bundle one.
    options.banner = {
      js: "import { createRequire as __tunekitCreateRequire } from 'node:module'; const require = __tunekitCreateRequire(import.meta.url);",
    };
  },
  onSuccess: async () => {
    // piscina's exports map hides package.json: find the root from its CommonJS entry (dist/main.js).
    const piscinaRoot = dirname(dirname(require.resolve('piscina', { paths: [workerDir()] })));
    const target = join(outDir, 'node_modules', 'piscina');
    mkdirSync(target, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(piscinaRoot, 'package.json'), 'utf8'));
    const { name, version, license, main, exports, type } = manifest;
    writeFileSync(
      join(target, 'package.json'),
      `${JSON.stringify({ name, version, license, main, exports, type }, null, 2)}\n`,
    );
    cpSync(join(piscinaRoot, 'LICENSE'), join(target, 'LICENSE'));
    cpSync(join(piscinaRoot, 'dist'), join(target, 'dist'), {
      recursive: true,
      filter: (source) => !/\.(d\.ts|map)$/.test(source),
    });
  },
});

function workerDir(): string {
  return join(import.meta.dirname, '..', 'worker');
}
