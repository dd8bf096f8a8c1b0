/**
 * The worker side of the acquisition pool: a thin adapter that runs core's pure acquisition functions on the
 * job a thread receives and moves the result buffer back (no copy).
 * @internal
 */
import { buildGaussianProcessModel, refineCandidates, scoreCandidates } from '@tunekit/core/acquisition';
import Piscina from 'piscina';
import type { AcquisitionTask } from './taskTypes.ts';

/**
 * Runs one task.
 *
 * @param task - a score or refine job with its model rebuilt from transferred buffers.
 * @returns the scores, or the refined points followed by their scores, moved to the caller.
 */
export default function runAcquisitionTask(task: AcquisitionTask): unknown {
  if (task.kind === 'ping') return 'pong';
  if (task.kind === 'score') return Piscina.move(scoreCandidates(task.job));
  // One buffer (points, then values) so that a single move transfers the whole result.
  const result = refineCandidates(task.job);
  const packed = new Float64Array(result.points.length + result.values.length);
  packed.set(result.points);
  packed.set(result.values, result.points.length);
  return Piscina.move(packed);
}

/**
 * Runs the acquisition functions a few times on a small synthetic model when the thread starts, so that V8 has
 * compiled them before the first real job: without it, the first three or four suggestions of a job scored
 * at interpreter/baseline speed in every thread (about 2x slower at 50 observations). In a job the threads
 * start with the tuner and warm up while the initial design's trials run. The results are discarded, and
 * nothing about later jobs depends on them.
 */
function warmUp(): void {
  const dimension = 4;
  const count = 32;
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const inputs = Float64Array.from({ length: count * dimension }, next);
  const targets = Array.from({ length: count }, next);
  const model = buildGaussianProcessModel(
    inputs,
    targets,
    { lengthScales: new Float64Array(dimension).fill(0.3), signalVariance: 1, noiseVariance: 1e-4 },
    { dimension },
  );
  const candidates = Float64Array.from({ length: 1024 * dimension }, next);
  for (let round = 0; round < 4; round++) scoreCandidates({ model, incumbent: -1, candidates });
  refineCandidates({
    model,
    incumbent: -1,
    starts: candidates.subarray(0, 8 * dimension),
    lower: new Float64Array(dimension),
    upper: new Float64Array(dimension).fill(1),
    maxIterations: 50,
  });
}

warmUp();
