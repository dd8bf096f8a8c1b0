/**
 * ask() latency by strategy and history size: a tuner holding `history` finished trials, then `samples` cycles
 * of ask(1) + tell, each ask timed alone (the history grows by one a cycle). Random, Grid and Sobol are measured
 * at 10, 50, 200 and 1000 trials (issue 2's target: median under 0.1 ms after 1000 trials); Bayesian at 10, 50
 * and 200, fewer samples, since each of its asks fits a Gaussian process. Its history is made by a Sobol tuner
 * with the same seed (the same points as Bayesian's initial design) and handed over through the tuner's state,
 * as a resumed job would be, so every sample includes the model fit of a real ask: a warm refit, or a cold fit
 * at every 8th observation.
 *
 * Run from the repository root:
 *   node --conditions=@tunekit/source --import tsx bench/askLatency.ts [--samples 400] [--bayesian-samples 16]
 * Prints one JSON line per strategy and history size (times in milliseconds).
 */
import { parseArgs } from 'node:util';
import {
  createTuner,
  type Parameter,
  type StrategyName,
  type Tuner,
  type TuningJobSpec,
} from '@tunekit/core';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '400' },
    'bayesian-samples': { type: 'string', default: '16' },
  },
});
const samples = Number(values.samples);
const bayesianSamples = Number(values['bayesian-samples']);

const HISTORIES = [10, 50, 200, 1000];
const BAYESIAN_HISTORIES = [10, 50, 200];
/** Issue 2's target for Random, Grid and Sobol after 1000 trials. */
const TARGET_MEDIAN_MS = 0.1;

const mixedSpace: Parameter[] = [
  { type: 'continuous', name: 'learning_rate', min: 1e-5, max: 1, scaling: 'Logarithmic' },
  { type: 'continuous', name: 'momentum', min: 0, max: 0.99, scaling: 'ReverseLogarithmic' },
  { type: 'continuous', name: 'dropout', min: 0, max: 0.5, scaling: 'Linear' },
  { type: 'integer', name: 'layers', min: 1, max: 12, scaling: 'Linear' },
  { type: 'integer', name: 'units', min: 8, max: 1024, scaling: 'Logarithmic' },
  { type: 'categorical', name: 'optimizer', values: ['adam', 'sgd', 'rmsprop', 'adagrad'] },
];
// Grid takes integer and categorical ranges only: 20 x 20 x 10 = 4000 combinations.
const gridSpace: Parameter[] = [
  { type: 'integer', name: 'depth', min: 1, max: 20, scaling: 'Linear' },
  { type: 'integer', name: 'leaves', min: 1, max: 20, scaling: 'Linear' },
  { type: 'categorical', name: 'booster', values: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] },
];

function specFor(strategy: StrategyName, maxTrials: number): TuningJobSpec {
  const grid = strategy === 'Grid';
  return {
    name: `ask-latency-${strategy.toLowerCase()}`,
    objective: { metric: 'loss', type: 'Minimize' },
    metrics: [{ name: 'loss', regex: 'loss=(\\S+)' }],
    strategy,
    parameters: grid ? gridSpace : mixedSpace,
    static: {},
    limits: { maxTrials: grid ? 4000 : maxTrials, maxParallel: 1, maxRetries: 0 },
    completion: { convergence: false },
    earlyStopping: 'Off',
    seed: 42,
    executor: { kind: 'local', command: ['true'], env: {}, killGraceSeconds: 1, channels: {} },
  };
}

/** A cheap smooth objective of the trial's unit point, so the tell side costs nothing to compute. */
function objectiveOf(unit: readonly number[]): number {
  let sum = 0;
  for (const [j, x] of unit.entries()) sum += (j + 1) * (x - 0.3) ** 2;
  return sum;
}

async function askAndTell(tuner: Tuner): Promise<number> {
  const started = performance.now();
  const [trial] = await tuner.ask(1);
  const elapsed = performance.now() - started;
  if (trial === undefined) throw new Error(`${tuner.spec.strategy}: no trial (${tuner.completion().reason})`);
  tuner.tell(trial.id, { status: 'Completed', objective: objectiveOf(trial.unit) });
  return elapsed;
}

/** A tuner of `strategy` that holds `history` completed trials. */
async function tunerWithHistory(strategy: StrategyName, history: number, maxTrials: number): Promise<Tuner> {
  const builder = strategy === 'Bayesian' ? 'Sobol' : strategy;
  const warm = createTuner(specFor(builder, maxTrials));
  for (let i = 0; i < history; i++) await askAndTell(warm);
  if (builder === strategy) return warm;
  return createTuner(specFor(strategy, maxTrials), { state: JSON.parse(JSON.stringify(warm.state())) });
}

function quantile(sorted: Float64Array, q: number): number {
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}

async function measure(
  strategy: StrategyName,
  history: number,
  count: number,
): Promise<Record<string, unknown>> {
  const tuner = await tunerWithHistory(strategy, history, history + count + 10);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = await askAndTell(tuner);
  await tuner.close();
  times.sort();
  const p50Ms = quantile(times, 0.5);
  return {
    benchmark: 'askLatency',
    strategy,
    dimension: tuner.space.dimension,
    history,
    samples: count,
    p50Ms,
    p95Ms: quantile(times, 0.95),
    maxMs: round(times[count - 1]!),
    ...(strategy !== 'Bayesian' && history === 1000
      ? { targetMedianMs: TARGET_MEDIAN_MS, met: p50Ms < TARGET_MEDIAN_MS }
      : {}),
  };
}

for (const strategy of ['Random', 'Grid', 'Sobol'] as const) {
  for (const history of HISTORIES) console.log(JSON.stringify(await measure(strategy, history, samples)));
}
for (const history of BAYESIAN_HISTORIES) {
  console.log(JSON.stringify(await measure('Bayesian', history, bayesianSamples)));
}
