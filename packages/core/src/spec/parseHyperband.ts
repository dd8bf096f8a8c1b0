/**
 * @internal The top-level `hyperband` block: `{ minResource, maxResource, eta, resourceMetric, sampler }`, with
 * SageMaker's semantics (`HyperbandStrategyConfig`): resources are epochs or any unit the training script reports;
 * `maxResource` defaults to the static `epochs` (or `numepochs`, `n-epochs`, `n_epochs`, `num_epochs`), as SageMaker
 * infers it; at most {@link HYPERBAND_LIMITS}.maxResource.
 */
import { checkKeys, type Issues, isRecord, type Path, readEnum, readNumber, readString } from './reader.ts';
import type { HyperbandSpec, MetricDefinition } from './types.ts';

/** The keys of a `hyperband` block. */
export const HYPERBAND_KEYS = ['minResource', 'maxResource', 'eta', 'resourceMetric', 'sampler'] as const;

/** The static hyperparameters SageMaker reads `MaxResource` from when it is not given, in its order. */
export const EPOCH_HYPERPARAMETERS = ['epochs', 'numepochs', 'n-epochs', 'n_epochs', 'num_epochs'] as const;

/** Bounds of a `hyperband` block. */
export const HYPERBAND_LIMITS = {
  /** SageMaker's `MaxResource` maximum. */
  maxResource: 20_000,
  /** Below 2 nothing is ever halved. */
  minEta: 2,
} as const;

/** What an omitted field becomes. */
export const HYPERBAND_DEFAULTS = {
  minResource: 1,
  /** Li et al. (JMLR 2018) and SageMaker use 3. */
  eta: 3,
  sampler: 'Bayesian',
} as const;

/** The fields as written, each checked on its own. */
interface HyperbandFields {
  minResource?: number;
  maxResource?: number;
  eta?: number;
  resourceMetric?: string;
  sampler?: 'Bayesian' | 'Random';
}

/**
 * Reads a `hyperband` block and resolves it against the static hyperparameters and the metric definitions.
 *
 * @param value - The block as written (undefined: every field defaults).
 * @param path - Where it sits (`['hyperband']`).
 * @param context - The static hyperparameters (for `maxResource`) and the metric definitions (for `resourceMetric`).
 * @param issues - Where problems go.
 * @returns The settings, or undefined after a problem.
 */
export function parseHyperband(
  value: unknown,
  path: Path,
  context: {
    readonly static: Readonly<Record<string, string>> | undefined;
    readonly metrics: readonly MetricDefinition[] | undefined;
  },
  issues: Issues,
): HyperbandSpec | undefined {
  const before = issues.errors.length;
  const fields = readFields(value, path, issues);
  if (fields === undefined) return undefined;
  const maxResource = fields.maxResource ?? inferMaxResource(context.static, path, issues);
  const minResource = fields.minResource ?? HYPERBAND_DEFAULTS.minResource;
  if (maxResource !== undefined && minResource >= maxResource) {
    issues.add(
      'spec.hyperbandMinResource',
      [...path, 'minResource'],
      `must be less than maxResource (${maxResource}), not ${minResource}: Hyperband needs room to stop trials between the two`,
    );
  }
  if (fields.resourceMetric !== undefined && context.metrics !== undefined) {
    const names = context.metrics.map((metric) => metric.name);
    if (!names.includes(fields.resourceMetric)) {
      issues.add(
        'spec.hyperbandResourceMetric',
        [...path, 'resourceMetric'],
        `names no metric definition: add { name: ${fields.resourceMetric}, regex: '...' } to metrics, or use one of ${names.length === 0 ? '(none defined)' : names.join(', ')}`,
      );
    }
  }
  if (issues.errors.length > before || maxResource === undefined) return undefined;
  return {
    minResource,
    maxResource,
    eta: fields.eta ?? HYPERBAND_DEFAULTS.eta,
    ...(fields.resourceMetric === undefined ? {} : { resourceMetric: fields.resourceMetric }),
    sampler: fields.sampler ?? HYPERBAND_DEFAULTS.sampler,
  };
}

function readFields(value: unknown, path: Path, issues: Issues): HyperbandFields | undefined {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    issues.add(
      'spec.notAMapping',
      path,
      'must be a mapping of minResource, maxResource, eta, resourceMetric, sampler: for example hyperband: { minResource: 1, maxResource: 81 }',
    );
    return undefined;
  }
  checkKeys(value, HYPERBAND_KEYS, path, issues);
  const fields: HyperbandFields = {};
  const bounds = { integer: true, min: 1, max: HYPERBAND_LIMITS.maxResource };
  if (value.minResource !== undefined) {
    const read = readNumber(value.minResource, [...path, 'minResource'], issues, bounds);
    if (read !== undefined) fields.minResource = read;
  }
  if (value.maxResource !== undefined) {
    const read = readNumber(value.maxResource, [...path, 'maxResource'], issues, {
      ...bounds,
      min: 2,
      why: "(SageMaker's MaxResource bounds)",
    });
    if (read !== undefined) fields.maxResource = read;
  }
  if (value.eta !== undefined) {
    const read = readNumber(value.eta, [...path, 'eta'], issues, {
      integer: true,
      min: HYPERBAND_LIMITS.minEta,
      max: 100,
      why: '(the reduction factor: each rung keeps the best 1/eta)',
    });
    if (read !== undefined) fields.eta = read;
  }
  if (value.resourceMetric !== undefined) {
    const read = readString(value.resourceMetric, [...path, 'resourceMetric'], issues);
    if (read !== undefined) fields.resourceMetric = read;
  }
  if (value.sampler !== undefined) {
    const read = readEnum(value.sampler, ['Bayesian', 'Random'] as const, [...path, 'sampler'], issues);
    if (read !== undefined) fields.sampler = read;
  }
  return fields;
}

/** `maxResource` from the static epochs, as SageMaker infers it; a problem naming `maxResource` otherwise. */
function inferMaxResource(
  staticValues: Readonly<Record<string, string>> | undefined,
  path: Path,
  issues: Issues,
): number | undefined {
  const at = [...path, 'maxResource'];
  if (staticValues === undefined) return undefined;
  const name = EPOCH_HYPERPARAMETERS.find((candidate) => Object.hasOwn(staticValues, candidate));
  if (name === undefined) {
    issues.add(
      'spec.hyperbandMaxResource',
      at,
      `is required: set hyperband.maxResource (the epochs or other units a full trial trains for), or give a static ${EPOCH_HYPERPARAMETERS.join(', ')} to infer it from`,
    );
    return undefined;
  }
  const text = staticValues[name]!;
  const inferred = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || inferred < 2 || inferred > HYPERBAND_LIMITS.maxResource) {
    issues.add(
      'spec.hyperbandMaxResource',
      at,
      `cannot be inferred from static.${name} (${JSON.stringify(text)}): it must be a whole number from 2 to ${HYPERBAND_LIMITS.maxResource}; set hyperband.maxResource instead`,
    );
    return undefined;
  }
  return inferred;
}
