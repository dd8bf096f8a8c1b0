/**
 * Gaussian-process fit time in 6 dimensions for n = 25, 50, 100, 200 observations: a cold fit (default start
 * plus 2 random starts, the default) and a warm refit (previous hyperparameters, no random start), the way a
 * Bayesian strategy refits after each new observation. Also the time of one posterior sweep over 2048
 * candidates with the fitted model. For n = 1000 only the warm refit with `maxFitObservations: 200` (search
 * on a subset, then conditioning on all 1000) is timed: a full-data step there costs about 0.6 s.
 *
 * Run from the repository root: node --conditions=@tunekit/source --import tsx bench/gpFit.ts [--repeats 5]
 * Prints one JSON line per n (times in milliseconds, medians over the repeats).
 */
import { parseArgs } from 'node:util';
import { fitGaussianProcess, posterior } from '@tunekit/core/unstable';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const repeats = Number(values.repeats);
const dimension = 6;

// Hartmann-6 (the benchmark function of ../shared/reference/benchmark-functions.md) with a deterministic
// quasi-random design, so every run fits the same data.
const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const ALPHA = [1, 1.2, 3, 3.2];
function hartmann6(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += A[i]![j]! * (x[j]! - P[i]![j]!) ** 2;
    sum += ALPHA[i]! * Math.exp(-inner);
  }
  return -sum;
}

/** Additive recurrence with the generalised golden ratio (Roberts' R_d sequence): low discrepancy, no seed. */
function design(n: number, d: number): Float64Array {
  let phi = 2;
  for (let k = 0; k < 30; k++) phi = (1 + phi) ** (1 / (d + 1));
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) out[i * d + j] = (0.5 + (i + 1) / phi ** (j + 1)) % 1;
  return out;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (const n of [25, 50, 100, 200, 1000]) {
  const large = n > 200;
  const maxFitObservations = large ? 200 : undefined;
  const inputs = design(n + 1, dimension);
  const targets = Array.from({ length: n + 1 }, (_, i) =>
    hartmann6(inputs.subarray(i * dimension, (i + 1) * dimension)),
  );
  const trainInputs = inputs.subarray(0, n * dimension);
  const trainTargets = targets.slice(0, n);
  const cold: number[] = [];
  const warm: number[] = [];
  const sweep: number[] = [];
  let model = fitGaussianProcess(trainInputs, trainTargets, { dimension, seed: 0, maxFitObservations });
  for (let r = 0; r < repeats; r++) {
    let start = performance.now();
    if (!large) {
      model = fitGaussianProcess(trainInputs, trainTargets, { dimension, seed: r });
      cold.push(performance.now() - start);
    }
    // Warm refit after one more observation, from the previous hyperparameters.
    start = performance.now();
    fitGaussianProcess(inputs, targets, {
      dimension,
      seed: r,
      previous: model.hyperparameters,
      restarts: 0,
      maxFitObservations,
    });
    warm.push(performance.now() - start);
    const candidates = design(2048 + r, dimension).subarray(r * dimension);
    const mean = new Float64Array(2048);
    const variance = new Float64Array(2048);
    start = performance.now();
    posterior(model, candidates, mean, variance);
    sweep.push(performance.now() - start);
  }
  console.log(
    JSON.stringify({
      benchmark: 'gpFit',
      dimension,
      observations: n,
      repeats,
      coldFitMs: large ? null : Number(median(cold).toFixed(2)),
      maxFitObservations: maxFitObservations ?? n,
      warmRefitMs: Number(median(warm).toFixed(2)),
      posterior2048Ms: Number(median(sweep).toFixed(2)),
      lengthScales: Array.from(model.hyperparameters.lengthScales, (l) => Number(l.toPrecision(3))),
      noiseVariance: Number(model.hyperparameters.noiseVariance.toPrecision(3)),
    }),
  );
}
