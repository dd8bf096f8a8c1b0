/**
 * tunekit installs where its users work: the tarballs that `pnpm pack` makes of @tunekit/client, @tunekit/core,
 * @tunekit/worker, @tunekit/dashboard and @tunekit/runner install with plain `npm install` into a project outside this workspace
 * (no workspace links, no build step there), and there the `tunekit` command validates and runs a Bayesian job
 * with its worker pool, `tunekit dashboard` serves the API and the built page, a Node ESM script imports the library, a Vite page runs an ask/tell loop in headless Chromium, and
 * `npm install -g` gives a working global `tunekit`.
 *
 * The packages' `dist` comes from their `build` task, which turbo runs before this package's `test` (turbo.json);
 * run alone, build first: `pnpm turbo run test --filter @tunekit/install-test`.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { readdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_LAUNCH } from '../../../tooling/chromium.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const PACKAGES = {
  '@tunekit/client': 'client',
  '@tunekit/core': 'core',
  '@tunekit/worker': 'worker',
  '@tunekit/dashboard': 'dashboard',
  '@tunekit/runner': 'runner',
} as const;
type PackageName = keyof typeof PACKAGES;
const NAMES = Object.keys(PACKAGES) as PackageName[];
const PNPM = ['--yes', 'pnpm@10.34.9'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a user's shell: none of the variables that pnpm, turbo and vitest set for this test (npm
 * would read `npm_config_*`, and the `tunekit` script would read INIT_CWD).
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|INIT_CWD$|TURBO_|VITEST|NODE_OPTIONS$|NODE_ENV$)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    // What npm's cache holds is used without asking the registry again: repeat runs install in seconds.
    npm_config_prefer_offline: 'true',
    ...extra,
  };
}

function run(command: string, args: readonly string[], cwd: string, env = userEnv()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command that must succeed, and says what it printed when it does not. */
async function runOk(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv) {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code} in ${cwd}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Newest modification time of the files under a folder (0 when it is missing). */
async function newest(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Math.max(
    0,
    ...entries.filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
  );
}

/** Oldest modification time of the files under a folder (0 when it is missing or empty). */
async function oldest(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const times = entries.filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).mtimeMs);
  return times.length === 0 ? 0 : Math.min(...times);
}

const scratch = mkdtempSync(join(tmpdir(), 'tunekit-install-'));
const tarballDir = join(scratch, 'tarballs');
const project = join(scratch, 'project');
const tarballs = {} as Record<PackageName, string>;
const manifests = {} as Record<PackageName, Record<string, unknown>>;
const tarballFiles = {} as Record<PackageName, string[]>;

beforeAll(async () => {
  // A stale dist would test old code under a new name: refuse it and say how to build.
  for (const dir of Object.values(PACKAGES)) {
    const root = join(REPO, 'packages', dir);
    const built = await oldest(join(root, 'dist'));
    const sources = Math.max(await newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
    if (built < sources) {
      throw new Error(
        `packages/${dir}/dist is ${built === 0 ? 'missing' : 'older than its sources'}: ` +
          'run `npx --yes pnpm@10.34.9 turbo run test --filter @tunekit/install-test` (it builds first)',
      );
    }
  }
  const filters = NAMES.flatMap((name) => ['--filter', name]);
  const packed = await runOk(
    'npx',
    [...PNPM, ...filters, 'pack', '--pack-destination', tarballDir, '--json'],
    REPO,
    userEnv(),
  );
  const results = [JSON.parse(packed.stdout)].flat() as { name: PackageName; filename: string }[];
  for (const { name, filename } of results) tarballs[name] = filename;
  expect(Object.keys(tarballs).sort()).toEqual([...NAMES].sort());
  for (const name of NAMES) {
    const listing = await runOk('tar', ['-tzf', tarballs[name]], scratch);
    tarballFiles[name] = listing.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replace(/^package\//, ''));
    const manifest = await runOk('tar', ['-xzOf', tarballs[name], 'package/package.json'], scratch);
    manifests[name] = JSON.parse(manifest.stdout) as Record<string, unknown>;
  }

  cpSync(join(import.meta.dirname, 'fixtures', 'consumer'), project, { recursive: true });
  await runOk('npm', ['install', ...NAMES.map((name) => tarballs[name])], project);
}, 300_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the tarballs', () => {
  it.each(NAMES)(
    '%s: no workspace: or catalog: specifier, and the fields a registry and a user need',
    (name) => {
      const manifest = manifests[name];
      const text = JSON.stringify(manifest);
      expect(text).not.toMatch(/"(workspace|catalog):/);
      expect(manifest).toMatchObject({
        name,
        type: 'module',
        license: 'Apache-2.0',
        engines: { node: '>=20.19' },
      });
      expect(typeof manifest.description).toBe('string');
      expect(manifest.publishConfig).toEqual({ access: 'public' });
      // The workspace's dependencies are pinned to the versions packed beside them.
      const dependencies = (manifest.dependencies ?? {}) as Record<string, string>;
      for (const [dependency, range] of Object.entries(dependencies)) {
        if (dependency in manifests) expect(range).toBe(manifests[dependency as PackageName].version);
      }
    },
  );

  it.each(NAMES)(
    '%s: every export and bin points at a file in the tarball, types first, no sources',
    (name) => {
      const files = tarballFiles[name];
      expect(
        files.filter((file) => file.startsWith('src/') || (file.endsWith('.ts') && !file.endsWith('.d.ts'))),
      ).toEqual([]);
      expect(files).toContain('README.md');
      const manifest = manifests[name];
      const exports = manifest.exports as Record<string, Record<string, string>>;
      for (const [subpath, conditions] of Object.entries(exports)) {
        const keys = Object.keys(conditions).filter((key) => key !== '@tunekit/source');
        expect(keys, `exports["${subpath}"]`).toEqual(['types', 'default']);
        for (const key of keys)
          expect(files, `exports["${subpath}"].${key}`).toContain(conditions[key]!.replace(/^\.\//, ''));
        // The development condition points into src/, which is not shipped: only this repository's tools ask for it.
        expect(files).not.toContain(conditions['@tunekit/source']?.replace(/^\.\//, ''));
      }
      for (const bin of Object.values((manifest.bin ?? {}) as Record<string, string>)) {
        expect(files).toContain(bin.replace(/^\.\//, ''));
      }
    },
  );

  it.each(NAMES)('%s: what its dist imports is a Node built-in or one of its dependencies', async (name) => {
    const root = join(project, 'node_modules', name);
    const dependencies = Object.keys((manifests[name].dependencies ?? {}) as Record<string, string>);
    const imported = new Set<string>();
    for (const file of tarballFiles[name].filter((path) => path.endsWith('.js'))) {
      const code = readFileSync(join(root, file), 'utf8');
      for (const match of code.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g,
      )) {
        imported.add(match[1]!);
      }
    }
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    const undeclared = [...imported].filter(
      (specifier) =>
        !specifier.startsWith('node:') &&
        !builtinModules.includes(specifier) &&
        !dependencies.includes(packageOf(specifier)),
    );
    // The client imports nothing at all (it runs in browsers); every other package imports something.
    if (name !== '@tunekit/client') expect(imported.size).toBeGreaterThan(0);
    expect(undeclared).toEqual([]);
  });

  it('installs as real folders of the project, not links into the workspace', () => {
    expect(relative(REPO, project).startsWith('..')).toBe(true);
    for (const name of NAMES) {
      const installed = join(project, 'node_modules', name);
      expect(lstatSync(installed).isSymbolicLink()).toBe(false);
      expect(realpathSync(installed)).toBe(installed);
      expect(existsSync(join(installed, 'src'))).toBe(false);
    }
  });
});

describe('in a project that installed the tarballs', () => {
  // `--no`: the local bin or an error, never a download of some other package named tunekit.
  const tunekit = (...args: string[]) => run('npx', ['--no', '--', 'tunekit', ...args], project);

  it('npx tunekit --version prints the packed version', async () => {
    const result = await tunekit('--version');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(manifests['@tunekit/runner'].version);
  });

  it('npx tunekit validate accepts the tuning file and refuses a broken one with exit 2', async () => {
    const valid = await tunekit('validate', 'tuning.yaml');
    expect(valid.code).toBe(0);
    const broken = join(project, 'broken.yaml');
    cpSync(join(project, 'tuning.yaml'), broken);
    const text = readFileSync(broken, 'utf8').replace('min: 0, max: 1 }\n  y:', 'min: 0, max: -1 }\n  y:');
    await import('node:fs').then((fs) => fs.writeFileSync(broken, text));
    const invalid = await tunekit('validate', 'broken.yaml');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr + invalid.stdout).toMatch(/parameters\.x\.min: min \(0\) must be below max \(-1\)/);
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  });

  it('npx tunekit tune runs a three-trial Bayesian job with its worker pool', async () => {
    const result = await tunekit('tune', 'tuning.yaml', '--json');
    expect(result.stderr).not.toMatch(/worker threads unavailable/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      status: string;
      counts: { total: number; completed: number };
      best: { objective: number; hyperparameters: { x: number; y: number } };
    };
    expect(summary.status).toBe('Completed');
    expect(summary.counts).toMatchObject({ total: 3, completed: 3 });
    const { x, y } = summary.best.hyperparameters;
    expect(summary.best.objective).toBeCloseTo((x - 0.3) ** 2 + (y - 0.6) ** 2, 10);
    expect(existsSync(join(project, '.tunekit', 'jobs', 'install-check', 'journal.jsonl'))).toBe(true);
  });

  it('npx tunekit tune with executor.local.reuse runs a worker written with @tunekit/client', async () => {
    const result = await tunekit('tune', 'tuning-reuse.yaml', '--json');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      counts: { total: number; completed: number };
      best: { objective: number; hyperparameters: { x: number; y: number } };
    };
    expect(summary.counts).toMatchObject({ total: 4, completed: 4 });
    const { x, y } = summary.best.hyperparameters;
    expect(summary.best.objective).toBeCloseTo((x - 0.3) ** 2 + (y - 0.6) ** 2, 10);
    // Two processes ran the four trials: one folder a slot.
    const workers = readdirSync(join(project, '.tunekit', 'jobs', 'install-reuse', 'workers'));
    expect(workers.filter((file) => !file.endsWith('.log')).sort()).toEqual(['slot-1', 'slot-2']);
  });

  it('npx tunekit dashboard --port 0 serves the JSON API and the built page', async () => {
    // In a process group of its own: npx runs the bin in a child process, and the whole group is stopped.
    const child = spawn('npx', ['--no', '--', 'tunekit', 'dashboard', '--port', '0'], {
      cwd: project,
      env: userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const start = Date.now();
      while (!/http:\/\/127\.0\.0\.1:\d+\//.test(stdout)) {
        if (Date.now() - start > 60_000)
          throw new Error(`no URL from tunekit dashboard: ${stdout} ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const url = /tunekit dashboard: (\S+)/.exec(stdout)![1]!;
      const jobs = await fetch(`${url}api/jobs`);
      expect(jobs.status).toBe(200);
      expect(Array.isArray(await jobs.json())).toBe(true);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      const script = /<script type="module"[^>]*src="\.?\/?([^"]+)"/.exec(html);
      expect(script, html).not.toBeNull();
      const code = await fetch(`${url}${script![1]}`);
      expect(code.status).toBe(200);
      expect(code.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await closed;
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a Node ESM script imports @tunekit/core and @tunekit/runner from their dist and runs an ask/tell loop', async () => {
    const result = await runOk('node', ['askTell.mjs'], project);
    const output = JSON.parse(result.stdout) as {
      tuningFile: { name: string; strategy: string };
      resolved: Record<string, string>;
      completion: { done: boolean; reason: string };
      params: { x: number; kind: string }[];
      best: number;
    };
    expect(output.tuningFile).toEqual({ name: 'install-check', strategy: 'Bayesian' });
    expect(output.resolved).toEqual({
      '@tunekit/core': expect.stringMatching(/\/project\/node_modules\/@tunekit\/core\/dist\/index\.js$/),
      '@tunekit/core/acquisition': expect.stringMatching(
        /\/node_modules\/@tunekit\/core\/dist\/acquisition\.js$/,
      ),
      '@tunekit/worker': expect.stringMatching(/\/node_modules\/@tunekit\/worker\/dist\/index\.js$/),
      '@tunekit/runner': expect.stringMatching(/\/node_modules\/@tunekit\/runner\/dist\/index\.js$/),
    });
    expect(output.completion).toEqual({ done: true, reason: 'maxTrials' });
    expect(output.params).toHaveLength(7);
    expect(Number.isFinite(output.best)).toBe(true);
  });

  it("a TypeScript project typechecks @tunekit/core's README examples against the published types", async () => {
    // The examples are the README's code blocks (packages/core/test/readme.test.ts): a typed consumer who copies
    // one must build, with no field the types require left out.
    const examples = join(REPO, 'packages', 'core', 'src', 'examples');
    cpSync(examples, join(project, 'examples'), {
      recursive: true,
      filter: (path) => !path.endsWith('.test.ts'),
    });
    const tsc = join(import.meta.dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(join(project, 'examples')).length).toBeGreaterThanOrEqual(3);
  });

  it('a Vite page bundles @tunekit/core from node_modules and runs the ask/tell loop in headless Chromium', async (context) => {
    if (!existsSync(CHROMIUM)) {
      context.skip(`no Chromium at ${CHROMIUM} (install it with apt-get install chromium to run this check)`);
    }
    const { build, preview } = await import('vite');
    const outDir = join(scratch, 'page');
    await build({
      root: project,
      logLevel: 'silent',
      configFile: false,
      build: { outDir, emptyOutDir: true },
    });
    const server = await preview({
      root: project,
      logLevel: 'silent',
      configFile: false,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.resolvedUrls!.local[0]!);
      await page.waitForSelector('#result[data-state]', { timeout: 60_000 });
      const state = await page.getAttribute('#result', 'data-state');
      const text = (await page.textContent('#result')) ?? '';
      expect(state, text).toBe('done');
      expect(errors).toEqual([]);
      const inBrowser = JSON.parse(text) as { completion: unknown; params: unknown[]; best: number };
      const inNode = JSON.parse((await runOk('node', ['askTell.mjs'], project)).stdout) as typeof inBrowser;
      expect(inBrowser.completion).toEqual({ done: true, reason: 'maxTrials' });
      expect(inBrowser.params).toHaveLength(7);
      // The initial design (5 points for 2 ranges) is integer arithmetic: the same in every engine.
      expect(inBrowser.params.slice(0, 5)).toEqual(inNode.params.slice(0, 5));
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('npm install -g of the tarballs gives a working global tunekit', async () => {
    const prefix = join(scratch, 'global');
    await runOk(
      'npm',
      ['install', '-g', '--prefix', prefix, ...NAMES.map((name) => tarballs[name])],
      scratch,
    );
    const version = await runOk(join(prefix, 'bin', 'tunekit'), ['--version'], scratch);
    expect(version.stdout.trim()).toBe(manifests['@tunekit/runner'].version);
    const validate = await run(join(prefix, 'bin', 'tunekit'), ['validate', 'tuning.yaml'], project);
    expect(validate.code).toBe(0);
  }, 240_000);
});
