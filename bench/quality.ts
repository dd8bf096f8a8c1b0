/**
 * Quality of the strategies (issue 4): median regret (best value found minus the optimum) after 10, 25 and
 * 50 evaluations over several seeds, for Random, Sobol and Bayesian on the five reference functions, and for
 * Bayesian with the learning rate of the mixed objective scaled Auto, Logarithmic and Linear (input warping).
 *
 * Run from the repository root:
 *   node --conditions=@tunekit/source --import tsx bench/quality.ts [--seeds 10] [--budget 50]
 *     [--functions branin,hartmann6,rosenbrock4,ackley5,mixed,warping] [--strategies Random,Sobol,Bayesian]
 *     [--out bench/results/quality.json] [--quick] [--batch 1]
 * Prints one JSON line per (function, strategy); with --out also writes them all as a JSON array.
 * --quick: 3 seeds, Branin and mixed only.
 * --batch q: ask for q suggestions at once and evaluate them together (parallel trials: the strategy must spread
 * them), so each checkpoint counts evaluations, not rounds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createSearchSpace, createStrategy, type StrategyName, type TuningJobSpec } from '@tunekit/core';
import { BENCHMARK_FUNCTIONS, type BenchmarkFunction, mixed } from './functions.ts';
import { benchSpec, bestSoFar, mean, median, round } from './runLoop.ts';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string' },
    budget: { type: 'string', default: '50' },
    functions: { type: 'string' },
    strategies: { type: 'string', default: 'Random,Sobol,Bayesian' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
    batch: { type: 'string', default: '1' },
  },
});
const seedCount = Number(args.seeds ?? (args.quick ? 3 : 10));
const budget = Number(args.budget);
const functionNames = (
  args.functions ?? (args.quick ? 'branin,mixed' : 'branin,hartmann6,rosenbrock4,ackley5,mixed,warping')
).split(',');
const strategies = args.strategies.split(',') as StrategyName[];
const batch = Number(args.batch);
if (!Number.isInteger(batch) || batch < 1)
  throw new Error(`--batch must be a positive integer, got ${args.batch}`);
const CHECKPOINTS = [10, 25, 50].filter((n) => n <= budget);

/** The targets: median regret at a budget (and a mean where the issue gives one). */
const TARGETS: Readonly<Record<string, { at: number; median: number; mean?: number }>> = {
  branin: { at: 25, median: 0.002 },
  hartmann6: { at: 50, median: 0.005, mean: 0.05 },
  rosenbrock4: { at: 50, median: 2 },
  ackley5: { at: 50, median: 5 },
  mixed: { at: 25, median: 0.001 },
};

function specFor(fn: BenchmarkFunction, strategy: StrategyName, seed: number): TuningJobSpec {
  return benchSpec({
    name: `quality-${fn.name}`,
    strategy,
    parameters: fn.parameters,
    seed,
    maxTrials: budget,
    maxParallel: batch,
  });
}

/** Best-so-far regret after each evaluation of one run. */
async function run(fn: BenchmarkFunction, strategyName: StrategyName, seed: number): Promise<number[]> {
  const spec = specFor(fn, strategyName, seed);
  const space = createSearchSpace(spec.parameters);
  const bests = await bestSoFar(
    createStrategy(spec, { space }),
    (unit) => fn.evaluate(space.fromUnit(unit)),
    budget,
    batch,
  );
  return bests.map((best) => Math.max(0, best - fn.optimum));
}

async function measure(fn: BenchmarkFunction, strategy: StrategyName, targetKey?: string) {
  const started = performance.now();
  const runs: number[][] = [];
  for (let seed = 1; seed <= seedCount; seed++) runs.push(await run(fn, strategy, seed));
  const regret: Record<string, { median: number; mean: number }> = {};
  for (const at of CHECKPOINTS) {
    const values = runs.map((regrets) => regrets[Math.min(at, regrets.length) - 1] ?? Number.NaN);
    regret[`@${at}`] = { median: round(median(values)), mean: round(mean(values)) };
  }
  const target = targetKey === undefined ? undefined : TARGETS[targetKey];
  const reached = target === undefined ? undefined : regret[`@${target.at}`];
  return {
    benchmark: 'quality',
    function: fn.name,
    strategy,
    seeds: seedCount,
    ...(batch > 1 ? { batch } : {}),
    regret,
    ...(target === undefined ? {} : { target }),
    ...(reached === undefined || target === undefined || strategy !== 'Bayesian' || batch > 1
      ? {}
      : {
          met: reached.median <= target.median && (target.mean === undefined || reached.mean <= target.mean),
        }),
    secondsPerRun: round((performance.now() - started) / 1000 / seedCount),
  };
}

const results: unknown[] = [];
const emit = (line: unknown) => {
  results.push(line);
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
for (const name of functionNames) {
  if (name === 'warping') {
    for (const scaling of ['Auto', 'Logarithmic', 'Linear'] as const) {
      emit({ ...(await measure(mixed(scaling), 'Bayesian')), comparison: 'warping', scaling });
    }
    continue;
  }
  const fn = BENCHMARK_FUNCTIONS.find((candidate) => candidate.name === name);
  if (fn === undefined) throw new Error(`unknown function ${name}`);
  for (const strategy of strategies) emit(await measure(fn, strategy, name));
}
if (args.out !== undefined) {
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
}
