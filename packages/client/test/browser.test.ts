/**
 * The client runs in a browser: its entry bundles for `platform: 'browser'` with no Node built-in and no bare
 * Node global (it reads `process` only through `globalThis`, guarded, for the environment and the worker name).
 * A worker loop in headless Chromium against the real `tunekit serve` is in
 * packages/runner/test/tsClientBrowser.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the client in a browser', () => {
  it('bundles for the browser with no Node built-in and no bare Node global', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      metafile: true,
      minify: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.startsWith('node:') || !/\.ts$/.test(input))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    const bare = code.match(/(?<![.\w])(process|Buffer|global|require|__dirname|__filename|setImmediate)\b/g);
    expect(bare).toBeNull();
  });
});
