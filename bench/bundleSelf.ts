/**
 * Bundles a benchmark script with esbuild into one plain-Node ES module, so that its `--measure` half runs as the
 * built `tunekit` does (no tsx loader in the process whose memory and time are measured).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the script at `scriptUrl` (the caller's `import.meta.url`) from source into `outfile`.
 *
 * @param scriptUrl - The benchmark's own module URL.
 * @param outfile - Where the bundle goes.
 */
export async function bundleSelf(scriptUrl: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(scriptUrl)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@tunekit/source'],
    outfile,
    logLevel: 'warning',
    // CommonJS dependencies in an ES module bundle call require.
    banner: {
      js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
    },
  });
}
