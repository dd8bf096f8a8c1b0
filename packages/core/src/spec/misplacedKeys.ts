/**
 * @internal Keys that are valid in a tuning file, only somewhere else: a misplaced one gets a message that says
 * where it belongs instead of a "did you mean" guess at a key of the wrong section (`warmStart` inside `limits`
 * used to suggest "parameters").
 */

/** Where each well-known key belongs, as the path of the mapping that holds it ([] = the top level). */
const HOMES: Readonly<Record<string, readonly string[]>> = {
  warmStart: [],
  initialTrials: [],
  earlyStopping: [],
  seed: [],
  strategy: [],
  static: [],
  parameters: [],
  metrics: [],
  objective: [],
  limits: [],
  completion: [],
  executor: [],
  hyperband: [],
  minResource: ['hyperband'],
  maxResource: ['hyperband'],
  maxTrials: ['limits'],
  maxParallel: ['limits'],
  maxRuntimeSeconds: ['limits'],
  maxRetries: ['limits'],
  maxConsecutiveFailures: ['limits'],
  targetObjective: ['completion'],
  maxTrialsNotImproving: ['completion'],
  convergence: ['completion'],
};

function where(path: readonly (string | number)[], preposition: string): string {
  return path.length === 0 ? 'at the top level of the tuning file' : `${preposition} ${path.join('.')}`;
}

/**
 * Where an unknown key belongs, when it is a known key of another section.
 *
 * @param key - The unknown key.
 * @param path - The path of the mapping it was found in.
 * @returns `"warmStart" belongs at the top level of the tuning file, not in limits: move it there`, or undefined.
 */
export function misplacedKeyHint(key: string, path: readonly (string | number)[]): string | undefined {
  if (!Object.hasOwn(HOMES, key)) return undefined;
  const home = HOMES[key]!;
  if (home.length === path.length && home.every((part, i) => part === path[i])) return undefined;
  const here = path.length === 0 ? 'not at the top level' : `not in ${path.join('.')}`;
  return `${JSON.stringify(key)} belongs ${where(home, 'in')}, ${here}: move it there`;
}
