/** A trial's objective from its metric observations, by SageMaker's rule. */
import type { MetricObservation } from '../tuner/types.ts';

/**
 * The objective of a trial: the last valid value of the objective metric (SageMaker's rule). Invalid values
 * (`nan`, `inf`, text) are skipped, so a `nan` at the end leaves the last number before it.
 *
 * @param observations - The trial's observations, in the order they were seen.
 * @param metric - The objective metric's name.
 * @returns The value, or undefined when the metric never had a valid value.
 */
export function objectiveOf(observations: readonly MetricObservation[], metric: string): number | undefined {
  for (let index = observations.length - 1; index >= 0; index -= 1) {
    const observation = observations[index]!;
    if (
      observation.metric === metric &&
      observation.invalid === undefined &&
      Number.isFinite(observation.value)
    ) {
      return observation.value;
    }
  }
  return undefined;
}
