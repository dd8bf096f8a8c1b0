/**
 * The CreateHyperParameterTuningJob request that `executor.sagemaker-managed` sends (and `tunekit export
 * --sagemaker` prints): core's translation of the search (strategy, ranges with scaling types, objective, metric
 * definitions, static hyperparameters, limits, early stopping, completion criteria, seed), with the training
 * job's infrastructure from the tuning file's settings, or the imported request's TrainingJobDefinition unchanged.
 */
import type { CreateHyperParameterTuningJobRequest } from '@aws-sdk/client-sagemaker';
import type { SageMakerManagedSettings, SageMakerSettings } from '@tunekit/core';
import {
  formatIssue,
  type Issue,
  type ParseResult,
  type TuningJobSpec,
  toSageMakerRequest,
} from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { trainingInfrastructure } from './trainingJobRequest.ts';

/** SageMaker's longest tuning-job name. */
export const MAX_TUNING_JOB_NAME = 32;

/**
 * The tuning job's name on SageMaker.
 *
 * @param spec - The tuning job.
 * @param settings - Validated settings (`tuningJobName` overrides the tuning file's name).
 * @returns The name.
 * @throws RunnerError `invalidTuningFile` when it is longer than SageMaker allows.
 */
export function tuningJobNameOf(spec: TuningJobSpec, settings: SageMakerManagedSettings): string {
  const name = settings.tuningJobName ?? spec.name;
  if (name.length > MAX_TUNING_JOB_NAME) {
    throw new RunnerError(
      'invalidTuningFile',
      `name: SageMaker tuning job names have at most ${MAX_TUNING_JOB_NAME} characters and ${JSON.stringify(name)} has ${name.length}: shorten name, or set executor.sagemaker-managed.tuningJobName`,
    );
  }
  return name;
}

/**
 * Builds the request.
 *
 * @param spec - The tuning job (executor `sagemaker-managed`).
 * @param settings - Its validated settings.
 * @param onWarning - Receives core's warnings (Grid integer ranges sent as categorical values).
 * @returns The request body, as the SDK takes it.
 * @throws RunnerError `invalidTuningFile` naming what SageMaker cannot do (Sobol, more than 30 ranges, Grid
 *   with continuous ranges, a name over 32 characters).
 */
export function buildTuningJobRequest(
  spec: TuningJobSpec,
  settings: SageMakerManagedSettings,
  onWarning?: (warning: Issue) => void,
): CreateHyperParameterTuningJobRequest {
  const name = tuningJobNameOf(spec, settings);
  if (settings.hyperband !== undefined && spec.strategy !== 'Hyperband') {
    throw new RunnerError(
      'invalidTuningFile',
      `executor.sagemaker-managed.hyperband: applies only with strategy Hyperband (the strategy is ${spec.strategy}): remove it or set strategy: Hyperband`,
    );
  }
  // The top-level warmStart (core's spec) or the older executor.sagemaker-managed.warmStart; core refuses both.
  const warmStart = spec.warmStart ?? settings.warmStart;
  // Likewise the top-level hyperband, or the older executor.sagemaker-managed.hyperband (read with a warning).
  const hyperband = spec.hyperband ?? settings.hyperband;
  const request = settings.request ?? {
    TrainingJobDefinition: trainingJobDefinition(settings),
    ...(warmStart === undefined
      ? {}
      : {
          WarmStartConfig: {
            ParentHyperParameterTuningJobs: warmStart.parents.map((parent) => ({
              HyperParameterTuningJobName: parent,
            })),
            WarmStartType: warmStart.type,
          },
        }),
    ...(hyperband === undefined
      ? {}
      : {
          StrategyConfig: {
            HyperbandStrategyConfig: {
              ...(hyperband.minResource === undefined ? {} : { MinResource: hyperband.minResource }),
              ...(hyperband.maxResource === undefined ? {} : { MaxResource: hyperband.maxResource }),
            },
          },
        }),
    ...(Object.keys(settings.tags).length === 0
      ? {}
      : { Tags: Object.entries(settings.tags).map(([Key, Value]) => ({ Key, Value })) }),
  };
  const translated = unwrap(
    toSageMakerRequest({
      ...spec,
      name,
      executor: { kind: 'sagemaker-managed', settings: { ...settings, request } },
    }),
    onWarning,
  );
  return translated as unknown as CreateHyperParameterTuningJobRequest;
}

/**
 * The training-job definition written from the tuning file's camelCase settings, as SageMaker takes it, without
 * what core adds from the spec (static hyperparameters, metric definitions, retries).
 *
 * @param settings - Validated settings.
 * @returns The TrainingJobDefinition.
 */
export function trainingJobDefinition(settings: SageMakerSettings): Record<string, unknown> {
  return {
    AlgorithmSpecification: {
      ...(settings.image === undefined ? {} : { TrainingImage: settings.image }),
      ...(settings.algorithmName === undefined ? {} : { AlgorithmName: settings.algorithmName }),
      TrainingInputMode: settings.inputMode,
    },
    ...trainingInfrastructure(settings),
  };
}

function unwrap(
  result: ParseResult<Record<string, unknown>>,
  onWarning?: (warning: Issue) => void,
): Record<string, unknown> {
  if (!result.ok) {
    throw new RunnerError(
      'invalidTuningFile',
      `SageMaker's tuning cannot run this tuning file (use executor.sagemaker to run tunekit's own search on SageMaker instead):\n${result.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`,
    );
  }
  for (const warning of result.warnings ?? []) onWarning?.(warning);
  return result.value;
}
