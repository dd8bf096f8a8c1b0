/**
 * What a user-written name or value may hold when it reaches a process (an argument, an environment variable), a
 * record keyed by user names, a terminal or a report. Shared by the search space, the metric definitions and the
 * tuning-file reader, so that each name is refused by one rule wherever it is written.
 */

/** Names a record built from user keys cannot hold: they are properties of every JavaScript object. */
export const RESERVED_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators; a tab is allowed in values. */
const NAME_FORBIDDEN = /[\p{Cc}\u2028\u2029]/u;
const VALUE_FORBIDDEN = /(?!\t)[\p{Cc}\u2028\u2029]/u;
const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0: 'NUL',
  9: 'tab',
  10: 'line feed',
  13: 'carriage return',
  27: 'escape',
};

/**
 * What is wrong with a string that reaches a process, a terminal or a report: a NUL makes every spawn throw, line
 * breaks and escape sequences forge lines. Names take no control character at all; values may hold tabs (as
 * SageMaker's hyperparameter values and command arguments can), and no other C0 or C1 control character,
 * DEL, or line or paragraph separator.
 *
 * @param text - The name or value.
 * @param kind - `name` (no control character) or `value` (tabs allowed).
 * @returns What to change, or undefined when the text is fine.
 */
export function controlCharacterProblem(text: string, kind: 'name' | 'value'): string | undefined {
  const match = (kind === 'name' ? NAME_FORBIDDEN : VALUE_FORBIDDEN).exec(text);
  if (match === null) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  const label = CHARACTER_NAMES[code];
  return `holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}${label === undefined ? '' : ` (${label})`} at character ${match.index + 1}: remove it${kind === 'value' ? ' (a tab is the only one allowed)' : ''}`;
}

/** Why `__proto__`, `constructor` and `prototype` are refused as names. */
export function reservedNameMessage(name: string, what: string): string {
  return `"${name}" cannot be ${what}: it is a property of every JavaScript object (${RESERVED_NAMES.join(', ')} are reserved), rename it`;
}

/** SageMaker's longest hyperparameter name (a range's `Name`, a `StaticHyperParameters` key). */
export const MAX_HYPERPARAMETER_NAME_LENGTH = 256;
/** SageMaker's name pattern `[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*`: letters, marks, separators, symbols, digits, punctuation. */
const HYPERPARAMETER_NAME_PATTERN = /^[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*$/u;

/**
 * What is wrong with a hyperparameter name (tuned or static). A trial receives it as `--name value`, in
 * `SM_HP_<NAME>` and as a key of `SM_HPS` and of the records tunekit keeps, so besides SageMaker's rules (1 to
 * 256 characters of its pattern, which has no control character) it takes no `=` (the end of an environment
 * variable's name) and none of {@link RESERVED_NAMES}.
 *
 * @param name - The name.
 * @returns What to change, or undefined when the name is fine.
 */
export function hyperparameterNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a hyperparameter name must not be empty';
  if (name.length > MAX_HYPERPARAMETER_NAME_LENGTH)
    return `the name has ${name.length} characters: shorten it to at most ${MAX_HYPERPARAMETER_NAME_LENGTH}`;
  const control = controlCharacterProblem(name, 'name');
  if (control !== undefined) return `${JSON.stringify(name)} ${control}`;
  if (!HYPERPARAMETER_NAME_PATTERN.test(name))
    return `${JSON.stringify(name)} holds a format or unassigned character that SageMaker refuses: use printable characters only`;
  if (name.includes('='))
    return `${JSON.stringify(name)} holds "=", which would end the name of its variable SM_HP_<NAME>: rename it`;
  if (RESERVED_NAMES.includes(name)) return reservedNameMessage(name, 'a hyperparameter name');
  return undefined;
}
