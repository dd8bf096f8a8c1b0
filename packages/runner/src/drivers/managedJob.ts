/**
 * `executor.sagemaker-managed`: hands the whole job to SageMaker's CreateHyperParameterTuningJob and mirrors it.
 * Every training job SageMaker starts becomes a trial of the local journal (asked, started, finished, in
 * SageMaker's creation order), so `status`, `best`, `trials`, reports and the Action work as with the other
 * executors. Resuming (running `tune` again) follows the same SageMaker job; `attach` follows one started
 * elsewhere.
 *
 * Ctrl-C (the signal): by default the SageMaker tuning job is stopped (StopHyperParameterTuningJob) and followed
 * until it is Stopped, so nothing is left that the user pays for; `onInterrupt` may choose to leave it running.
 */

import type { SageMakerManagedSettings } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { PollBackoff, type ThrottleOptions } from '../sagemaker/backoff.ts';
import { type AwsClients, type CredentialsOverride, createAwsClients } from '../sagemaker/clients.ts';
import { readTrainingLog } from '../sagemaker/managedLogs.ts';
import { buildTuningJobRequest, tuningJobNameOf } from '../sagemaker/managedRequest.ts';
import { TERMINAL_TRAINING } from '../sagemaker/managedTrials.ts';
import {
  describeTuningJob,
  ensureTuningJob,
  listTrainingJobs,
  stopTuningJob,
} from '../sagemaker/tuningJobCalls.ts';
import type { JobResult } from '../session/jobResult.ts';
import { openJobSession } from '../session/jobSession.ts';
import { ManagedMirror } from './managedMirror.ts';
import type { RunJobOptions } from './runOptions.ts';

/** Options of {@link runManagedJob}. */
export interface ManagedJobOptions extends RunJobOptions {
  /** Credentials for the SDK clients (tests, embedding programs); by default the SDK's standard chain. */
  readonly credentials?: CredentialsOverride;
  /** Follow an existing SageMaker tuning job (`tunekit attach`) instead of creating one. */
  readonly attach?: boolean;
  /** Decides, on Ctrl-C, whether to stop the SageMaker tuning job or leave it running (default: stop). */
  readonly onInterrupt?: () => Promise<'stop' | 'leave'>;
}

const TERMINAL_TUNING = new Set(['Completed', 'Failed', 'Stopped']);

/**
 * Runs (or resumes, or attaches to) a tuning job on SageMaker's own tuning, mirroring it into the journal.
 *
 * @param options - As {@link runJob}'s, plus credentials, attach and the Ctrl-C decision.
 * @returns The job's result once the SageMaker tuning job has ended (or Ctrl-C left it running).
 * @throws RunnerError `invalidTuningFile` for settings or searches SageMaker cannot run, `jobNotFound` when
 *   attaching to a tuning job that does not exist, `jobLocked`, `specChanged`.
 */
export async function runManagedJob(options: ManagedJobOptions): Promise<JobResult> {
  const { spec } = options;
  if (spec.executor.kind !== 'sagemaker-managed') {
    throw new RunnerError(
      'invalidTuningFile',
      `executor: runManagedJob runs executor.sagemaker-managed, not ${spec.executor.kind}`,
    );
  }
  const { settings } = spec.executor;
  const tuningJobName = tuningJobNameOf(spec, settings);
  const request = options.attach ? undefined : buildTuningJobRequest(spec, settings);
  const now = options.now ?? Date.now;
  const session = await openJobSession({
    spec,
    rootDir: options.rootDir,
    ...(options.source === undefined ? {} : { source: options.source }),
    now,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const clients = createAwsClients(settings, options.credentials);
  const pollMs = settings.pollSeconds * 1000;
  const throttle: ThrottleOptions = {
    initialMs: Math.max(pollMs, 1),
    maxMs: Math.max(settings.maxPollSeconds * 1000, pollMs),
  };
  const mirror = new ManagedMirror(
    session,
    tuningJobName,
    now,
    settings.followLogs
      ? (trainingJobName, trialDir) =>
          readTrainingLog(clients, trainingJobName, trialDir, throttle, spec.metrics)
      : undefined,
  );
  try {
    await ensureTuningJob(
      clients,
      tuningJobName,
      request,
      session.resumed,
      throttle,
      spec.limits.maxParallel,
      settings,
    );
    return await follow(clients, mirror, tuningJobName, options, settings, throttle);
  } finally {
    clients.destroy();
    await session.close();
  }
}

async function follow(
  clients: AwsClients,
  mirror: ManagedMirror,
  name: string,
  options: ManagedJobOptions,
  settings: SageMakerManagedSettings,
  throttle: ThrottleOptions,
): Promise<JobResult> {
  const backoff = new PollBackoff(settings.pollSeconds * 1000, settings.maxPollSeconds * 1000);
  let wake: (() => void) | undefined;
  let interrupted = false;
  let killed = false;
  const onAbort = (): void => {
    interrupted = true;
    wake?.();
  };
  const onKill = (): void => {
    killed = true;
    wake?.();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  options.killSignal?.addEventListener('abort', onKill, { once: true });
  if (options.signal?.aborted) interrupted = true;
  let stopRequested = false;
  mirror.started();
  try {
    for (;;) {
      if (killed) return mirror.result('Interrupted', 'killed');
      const described = await describeTuningJob(clients, name, throttle);
      const summaries = await listTrainingJobs(clients, name, throttle);
      const status = described.HyperParameterTuningJobStatus ?? 'InProgress';
      const changed = await mirror.sync(
        summaries,
        status === 'Stopping' || status === 'Stopped' || stopRequested,
      );
      if (
        TERMINAL_TUNING.has(status) &&
        summaries.every((s) => TERMINAL_TRAINING.has(s.TrainingJobStatus ?? ''))
      ) {
        return mirror.finish(status, described, stopRequested);
      }
      if (interrupted && !stopRequested) {
        const decision = options.onInterrupt === undefined ? 'stop' : await options.onInterrupt();
        if (decision === 'leave') {
          mirror.emitInterrupting();
          return mirror.result(
            'Interrupted',
            `interrupted; the SageMaker tuning job ${name} is still running: tunekit attach ${name} follows it again`,
          );
        }
        stopRequested = true;
        mirror.emitInterrupting();
        await stopTuningJob(clients, name, throttle);
        backoff.reset();
        continue;
      }
      if (changed) backoff.reset();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, backoff.next());
        function done(): void {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    options.killSignal?.removeEventListener('abort', onKill);
  }
}
