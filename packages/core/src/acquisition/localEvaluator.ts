/**
 * The single-thread acquisition evaluator: the pure functions of acquisitionFunction.ts behind the
 * {@link AcquisitionEvaluator} seam, in the calling thread. The Bayesian strategy uses it when no pool is given.
 */
import { refineCandidates, scoreCandidates } from './acquisitionFunction.ts';
import type { AcquisitionEvaluator } from './evaluator.ts';

/**
 * The single-thread evaluator: runs the pure functions in the calling thread.
 *
 * @returns an evaluator whose `close` does nothing.
 */
export function createLocalEvaluator(): AcquisitionEvaluator {
  return {
    score: async (job) => scoreCandidates(job),
    refine: async (job) => refineCandidates(job),
    close: async () => {},
  };
}
