/**
 * Warm start (issue 14): what a 30-trial parent job is worth to a Bayesian child, through the tuner's own
 * `warmStart` path (the one the runner feeds from the parents' journals).
 *
 * - Same function (Branin, Hartmann6), IdenticalDataAndAlgorithm: trials the child needs to reach the parent's
 *   best value, against a cold start with another seed (target: at most a third of the cold start's median).
 *   A run that never reaches it within its budget counts as budget + 1 (a lower bound, so the cold start's count
 *   is understated, never overstated), and `reached` says how many did.
 * - Shifted function (Branin moved by +0.5 in x1 and -0.3 in x2, plus 10): TransferLearning from the parent on
 *   the original Branin against a cold start on the shifted one, median and mean regret at 10, 25 and 50 trials
 *   (target: no worse than cold). IdenticalDataAndAlgorithm on the shifted function is printed for contrast:
 *   it takes the parent's values at face value.
 *
 * Run from the repository root (alone: it is CPU-bound):
 *   node --conditions=@tunekit/source --import tsx bench/warmStart.ts [--seeds 10] [--functions branin,hartmann6]
 * Prints one JSON line per scenario.
 */
import { parseArgs } from 'node:util';
import { createTuner, type TunerOptions, type TuningJobSpec } from '@tunekit/core';
import { type BenchmarkFunction, branin, hartmann6 } from './functions.ts';
import { benchSpec, mean, median, round } from './runLoop.ts';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    functions: { type: 'string', default: 'branin,hartmann6' },
  },
});
const seedCount = Number(args.seeds);
const PARENT_TRIALS = 30;
const COLD_BUDGET = 60;
const WARM_BUDGET = 30;
const SHIFT_BUDGET = 50;
const CHECKPOINTS = [10, 25, 50];

const shiftedBranin: BenchmarkFunction = {
  name: 'branin-shifted',
  parameters: branin.parameters,
  optimum: branin.optimum + 10,
  evaluate: (values) => branin.evaluate({ x1: Number(values.x1) - 0.5, x2: Number(values.x2) + 0.3 }) + 10,
};

type Prior = NonNullable<TunerOptions['warmStart']>;

function specFor(fn: BenchmarkFunction, seed: number, maxTrials: number): TuningJobSpec {
  return benchSpec({
    name: `warm-${fn.name}`,
    strategy: 'Bayesian',
    parameters: fn.parameters,
    seed,
    maxTrials,
  });
}

/** Runs a job one trial at a time; returns its trials' params and values in order. */
async function runJob(fn: BenchmarkFunction, seed: number, budget: number, warmStart?: Prior) {
  const tuner = createTuner(specFor(fn, seed, budget), warmStart === undefined ? {} : { warmStart });
  const trials: { params: Prior['trials'][number]['params']; objective: number }[] = [];
  for (;;) {
    const [trial] = await tuner.ask(1);
    if (trial === undefined) break;
    const objective = fn.evaluate(trial.params);
    tuner.tell(trial.id, { status: 'Completed', objective });
    trials.push({ params: trial.params, objective });
  }
  await tuner.close();
  return trials;
}

/** 1-based index of the first trial at or below target, or budget + 1. */
function trialsToReach(values: readonly number[], target: number, budget: number): number {
  const index = values.findIndex((value) => value <= target);
  return index < 0 ? budget + 1 : index + 1;
}

function regretAt(values: readonly number[], optimum: number): Record<string, number> {
  const out: Record<string, number> = {};
  let best = Number.POSITIVE_INFINITY;
  values.forEach((value, i) => {
    best = Math.min(best, value);
    if (CHECKPOINTS.includes(i + 1)) out[`@${i + 1}`] = Math.max(0, best - optimum);
  });
  return out;
}

function summarise(runs: Record<string, number>[]) {
  const out: Record<string, { median: number; mean: number }> = {};
  for (const key of Object.keys(runs[0] ?? {})) {
    const values = runs.map((r) => r[key]!);
    out[key] = { median: round(median(values)), mean: round(mean(values)) };
  }
  return out;
}

const emit = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);
const functions = args.functions.split(',');

for (const name of functions) {
  const fn = [branin, hartmann6].find((f) => f.name === name);
  if (fn === undefined) throw new Error(`unknown function ${name}: choose branin or hartmann6`);
  const started = performance.now();
  const cold: number[] = [];
  const warm: number[] = [];
  for (let seed = 1; seed <= seedCount; seed++) {
    const parent = await runJob(fn, seed, PARENT_TRIALS);
    const target = Math.min(...parent.map((t) => t.objective));
    const prior: Prior = { type: 'IdenticalDataAndAlgorithm', trials: parent };
    const coldRun = await runJob(fn, seed + 1000, COLD_BUDGET);
    const warmRun = await runJob(fn, seed + 1000, WARM_BUDGET, prior);
    cold.push(
      trialsToReach(
        coldRun.map((t) => t.objective),
        target,
        COLD_BUDGET,
      ),
    );
    warm.push(
      trialsToReach(
        warmRun.map((t) => t.objective),
        target,
        WARM_BUDGET,
      ),
    );
  }
  emit({
    benchmark: 'warmStart',
    scenario: 'same function, IdenticalDataAndAlgorithm',
    function: fn.name,
    seeds: seedCount,
    parentTrials: PARENT_TRIALS,
    trialsToReachParentBest: {
      cold: {
        median: median(cold),
        mean: round(mean(cold)),
        reached: cold.filter((n) => n <= COLD_BUDGET).length,
        budget: COLD_BUDGET,
        runs: cold,
      },
      warm: {
        median: median(warm),
        mean: round(mean(warm)),
        reached: warm.filter((n) => n <= WARM_BUDGET).length,
        budget: WARM_BUDGET,
        runs: warm,
      },
    },
    target: 'warm median <= cold median / 3',
    met: median(warm) <= median(cold) / 3,
    secondsPerSeed: round((performance.now() - started) / 1000 / seedCount),
  });
}

if (functions.includes('branin')) {
  const started = performance.now();
  const byKind: Record<'cold' | 'transfer' | 'identical', Record<string, number>[]> = {
    cold: [],
    transfer: [],
    identical: [],
  };
  for (let seed = 1; seed <= seedCount; seed++) {
    const parent = await runJob(branin, seed, PARENT_TRIALS);
    const optimum = shiftedBranin.optimum;
    const values = (trials: { objective: number }[]) => trials.map((t) => t.objective);
    byKind.cold.push(regretAt(values(await runJob(shiftedBranin, seed + 1000, SHIFT_BUDGET)), optimum));
    byKind.transfer.push(
      regretAt(
        values(
          await runJob(shiftedBranin, seed + 1000, SHIFT_BUDGET, {
            type: 'TransferLearning',
            trials: parent,
          }),
        ),
        optimum,
      ),
    );
    byKind.identical.push(
      regretAt(
        values(
          await runJob(shiftedBranin, seed + 1000, SHIFT_BUDGET, {
            type: 'IdenticalDataAndAlgorithm',
            trials: parent,
          }),
        ),
        optimum,
      ),
    );
  }
  const cold = summarise(byKind.cold);
  const transfer = summarise(byKind.transfer);
  emit({
    benchmark: 'warmStart',
    scenario: 'shifted function, TransferLearning',
    function: shiftedBranin.name,
    seeds: seedCount,
    parentTrials: PARENT_TRIALS,
    regret: { cold, transfer, identicalForContrast: summarise(byKind.identical) },
    target: 'transfer median regret <= cold at @25 and @50',
    met: ['@25', '@50'].every((at) => transfer[at]!.median <= cold[at]!.median),
    secondsPerSeed: round((performance.now() - started) / 1000 / seedCount),
  });
}
