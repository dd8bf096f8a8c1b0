/**
 * Checks a saved {@link TunerState} before a tuner is rebuilt from it, so a corrupt or foreign state fails with a
 * clear message instead of a tuner that suggests nonsense.
 */
import { TunekitError } from '../errors.ts';
import type { Trial, TunerState } from './types.ts';

const STATUSES = new Set(['Pending', 'Completed', 'Failed', 'Stopped']);

/**
 * Validates a state and returns its trials in ascending id order.
 *
 * @param state - The state, as `tuner.state()` returned it (possibly through JSON).
 * @param dimension - The search space's dimension: every trial's unit point must have that length.
 * @returns The trials sorted by id.
 * @throws TunekitError('invalidState') naming the first bad field.
 */
export function checkState(state: TunerState, dimension: number): Trial[] {
  if (state === null || typeof state !== 'object') fail('state', 'must be an object from tuner.state()');
  if (state.version !== 1) fail('state.version', `is ${String(state.version)}; this tuner reads version 1`);
  if (!Number.isFinite(state.startedAt)) fail('state.startedAt', 'must be a time in epoch milliseconds');
  if (!Array.isArray(state.trials)) fail('state.trials', 'must be an array of trials');
  const trials = [...state.trials].sort((a, b) => a.id - b.id);
  let previousId = 0;
  for (const trial of trials) {
    const where = `state.trials (id ${String(trial?.id)})`;
    if (!Number.isInteger(trial.id) || trial.id < 1) fail(where, 'id must be a whole number >= 1');
    if (trial.id === previousId) fail(where, 'id appears twice');
    previousId = trial.id;
    if (!Number.isInteger(trial.configIndex) || trial.configIndex < 0) {
      fail(where, 'configIndex must be a whole number >= 0');
    }
    if (!Number.isInteger(trial.attempt) || trial.attempt < 0)
      fail(where, 'attempt must be a whole number >= 0');
    if (!STATUSES.has(trial.status)) fail(where, `status ${String(trial.status)} is not a trial status`);
    if (!Array.isArray(trial.unit) || trial.unit.length !== dimension) {
      fail(
        where,
        `unit must hold ${dimension} coordinates, one per parameter; the spec's parameters changed?`,
      );
    }
    if (trial.status === 'Completed' && !Number.isFinite(trial.objective)) {
      fail(where, 'a Completed trial needs a finite objective');
    }
  }
  return trials;
}

function fail(field: string, message: string): never {
  throw new TunekitError('invalidState', `${field}: ${message}`);
}
