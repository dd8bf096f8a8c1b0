/**
 * Where the ask/tell driver meets the rest of tunekit: the tuner from @tunekit/core (rebuilt from the journal), the
 * Bayesian strategy's worker pool from @tunekit/worker, and the executor the tuning file names.
 *
 * The worker pool is created once per job (only for the Bayesian strategy) and closed when the job ends. If the
 * worker package cannot be loaded, the tuner uses core's single-thread evaluator, which gives the same suggestions.
 */

import {
  createTuner,
  type MetricObservation,
  type Trial,
  type TrialOutcome,
  type Tuner,
  type TunerOptions,
  type TuningJobSpec,
} from '@tunekit/core';
import type { AcquisitionEvaluator } from '@tunekit/core/acquisition';
import type { Recommendation, RungReport } from '@tunekit/core/unstable';
import { RunnerError } from '../errors.ts';
import { createLazyExecutor } from '../executor/lazyExecutor.ts';
import { createLocalExecutor } from '../executor/local.ts';
import type { Executor } from '../executor/types.ts';
import type { JobView } from '../journal/jobView.ts';
import { tunerStateFromView } from './tunerState.ts';

/** The tuner as the job loop uses it. */
export interface TunerHandle {
  ask(count: number): Promise<readonly Trial[]>;
  tell(trialId: number, outcome: TrialOutcome): void;
  /** Feeds an intermediate objective value to the early-stopping rule: go on, or a decision to journal. */
  report(trialId: number, observation: MetricObservation): ReturnType<Tuner['report']>;
  /** Feeds a value to Hyperband's rungs (strategy Hyperband): the decisions to journal, then act on. */
  reportRung(trialId: number, observation: MetricObservation): RungReport;
  completion(): {
    readonly done: boolean;
    readonly reason?: string;
    readonly failureReasons?: readonly string[];
  };
  best(): Trial | undefined;
  /** The model's choice of best trial (core `Tuner.recommendation`). */
  recommendation(): Recommendation | undefined;
  trialCount(): number;
  /** Milliseconds until the runtime limit, or undefined when there is none. */
  msUntilDeadline(): number | undefined;
  /** Closes the worker pool, if any. */
  close(): Promise<void>;
}

/**
 * Builds the tuner of a job from its journal, with a worker pool for the Bayesian strategy.
 *
 * @param spec - The spec in force.
 * @param view - The job as journaled.
 * @param now - The clock.
 * @param warmStart - The parents' Completed trials (`readWarmStartParents`).
 * @returns The tuner.
 */
export async function createTunerFor(
  spec: TuningJobSpec,
  view: JobView,
  now: () => number,
  warmStart?: TunerOptions['warmStart'],
): Promise<TunerHandle> {
  const modelBased =
    spec.strategy === 'Bayesian' || (spec.strategy === 'Hyperband' && spec.hyperband?.sampler === 'Bayesian');
  const pool = modelBased ? await createWorkerPool() : undefined;
  const state = tunerStateFromView(view, now());
  const tuner = createTuner(spec, {
    state,
    now,
    ...(pool === undefined ? {} : { evaluator: pool.evaluator }),
    ...(warmStart === undefined ? {} : { warmStart }),
  });
  return {
    ask: (count) => tuner.ask(count),
    tell: (trialId, outcome) => tuner.tell(trialId, outcome),
    report: (trialId, observation) => tuner.report(trialId, observation),
    reportRung: (trialId, observation) => tuner.reportRung(trialId, observation),
    completion: () => tuner.completion(),
    best: () => tuner.best(),
    recommendation: () => tuner.recommendation(),
    trialCount: () => tuner.trials().length,
    msUntilDeadline: () => {
      const limit = spec.limits.maxRuntimeSeconds;
      return limit === undefined ? undefined : state.startedAt + limit * 1000 - now();
    },
    close: async () => {
      await tuner.close();
      await pool?.close();
    },
  };
}

/**
 * Creates the executor a spec names.
 *
 * @param spec - The spec.
 * @returns The executor.
 * @throws RunnerError when the executor kind is not available.
 */
export function createExecutorFor(spec: TuningJobSpec): Executor {
  if (spec.executor.kind === 'local') return createLocalExecutor();
  if (spec.executor.kind === 'sagemaker') {
    // Loaded on the first trial: a local job does not pay for loading the AWS SDK.
    return createLazyExecutor('sagemaker', async () =>
      (await import('../sagemaker/sageMakerExecutor.ts')).createSageMakerExecutor(),
    );
  }
  if (spec.executor.kind === 'remote') {
    throw new RunnerError(
      'invalidTuningFile',
      "executor.remote: workers run this job's trials: serve it with `tunekit serve <file>` and start workers with a tunekit client (docs/serve.md)",
    );
  }
  throw new RunnerError(
    'invalidTuningFile',
    'executor.sagemaker-managed hands the whole job to SageMaker and runs no trials here: run it with runManagedJob',
  );
}

interface WorkerPool {
  readonly evaluator: AcquisitionEvaluator;
  close(): Promise<void>;
}

/**
 * The acquisition pool of @tunekit/worker (one thread a core), or undefined when the package or its threads
 * cannot be loaded: the tuner then evaluates in this thread, with the same suggestions.
 */
async function createWorkerPool(): Promise<WorkerPool | undefined> {
  let pool: { ready(): Promise<void>; close(): Promise<void> } | undefined;
  try {
    const { createAcquisitionPool } = await import('@tunekit/worker');
    const created = createAcquisitionPool();
    pool = created;
    await created.ready();
    return { evaluator: created, close: () => created.close() };
  } catch (error) {
    await pool?.close().catch(() => {});
    // Same suggestions either way, only slower: say so once instead of failing the job.
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `tunekit: worker threads unavailable (${reason.split('\n')[0]}); the acquisition runs in the main thread\n`,
    );
    return undefined;
  }
}
