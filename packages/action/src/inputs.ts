/**
 * Parses the Action's inputs from a getter (`@actions/core`'s `getInput` in the Action, a map in tests).
 */
import type { ActionInputs } from './plan.ts';

/** A bad input: names the input and says what to change. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Reads and checks every input.
 *
 * @param get - Returns an input's raw value, '' when unset.
 * @returns The inputs.
 * @throws InputError naming the input when a value is not acceptable.
 */
export function parseInputs(get: (name: string) => string): ActionInputs {
  const tuningFile = get('tuning-file').trim();
  if (tuningFile === '')
    throw new InputError('input tuning-file is required: the path of the tuning file, e.g. tuning.yaml');
  const token = get('github-token').trim();
  const maxTrialsText = get('max-trials').trim();
  let maxTrials: number | undefined;
  if (maxTrialsText !== '') {
    maxTrials = Number(maxTrialsText);
    if (!Number.isInteger(maxTrials) || maxTrials < 1 || maxTrials > 10_000) {
      throw new InputError(`input max-trials must be a whole number from 1 to 10000, not "${maxTrialsText}"`);
    }
  }
  const command = get('command').trim() || '/tune';
  if (/\s/.test(command))
    throw new InputError(`input command must be one word such as /tune, not "${command}"`);
  return {
    tuningFile,
    token,
    ...(maxTrials === undefined ? {} : { maxTrials }),
    comment: booleanInput(get, 'comment', true),
    command,
    allowPullRequestTarget: booleanInput(get, 'allow-pull-request-target', false),
    workingDirectory: get('working-directory').trim() || '.',
  };
}

function booleanInput(get: (name: string) => string, name: string, fallback: boolean): boolean {
  const text = get(name).trim().toLowerCase();
  if (text === '') return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new InputError(`input ${name} must be true or false, not "${text}"`);
}
