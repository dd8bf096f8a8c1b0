/**
 * Jobs for the tests: an ApiJobDetail as the server answers it, built from a list of trials.
 */
import type { ApiJobDetail, ApiParameter, ApiRecommendation, ApiTrial, ApiTrialStatus } from '../src/api.ts';

/** A trial's fields the tests set; the rest get defaults. */
export interface TrialInput {
  readonly hyperparameters: Record<string, number | string>;
  readonly status?: ApiTrialStatus;
  readonly objective?: number;
  readonly metrics?: Record<string, number>;
  readonly curve?: [number, number][];
  readonly reason?: string;
}

/**
 * A job of the given ranges and trials (trial ids from 1, one second apart from 2026-01-01T00:00:00Z). With a
 * significant `recommendation` naming a Completed trial, that trial is the summary's best, as the server has it.
 */
export function jobFixture(
  parameters: ApiParameter[],
  inputs: readonly TrialInput[],
  options: {
    name?: string;
    type?: 'Minimize' | 'Maximize';
    metric?: string;
    maxTrials?: number;
    strategy?: string;
    recommendation?: ApiRecommendation;
  } = {},
): ApiJobDetail {
  const metric = options.metric ?? 'loss';
  const created = Date.parse('2026-01-01T00:00:00Z');
  const trials: ApiTrial[] = inputs.map((input, index) => {
    const status = input.status ?? 'Completed';
    const start = new Date(created + index * 1000).toISOString();
    const end =
      status === 'Running' || status === 'Pending'
        ? undefined
        : new Date(created + index * 1000 + 900).toISOString();
    return {
      trial: index + 1,
      hyperparameters: input.hyperparameters,
      status,
      ...(input.objective === undefined ? {} : { objective: input.objective }),
      metrics: { ...(input.objective === undefined ? {} : { [metric]: input.objective }), ...input.metrics },
      start,
      ...(end === undefined ? {} : { end, durationSeconds: 0.9 }),
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      attempt: 0,
      curve: input.curve ?? [],
    };
  });
  const completed = trials.filter((trial) => trial.status === 'Completed');
  const sign = options.type === 'Maximize' ? -1 : 1;
  const chosen = options.recommendation?.significant
    ? completed.find((trial) => trial.trial === options.recommendation!.trialId)
    : undefined;
  const observed = [...completed].sort((a, b) => sign * (a.objective! - b.objective!))[0];
  const best = chosen ?? observed;
  return {
    summary: {
      name: options.name ?? 'fixture',
      status: 'Completed',
      strategy: options.strategy ?? 'Random',
      recentStops: trials
        .filter((trial) => trial.status === 'Stopped' && trial.reason !== undefined)
        .slice(-5)
        .reverse()
        .map((trial) => ({ trial: trial.trial, reason: trial.reason! })),
      objective: { metric, type: options.type ?? 'Minimize' },
      counts: {
        total: trials.length,
        completed: completed.length,
        failed: trials.filter((trial) => trial.status === 'Failed').length,
        stopped: trials.filter((trial) => trial.status === 'Stopped').length,
        inFlight: trials.filter((trial) => ['Pending', 'Running', 'Interrupted'].includes(trial.status))
          .length,
      },
      maxTrials: options.maxTrials ?? trials.length,
      seed: 1,
      seedDrawn: false,
      ...(best === undefined
        ? {}
        : {
            best: {
              trial: best.trial,
              objective: best.objective!,
              metrics: best.metrics,
              hyperparameters: best.hyperparameters,
              ...(chosen === undefined
                ? {}
                : {
                    model: {
                      estimate: options.recommendation!.estimate,
                      noiseStd: options.recommendation!.noiseStd,
                      basedOn: options.recommendation!.basedOn,
                    },
                  }),
            },
          }),
      ...(chosen === undefined || observed === undefined
        ? {}
        : { bestObserved: { trial: observed.trial, objective: observed.objective! } }),
      createdAt: new Date(created).toISOString(),
      lastEventAt: new Date(created + trials.length * 1000).toISOString(),
      elapsedSeconds: trials.length,
    },
    parameters,
    metricNames: [metric],
    earlyStopping: 'Off',
    trials,
    ...(options.recommendation === undefined ? {} : { recommendation: options.recommendation }),
    offset: 1000,
  };
}

/** A seeded uniform generator for fixtures. */
export function fixtureRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
