/**
 * The metric regexes that tunekit refuses for their speed. A regex that needs JavaScript's backtracking engine (a
 * backreference or lookaround keeps it out of the linear-time engine) runs on the first
 * BACKTRACKING_MAX_INPUT (1024) characters of a line, and is accepted only with at most one repeated part and no
 * alternation inside it: then a line costs at most about n² steps (a millisecond at 1024 characters). Two repeats
 * (`.*.*=(\d)(?=x)`) took half a second a line there, three took 100 s, and a nested repeat is exponential.
 */
import { compileMetricRegex } from './compileMetricRegex.ts';
import { regexRisk } from './regexRisk.ts';

/**
 * Why a regex could hang the tuner, or undefined.
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
  const feature = risk.backtrackingFeatures[0];
  if (feature === undefined) return undefined;
  const why = `uses a ${feature.feature} (column ${feature.at + 1}), which only a backtracking engine runs, and`;
  const fix = `; drop the ${feature.feature} (most regexes need none: match the text instead of looking at it)`;
  const nested = risk.nestedQuantifiers[0];
  if (nested !== undefined) {
    return `${why} repeats a part that has a repeat inside it (column ${nested + 1}), which can take exponential time${fix}`;
  }
  const alternation = risk.repeatedAlternations[0];
  if (alternation !== undefined) {
    return `${why} repeats an alternation (column ${alternation + 1}), which can take exponential time${fix}`;
  }
  if (risk.repeats.length > 1) {
    const columns = risk.repeats.map((at) => at + 1).join(', ');
    return (
      `${why} has ${risk.repeats.length} repeated parts (columns ${columns}), which can take time growing as a` +
      ` power of the line's length; keep one repeat${fix}`
    );
  }
  return undefined;
}
