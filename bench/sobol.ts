/**
 * Sobol sequence speed: points (and coordinates) per second through `fill` (consecutive points, one XOR a
 * coordinate each) and through `point` (each point computed from its index, as the Sobol strategy does), for
 * d = 2, 10, 100 and 1111, scrambled; and the setup time of a scrambled 1111-dimensional sequence (direction
 * numbers plus 1111 random 32 x 32 scramble matrices); and the median time of the Sobol strategy's suggest()
 * for one point in a discrete space (30 000 configurations) over trials 900..999 of a 1000-trial history, where
 * each suggestion scans the sequence from index 0 past the used configurations.
 *
 * Run from the repository root: node --conditions=@tunekit/source --import tsx bench/sobol.ts [--seconds 0.5]
 * Prints one JSON line per dimension and one for the setup (rates are the median of 5 timed rounds).
 */
import { parseArgs } from 'node:util';
import { createSearchSpace, createSobolStrategy } from '@tunekit/core';
import { createSobolSequence } from '@tunekit/core/unstable';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '0.5' } } });
const secondsPerMeasure = Number(values.seconds);
const ROUNDS = 5;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `work` (which handles `batch` points) until a round's share of the time is spent; returns points/s. */
function rate(batch: number, work: (round: number) => void): number {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let points = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      work(points / batch);
      points += batch;
      elapsed = performance.now() - start;
    } while (elapsed < (secondsPerMeasure * 1000) / ROUNDS);
    rounds.push(points / (elapsed / 1000));
  }
  return median(rounds);
}

let checksum = 0;
for (const dimension of [2, 10, 100, 1111]) {
  const sobol = createSobolSequence({ dimension, seed: 42 });
  const batch = Math.max(1, Math.floor(2 ** 20 / dimension));
  const out = new Float64Array(batch * dimension);
  const fillRate = rate(batch, (round) => {
    sobol.fill((round * batch) % (2 ** 30 - batch), batch, out);
    checksum += out[out.length - 1]!;
  });
  const single = new Float64Array(dimension);
  const pointBatch = Math.max(1, Math.floor(2 ** 16 / dimension));
  const pointRate = rate(pointBatch, (round) => {
    const first = 123_456_789 + round * pointBatch;
    for (let i = 0; i < pointBatch; i++) sobol.point(first + i, single);
    checksum += single[0]!;
  });
  console.log(
    JSON.stringify({
      benchmark: 'sobol',
      dimension,
      scrambled: true,
      fillPointsPerSecond: Math.round(fillRate),
      fillCoordinatesPerSecond: Math.round(fillRate * dimension),
      pointPointsPerSecond: Math.round(pointRate),
      pointCoordinatesPerSecond: Math.round(pointRate * dimension),
    }),
  );
}

const setups: number[] = [];
const plainSetups: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  let start = performance.now();
  checksum += createSobolSequence({ dimension: 1111, seed: r }).point(1)[0]!;
  setups.push(performance.now() - start);
  start = performance.now();
  checksum += createSobolSequence({ dimension: 1111, scramble: false }).point(1)[0]!;
  plainSetups.push(performance.now() - start);
}
console.log(
  JSON.stringify({
    benchmark: 'sobol',
    dimension: 1111,
    scrambledSetupMs: Number(median(setups).toFixed(2)),
    unscrambledSetupMs: Number(median(plainSetups).toFixed(2)),
    checksum: Number(checksum.toFixed(3)),
  }),
);

const space = createSearchSpace([
  { type: 'integer', name: 'a', min: 1, max: 100, scaling: 'Linear' },
  { type: 'integer', name: 'b', min: 1, max: 100, scaling: 'Linear' },
  { type: 'categorical', name: 'c', values: ['x', 'y', 'z'] },
]);
const strategy = createSobolStrategy({ space, seed: 1 });
const observations: { unit: Float64Array; value: number }[] = [];
const suggestTimes: number[] = [];
for (let k = 0; k < 1000; k++) {
  const start = performance.now();
  const [suggestion] = await strategy.suggest({
    count: 1,
    startIndex: k,
    observations,
    pending: [],
    failed: [],
  });
  if (k >= 900) suggestTimes.push(performance.now() - start);
  observations.push({ unit: suggestion!.unit, value: k });
}
console.log(
  JSON.stringify({
    benchmark: 'sobol',
    strategy: 'Sobol',
    space: 'discrete, 30000 configurations',
    historyTrials: '900..999',
    medianSuggestMs: Number(median(suggestTimes).toFixed(4)),
  }),
);
