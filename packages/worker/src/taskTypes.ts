/**
 * Messages between the acquisition pool and its threads, and how a model's buffers are copied for transfer.
 * @internal
 */
import type { GaussianProcessModel, RefineJob, ScoreJob } from '@tunekit/core/acquisition';

/** One unit of work for a thread. */
export type AcquisitionTask =
  | { readonly kind: 'ping' }
  | { readonly kind: 'score'; readonly job: ScoreJob }
  | { readonly kind: 'refine'; readonly job: RefineJob };

/**
 * A copy of a model whose buffers a thread may own, and the list of those buffers to transfer.
 *
 * @param model - the fitted model (left untouched).
 * @returns the copy and its transfer list.
 */
export function transferableModel(model: GaussianProcessModel): {
  model: GaussianProcessModel;
  transferList: ArrayBuffer[];
} {
  const inputs = model.inputs.slice();
  const categoricalMask = model.categoricalMask.slice();
  const lengthScales = model.hyperparameters.lengthScales.slice();
  const choleskyFactor = model.choleskyFactor.slice();
  const alpha = model.alpha.slice();
  return {
    model: {
      ...model,
      inputs,
      categoricalMask,
      hyperparameters: { ...model.hyperparameters, lengthScales },
      choleskyFactor,
      alpha,
    },
    transferList: [inputs, categoricalMask, lengthScales, choleskyFactor, alpha].map(
      (array) => array.buffer as ArrayBuffer,
    ),
  };
}
