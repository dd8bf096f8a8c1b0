/**
 * Reads and validates a tuning file named on the command line.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatIssue, type Issue, parseTuningFile, type TuningJobSpec } from '@tunekit/core';
import { RunnerError } from '../errors.ts';

export interface LoadedTuningFile {
  readonly spec: TuningJobSpec;
  /** Absolute path of the file. */
  readonly path: string;
  /** Its folder: relative paths inside resolve against it. */
  readonly baseDir: string;
  readonly warnings: readonly Issue[];
}

export type TuningFileCheck =
  | { readonly ok: true; readonly file: LoadedTuningFile }
  | { readonly ok: false; readonly path: string; readonly issues: readonly Issue[] };

/**
 * Reads a tuning file (YAML, JSON or a SageMaker CreateHyperParameterTuningJob request) and validates it.
 *
 * @param file - The path as given.
 * @param cwd - The folder it is relative to.
 * @returns The spec, or every problem with its path.
 * @throws RunnerError `fileNotFound` when the file cannot be read.
 */
export function checkTuningFile(file: string, cwd: string): TuningFileCheck {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RunnerError(
      'fileNotFound',
      `cannot read the tuning file ${file}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const result = parseTuningFile(text, { fileName: path });
  if (!result.ok) return { ok: false, path, issues: result.issues };
  return {
    ok: true,
    file: { spec: result.value, path, baseDir: dirname(path), warnings: result.warnings ?? [] },
  };
}

/**
 * Like {@link checkTuningFile}, but throws when the file has problems.
 *
 * @param file - The path as given.
 * @param cwd - The folder it is relative to.
 * @returns The loaded file.
 * @throws RunnerError `invalidTuningFile` listing every problem, `fileNotFound`.
 */
export function loadTuningFile(file: string, cwd: string): LoadedTuningFile {
  const check = checkTuningFile(file, cwd);
  if (check.ok) return check.file;
  throw new RunnerError(
    'invalidTuningFile',
    `${file} has ${check.issues.length} problem${check.issues.length === 1 ? '' : 's'}:\n${check.issues
      .map((issue) => `  ${formatIssue(issue)}`)
      .join('\n')}`,
  );
}
