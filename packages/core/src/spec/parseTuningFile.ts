/**
 * Reading a tuning file: YAML or JSON text (or a SageMaker `CreateHyperParameterTuningJob` request body in
 * either) into a validated `TuningJobSpec`.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Issue, ParseResult } from '../errors.ts';
import { jsonDuplicateKeys, yamlDuplicateKeys } from './duplicateKeys.ts';
import { fromSageMakerRequest, isSageMakerRequest } from './fromSageMakerRequest.ts';
import { TUNING_FILE_MAX_CHARACTERS } from './limits.ts';
import type { TuningJobSpec } from './types.ts';
import { validateTuningJob } from './validateTuningJob.ts';

/** Options of {@link parseTuningFile}. */
export interface ParseTuningFileOptions {
  /** The text's format; by default JSON when `fileName` ends in `.json`, YAML otherwise (YAML reads JSON too). */
  readonly format?: 'yaml' | 'json';
  /** The file's name, for the format and for messages. */
  readonly fileName?: string;
}

/** Aliases expanded at most this many times: a YAML "billion laughs" document fails instead of filling memory. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses and validates a tuning file. A document with a `HyperParameterTuningJobConfig` is read as a SageMaker
 * request body (see {@link fromSageMakerRequest}).
 *
 * @param text - The file's content.
 * @param options - Format and file name.
 * @returns The spec, or every problem: syntax errors with their line and column, then field problems by path.
 * @example
 * const parsed = parseTuningFile(readFileSync('tuning.yaml', 'utf8'), { fileName: 'tuning.yaml' });
 * if (!parsed.ok) for (const issue of parsed.issues) console.error(formatIssue(issue));
 */
export function parseTuningFile(
  text: string,
  options: ParseTuningFileOptions = {},
): ParseResult<TuningJobSpec> {
  if (text.length > TUNING_FILE_MAX_CHARACTERS) {
    // Refused before parsing: the parsers and the checks behind them would take seconds and memory on it.
    return {
      ok: false,
      issues: [
        {
          code: 'file.tooLarge',
          path: [],
          message: `the tuning file has ${text.length} characters, more than ${TUNING_FILE_MAX_CHARACTERS} (1 MiB): a tuning file takes a few kilobytes, check that this is the right file`,
        },
      ],
    };
  }
  const format = options.format ?? (options.fileName?.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
  const document = format === 'json' ? readJson(text) : readYaml(text);
  if (!document.ok) return { ok: false, issues: document.issues };
  if (document.value === null || document.value === undefined) {
    return {
      ok: false,
      issues: [
        {
          code: 'file.empty',
          path: [],
          message: 'the tuning file is empty: start from the example in the README',
        },
      ],
    };
  }
  return isSageMakerRequest(document.value)
    ? fromSageMakerRequest(document.value)
    : validateTuningJob(document.value);
}

function syntaxIssue(
  code: string,
  what: string,
  line: number | undefined,
  column: number | undefined,
  detail: string,
): Issue {
  const where = line === undefined ? '' : ` at line ${line}, column ${column ?? 1}`;
  return { code, path: [], message: `${what} syntax error${where}: ${detail}` };
}

function readYaml(text: string): ParseResult<unknown> {
  const lineCounter = new LineCounter();
  // uniqueKeys off: the package's check is quadratic in the keys of a mapping; yamlDuplicateKeys is linear.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const syntaxErrors = document.errors.map((error) => {
    const position = lineCounter.linePos(error.pos[0]);
    return syntaxIssue(
      'yaml.syntax',
      'YAML',
      position.line,
      position.col,
      yamlMessage(error.code, error.message),
    );
  });
  const duplicates = yamlDuplicateKeys(document, lineCounter);
  if (syntaxErrors.length > 0 || duplicates.length > 0)
    return { ok: false, issues: [...syntaxErrors, ...duplicates] };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    return {
      ok: false,
      issues: [syntaxIssue('yaml.syntax', 'YAML', undefined, undefined, (error as Error).message)],
    };
  }
}

function yamlMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'the file holds several YAML documents (---): keep one';
  return message;
}

function readJson(text: string): ParseResult<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(message, text);
    const position = offset === undefined ? undefined : lineAndColumn(text, offset);
    return {
      ok: false,
      issues: [syntaxIssue('json.syntax', 'JSON', position?.line, position?.column, message)],
    };
  }
  // JSON.parse keeps the last of two equal keys silently; YAML refuses them, and so does JSON here.
  const duplicates = jsonDuplicateKeys(text);
  return duplicates.length > 0 ? { ok: false, issues: duplicates } : { ok: true, value };
}

/** The offset of a JSON.parse error: V8 says `at position N`, or `(line L column C)` in newer versions. */
function jsonErrorOffset(message: string, text: string): number | undefined {
  const atPosition = /position (\d+)/.exec(message);
  if (atPosition) return Number(atPosition[1]);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) {
    const lines = text.split('\n').slice(0, Number(lineColumn[1]) - 1);
    return lines.reduce((sum, line) => sum + line.length + 1, 0) + Number(lineColumn[2]) - 1;
  }
  if (/end of JSON input/.test(message)) return text.length;
  return undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
