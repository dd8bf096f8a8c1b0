/**
 * The worker side of the acquisition pool: a thin adapter that runs core's pure acquisition functions on the
 * job a thread receives and moves the result buffer back (no copy).
 * @internal
 */
import { refineCandidates, scoreCandidates } from '@tunekit/core';
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
