/**
 * The `earlyStopping` setting of a tuning file: `Off`, `Auto` (SageMaker's median rule with tunekit's default
 * grace period), or `{ type: Auto, minSteps, minTrials, minFraction }` (the grace period set; `{ type: Off }` is `Off`).
 *
 * A mapping without `minSteps`, `minTrials` or `minFraction` reads as the plain word, so `{ type: Auto }` and `Auto` give the
 * same spec and hash; a mapping with one of them gets the others' defaults written in, so the spec journaled
 * with a job keeps the grace period it ran with even if a later version changes the defaults.
 */
import { SPEC_DEFAULTS, SPEC_LIMITS } from './limits.ts';
import {
  checkKeys,
  describeValue,
  type Issues,
  isRecord,
  missing,
  type Path,
  readEnum,
  readNumber,
} from './reader.ts';
import type { MedianRuleSettings, TuningJobSpec } from './types.ts';

const EARLY_STOPPING_KEYS = ['type', 'minSteps', 'minTrials', 'minFraction'] as const;
const TYPES = ['Off', 'Auto'] as const;

/**
 * Reads `earlyStopping`.
 *
 * @param value - The field as the tuning file gives it (undefined: the default, Off).
 * @param path - Where it sits (`['earlyStopping']`).
 * @param issues - Where problems go, each with its path (`earlyStopping.minSteps`).
 * @returns The setting, or undefined after a problem.
 */
export function parseEarlyStopping(
  value: unknown,
  path: Path,
  issues: Issues,
): TuningJobSpec['earlyStopping'] | undefined {
  if (value === undefined) return SPEC_DEFAULTS.earlyStopping;
  if (typeof value === 'string') return readEnum(value, TYPES, path, issues);
  if (!isRecord(value)) {
    issues.add(
      'spec.notAllowed',
      path,
      `must be Off, Auto or a mapping { type: Auto, minSteps, minTrials, minFraction }, not ${describeValue(value)}`,
    );
    return undefined;
  }
  checkKeys(value, EARLY_STOPPING_KEYS, path, issues);
  const type =
    value.type === undefined
      ? missing([...path, 'type'], 'type: Auto (or Off)', issues)
      : readEnum(value.type, TYPES, [...path, 'type'], issues);
  const given = EARLY_STOPPING_KEYS.filter((key) => key !== 'type' && value[key] !== undefined);
  if (type === 'Off') {
    for (const key of given) {
      issues.add(
        'spec.earlyStoppingOff',
        [...path, key],
        'applies only with type Auto: remove it, or set type: Auto to stop trials early',
      );
    }
    return given.length === 0 ? 'Off' : undefined;
  }
  const minSteps = readSetting(value.minSteps, [...path, 'minSteps'], issues, 'minSteps');
  const minTrials = readSetting(value.minTrials, [...path, 'minTrials'], issues, 'minTrials');
  const minFraction = readSetting(value.minFraction, [...path, 'minFraction'], issues, 'minFraction');
  if (type === undefined || minSteps === undefined || minTrials === undefined || minFraction === undefined)
    return undefined;
  return given.length === 0 ? 'Auto' : { type: 'Auto', minSteps, minTrials, minFraction };
}

/**
 * The median rule's grace period in force, or undefined when early stopping is Off.
 *
 * @param earlyStopping - The spec's setting.
 * @returns `minSteps` and `minTrials`, the defaults filled in for plain `Auto`.
 */
export function medianRuleSettings(
  earlyStopping: TuningJobSpec['earlyStopping'],
): Required<Omit<MedianRuleSettings, 'type'>> | undefined {
  if (earlyStopping === 'Off') return undefined;
  if (earlyStopping === 'Auto') return SPEC_DEFAULTS.medianRule;
  // A spec journaled before minFraction existed ran without it.
  return {
    minSteps: earlyStopping.minSteps,
    minTrials: earlyStopping.minTrials,
    minFraction: earlyStopping.minFraction ?? 0,
  };
}

/**
 * Whether the setting sets its own grace period (which SageMaker's own tuning cannot honour).
 *
 * @param earlyStopping - The spec's setting.
 * @returns True for `{ type: Auto, minSteps, minTrials, minFraction }`.
 */
export function hasCustomGracePeriod(earlyStopping: TuningJobSpec['earlyStopping'] | undefined): boolean {
  return typeof earlyStopping === 'object';
}

function readSetting(
  value: unknown,
  path: Path,
  issues: Issues,
  key: 'minSteps' | 'minTrials' | 'minFraction',
): number | undefined {
  if (value === undefined) return SPEC_DEFAULTS.medianRule[key];
  return readNumber(value, path, issues, { integer: key !== 'minFraction', ...SPEC_LIMITS[key] });
}
