/**
 * The committed bundle is what GitHub runs: it must be exactly what a fresh build of the sources gives.
 * Rebuild with `pnpm --filter @tunekit/action build` and commit `packages/action/dist` when this fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

test('dist/ equals a fresh build of the sources', () => {
  const out = mkdtempSync(join(tmpdir(), 'tunekit-action-build-'));
  try {
    const build = spawnSync(join(PACKAGE, 'node_modules', '.bin', 'tsup'), [], {
      cwd: PACKAGE,
      env: { ...process.env, TUNEKIT_ACTION_OUT_DIR: out },
      encoding: 'utf8',
    });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
    const committed = join(PACKAGE, 'dist');
    expect(files(committed)).toEqual(files(out));
    for (const file of files(out)) {
      const fresh = readFileSync(join(out, file));
      const stale = readFileSync(join(committed, file));
      expect(
        stale.equals(fresh),
        `dist/${file} differs from a fresh build: run pnpm --filter @tunekit/action build`,
      ).toBe(true);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
