/**
 * Runs the benchmarks one after another (never two at once: they measure speed) and passes their JSON lines
 * through. `pnpm bench` runs them all; `pnpm bench sobol quality` runs the named ones; extra arguments after
 * `--` go to every benchmark (for example `-- --quick`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** In order: the fast ones first. */
const BENCHMARKS = [
  'sobol',
  'askLatency',
  'metricParser',
  'validate',
  'executorOverhead',
  'resume',
  'journalGrowth',
  'gpFit',
  'gpSpeed',
  'autoScaling',
  'quality',
  'warmStart',
  'versusOptuna',
  'multiFidelity',
] as const;

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const names = split < 0 ? argv : argv.slice(0, split);
const passThrough = split < 0 ? [] : argv.slice(split + 1);
const unknown = names.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of names.length === 0 ? BENCHMARKS : names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    process.stderr.write(`bench/${name}.ts is missing\n`);
    failed += 1;
    continue;
  }
  process.stderr.write(`# ${name}\n`);
  const result = spawnSync(
    process.execPath,
    ['--conditions=@tunekit/source', '--import', 'tsx', file, ...passThrough],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    process.stderr.write(`bench/${name}.ts exited with ${result.status ?? result.signal}\n`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
