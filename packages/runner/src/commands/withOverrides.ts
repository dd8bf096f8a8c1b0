/**
 * The budget overrides a run may put over its tuning file: `tunekit tune --max-trials/--max-parallel` and the
 * Action's `max-trials` input and `/tune max-trials=… max-parallel=… seed=…` comments.
 *
 * It lives in the runner, beside loadTuningFile, because the runner is the one package both callers import (the
 * CLI is in it, the Action depends on it); core's spec stays what the tuning file says, and overriding is a
 * choice of how this run is launched. Callers check the values first (whole numbers of at least 1, as their
 * errors name the flag or input the value came from).
 */
import type { TuningJobSpec } from '@tunekit/core';

/** Values that replace the tuning file's; an absent key keeps the file's value. */
export interface SpecOverrides {
  /** Replaces `limits.maxTrials`. */
  readonly maxTrials?: number;
  /** Replaces `limits.maxParallel`. */
  readonly maxParallel?: number;
  /** Replaces `seed`. */
  readonly seed?: number;
}

/**
 * The spec with the overrides applied.
 *
 * @param spec - The validated spec of the tuning file.
 * @param overrides - Trial budget, parallelism and seed to use instead of the file's.
 * @returns A new spec; `spec` is not changed.
 * @example
 * const spec = withOverrides(loadTuningFile('tuning.yaml', process.cwd()).spec, { maxTrials: 5 });
 */
export function withOverrides(spec: TuningJobSpec, overrides: SpecOverrides): TuningJobSpec {
  // A seed given here is a seed given: the runner draws none (spec.seedDrawn goes).
  const { seedDrawn: _drawn, ...seeded } = spec;
  return {
    ...(overrides.seed === undefined ? spec : { ...seeded, seed: overrides.seed }),
    limits: {
      ...spec.limits,
      ...(overrides.maxTrials === undefined ? {} : { maxTrials: overrides.maxTrials }),
      ...(overrides.maxParallel === undefined ? {} : { maxParallel: overrides.maxParallel }),
    },
  };
}
