/** @internal Helpers for the spec tests: the problems of a result, with a readable failure when it passed. */
import type { Issue, ParseResult } from '../errors.ts';
import { Issues } from './reader.ts';
import { parseSageMakerSettings } from './sageMakerSettings.ts';
import type { SageMakerManagedSettings } from './types.ts';

/** The problems of a result that must have failed. */
export function problemsOf(result: ParseResult<unknown>): Issue[] {
  if (result.ok) throw new Error(`expected problems, got a valid result: ${JSON.stringify(result.value)}`);
  return result.issues;
}

/** The value of a result that must have passed. */
export function specOf<T>(result: ParseResult<T>): T {
  if (!result.ok)
    throw new Error(
      `expected a valid result, got:\n${result.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return result.value;
}

/** The single problem at `path` (fails when there is none or several). */
export function problemAt(result: ParseResult<unknown>, path: readonly (string | number)[]): Issue {
  const found = problemsOf(result).filter((issue) => JSON.stringify(issue.path) === JSON.stringify(path));
  if (found.length !== 1) {
    throw new Error(
      `expected one problem at ${JSON.stringify(path)}, found ${found.length} among:\n${problemsOf(result)
        .map((i) => `${JSON.stringify(i.path)}: ${i.message}`)
        .join('\n')}`,
    );
  }
  return found[0]!;
}

/** Typed settings of a SageMaker executor from the fields a tuning file gives (fails on problems). */
export function sageMakerSettingsOf(
  kind: 'sagemaker' | 'sagemaker-managed',
  raw: Readonly<Record<string, unknown>>,
): SageMakerManagedSettings {
  const issues = new Issues();
  const settings = parseSageMakerSettings(kind, raw, ['executor', kind], issues);
  if (settings === undefined) throw new Error(JSON.stringify(issues.errors));
  return settings;
}
