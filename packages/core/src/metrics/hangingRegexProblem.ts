/**
 * The one metric regex that tunekit refuses for its speed: one that needs JavaScript's backtracking engine (a
 * backreference or lookaround keeps it out of the linear-time engine) and repeats a part that has a repeat inside
 * it, so that a line that nearly matches can take it exponential time even within the backtracking bound.
 */
import { compileMetricRegex } from './compileMetricRegex.ts';
import { regexRisk } from './regexRisk.ts';

/**
 * Why a regex could hang the tuner, or undefined: it needs JavaScript's backtracking engine (a backreference or a
 * lookaround keeps it out of the linear-time one) and repeats a part that has a repeat inside it.
 *
 * @param regex - The regex source (it compiles).
 * @returns The problem and what to change, or undefined.
 */
export function hangingRegexProblem(regex: string): string | undefined {
  let engine: string;
  try {
    engine = compileMetricRegex(regex).engine;
  } catch {
    return undefined;
  }
  if (engine !== 'backtracking') return undefined;
  const risk = regexRisk(regex);
  const nested = risk.nestedQuantifiers[0];
  const feature = risk.backtrackingFeatures[0];
  if (nested === undefined || feature === undefined) return undefined;
  return (
    `repeats a part that has a repeat inside it (column ${nested + 1}) and uses a ${feature.feature}` +
    ` (column ${feature.at + 1}), so it needs a backtracking engine where it can take exponential time:` +
    ' drop the inner or outer repeat, or the ' +
    feature.feature
  );
}
