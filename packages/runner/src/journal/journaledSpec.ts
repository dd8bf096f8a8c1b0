/**
 * The spec of a journal event as this version types it.
 *
 * Journals written before core parsed SageMaker settings (issue 11) hold `executor.settings` as the tuning file
 * gave them (`channels: { train: s3://... }`, no defaults). They are read here as the tuning file was, so that the
 * view, the drivers and a resume's spec diff see typed settings whatever wrote the journal, and a resume of an
 * older job finds no change. The journaled text, and its `specHash`, stay as written.
 *
 * Typed settings are a fixed point of the reader (their defaults are valid values), so reading them again gives
 * them back; imported ones (`request`, from a SageMaker request) are typed only, and are kept as they are.
 */
import { readSageMakerSettings, type TuningJobSpec } from '@tunekit/core';

/**
 * Types the SageMaker settings of a journaled spec.
 *
 * @param spec - The spec as parsed from the journal line.
 * @returns The spec with typed settings; the same object when there was nothing to read.
 */
export function journaledSpec(spec: TuningJobSpec): TuningJobSpec {
  const { executor } = spec;
  if (executor.kind === 'local' || executor.kind === 'remote' || 'request' in executor.settings) return spec;
  const read = readSageMakerSettings(executor.kind, executor.settings);
  if (!read.ok) return spec;
  return executor.kind === 'sagemaker'
    ? { ...spec, executor: { kind: 'sagemaker', settings: read.value } }
    : { ...spec, executor: { kind: 'sagemaker-managed', settings: read.value } };
}
