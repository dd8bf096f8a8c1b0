/**
 * @internal Shape parsing of the tuning file's `executor`: exactly one of `local`, `sagemaker`,
 * `sagemaker-managed`, each into its typed settings (SageMaker's in sageMakerSettings.ts).
 */

import { RESERVED_NAMES, reservedNameMessage } from '../userText.ts';
import { CHANNEL_NAME_PATTERN, ENVIRONMENT_LIMITS, MAX_CHANNELS, SPEC_DEFAULTS } from './limits.ts';
import {
  checkKeys,
  describeValue,
  type Issues,
  isRecord,
  keyProblem,
  type Path,
  readBoolean,
  readNumber,
  readRecord,
  readStringMap,
  readText,
} from './reader.ts';
import { parseSageMakerSettings } from './sageMakerSettings.ts';
import type { ExecutorSpec, LocalExecutorSpec, RemoteExecutorSpec } from './types.ts';

const KINDS = ['local', 'remote', 'sagemaker', 'sagemaker-managed'] as const;
const LOCAL_KEYS = ['command', 'cwd', 'env', 'timeoutSeconds', 'killGraceSeconds', 'channels', 'reuse'];
const REMOTE_KEYS = ['leaseSeconds', 'heartbeatSeconds'];

/**
 * Reads `executor`.
 *
 * @param value - The raw field.
 * @param path - Its path, `['executor']`.
 * @param issues - Where problems go.
 * @returns The executor, or undefined when it has problems.
 */
export function parseExecutor(value: unknown, path: Path, issues: Issues): ExecutorSpec | undefined {
  const record = readRecord(
    value,
    path,
    issues,
    'one executor (local, remote, sagemaker or sagemaker-managed) to its settings',
  );
  if (record === undefined) return undefined;
  checkKeys(record, KINDS, path, issues);
  const kinds = KINDS.filter((kind) => kind in record);
  if (kinds.length !== 1) {
    issues.add(
      'executor.notOne',
      path,
      kinds.length === 0
        ? 'names no executor: add one of local: { command: [python3, train.py] }, remote: {}, sagemaker: {...} or sagemaker-managed: {...}'
        : `names ${kinds.length} executors (${kinds.join(', ')}): keep exactly one`,
    );
    return undefined;
  }
  const kind = kinds[0]!;
  if (kind === 'local') return parseLocal(record.local, [...path, 'local'], issues);
  if (kind === 'remote') return parseRemote(record.remote ?? {}, [...path, 'remote'], issues);
  const raw = readRecord(record[kind] ?? {}, [...path, kind], issues, `${kind} settings`);
  if (raw === undefined) return undefined;
  const settings = parseSageMakerSettings(kind, raw, [...path, kind], issues);
  if (settings === undefined) return undefined;
  return kind === 'sagemaker' ? { kind, settings } : { kind, settings };
}

/**
 * The SageMaker executor a raw `executor` names, with its raw `tuningJobName`, even when its settings have
 * problems: the job's rules (metrics, the sent name, managed strategies) then still run, so that every problem
 * of a file shows at once.
 *
 * @param value - The raw field.
 * @returns The kind and the raw name, or undefined when `executor` does not name exactly one SageMaker executor.
 */
export function sageMakerOutline(
  value: unknown,
): { kind: 'sagemaker' | 'sagemaker-managed'; tuningJobName: unknown } | undefined {
  if (!isRecord(value)) return undefined;
  const kinds = KINDS.filter((kind) => kind in value);
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined || kind === 'local' || kind === 'remote') return undefined;
  const settings = value[kind] ?? {};
  return isRecord(settings) ? { kind, tuningJobName: settings.tuningJobName } : undefined;
}

function parseLocal(value: unknown, path: Path, issues: Issues): LocalExecutorSpec | undefined {
  const record = readRecord(
    value,
    path,
    issues,
    'local executor settings (command, cwd, env, timeoutSeconds, killGraceSeconds, channels)',
  );
  if (record === undefined) return undefined;
  const before = issues.errors.length;
  checkKeys(record, LOCAL_KEYS, path, issues);
  const command = parseCommand(record.command, [...path, 'command'], issues);
  const cwd = record.cwd === undefined ? undefined : readText(record.cwd, [...path, 'cwd'], issues);
  const env =
    record.env === undefined
      ? {}
      : readStringMap(record.env, [...path, 'env'], issues, 'environment variables to values', {
          what: 'environment variables',
          maxEntries: ENVIRONMENT_LIMITS.maxEntries,
          nameProblem: environmentNameProblem,
        });
  const timeoutSeconds =
    record.timeoutSeconds === undefined
      ? undefined
      : readNumber(record.timeoutSeconds, [...path, 'timeoutSeconds'], issues, { greaterThan: 0 });
  const killGraceSeconds =
    record.killGraceSeconds === undefined
      ? SPEC_DEFAULTS.killGraceSeconds
      : readNumber(record.killGraceSeconds, [...path, 'killGraceSeconds'], issues, { min: 0 });
  const channels =
    record.channels === undefined ? {} : parseChannels(record.channels, [...path, 'channels'], issues);
  const reuse = record.reuse === undefined ? false : readBoolean(record.reuse, [...path, 'reuse'], issues);
  if (issues.errors.length > before || command === undefined || env === undefined || channels === undefined)
    return undefined;
  if (killGraceSeconds === undefined || reuse === undefined) return undefined;
  return {
    kind: 'local',
    command,
    ...(cwd === undefined ? {} : { cwd }),
    env,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    killGraceSeconds,
    channels,
    ...(reuse ? { reuse } : {}),
  };
}

/** The defaults of `executor.remote`. */
const REMOTE_DEFAULTS = { leaseSeconds: 60, heartbeatSeconds: 10 };

function parseRemote(value: unknown, path: Path, issues: Issues): RemoteExecutorSpec | undefined {
  const record = readRecord(value, path, issues, 'remote executor settings (leaseSeconds, heartbeatSeconds)');
  if (record === undefined) return undefined;
  const before = issues.errors.length;
  checkKeys(record, REMOTE_KEYS, path, issues);
  const read = (key: 'leaseSeconds' | 'heartbeatSeconds'): number | undefined =>
    record[key] === undefined
      ? REMOTE_DEFAULTS[key]
      : readNumber(record[key], [...path, key], issues, { min: 1, max: 86_400 });
  const leaseSeconds = read('leaseSeconds');
  const heartbeatSeconds = read('heartbeatSeconds');
  if (issues.errors.length > before || leaseSeconds === undefined || heartbeatSeconds === undefined)
    return undefined;
  if (heartbeatSeconds >= leaseSeconds) {
    issues.add(
      'executor.heartbeatTooSlow',
      [...path, 'heartbeatSeconds'],
      `must be less than leaseSeconds (${leaseSeconds}): a worker would lose every lease between two heartbeats; try ${Math.max(1, Math.floor(leaseSeconds / 4))}`,
    );
    return undefined;
  }
  return { kind: 'remote', leaseSeconds, heartbeatSeconds };
}

function parseCommand(value: unknown, path: Path, issues: Issues): string[] | undefined {
  if (value === undefined) {
    issues.add(
      'spec.required',
      path,
      'is required: add the training command as a list, command: [python3, train.py]',
    );
    return undefined;
  }
  if (typeof value === 'string') {
    const words = value
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '');
    issues.add(
      'executor.commandNotAList',
      path,
      `must be a list of arguments, not one string: write command: [${words.join(', ')}] (no shell is involved)`,
    );
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(
      'executor.emptyCommand',
      path,
      Array.isArray(value)
        ? 'must not be empty: give the program and its arguments, [python3, train.py]'
        : `must be a list of arguments ([python3, train.py]), not ${describeValue(value)}`,
    );
    return undefined;
  }
  const out: string[] = [];
  value.forEach((word, index) => {
    const at = [...path, index];
    if (typeof word === 'number' && Number.isFinite(word)) out.push(String(word));
    else {
      const text = readText(word, at, issues);
      if (text !== undefined) out.push(text);
    }
  });
  return out.length === value.length ? out : undefined;
}

function parseChannels(value: unknown, path: Path, issues: Issues): Record<string, string> | undefined {
  const record = readRecord(value, path, issues, 'channel names to local folders (train: ./data)');
  if (record === undefined) return undefined;
  const entries = Object.entries(record);
  if (entries.length > MAX_CHANNELS) {
    issues.add(
      'spec.tooManyEntries',
      path,
      `has ${entries.length} channels; at most ${MAX_CHANNELS} are allowed (SageMaker's InputDataConfig limit): drop some`,
    );
    return undefined;
  }
  const out: Record<string, string> = Object.create(null);
  let ok = true;
  for (const [name, folder] of entries) {
    if (RESERVED_NAMES.includes(name)) {
      issues.add('spec.reservedName', [...path, name], reservedNameMessage(name, 'a channel name'));
      ok = false;
      continue;
    }
    if (!CHANNEL_NAME_PATTERN.test(name)) {
      issues.add(
        'executor.channelName',
        [...path, name],
        'a channel name takes 1 to 64 letters, digits, ".", "-" or "_" (SageMaker\'s ChannelName): rename it',
      );
      ok = false;
    }
    const text = readText(folder, [...path, name], issues);
    if (text === undefined) ok = false;
    else out[name] = text;
  }
  return ok ? out : undefined;
}

/** An environment variable's name: no `=` (it ends the name), no control character, not reserved, 512 at most. */
function environmentNameProblem(name: string): { code: string; message: string } | undefined {
  const problem = keyProblem(name, 'an environment variable name');
  if (problem !== undefined) return problem;
  if (name.includes('='))
    return {
      code: 'executor.envName',
      message: `${JSON.stringify(name)} holds "=", which ends an environment variable's name: rename it`,
    };
  if (name.length > ENVIRONMENT_LIMITS.maxNameLength)
    return {
      code: 'executor.envName',
      message: `the name has ${name.length} characters; at most ${ENVIRONMENT_LIMITS.maxNameLength} are allowed (SageMaker's limit): shorten it`,
    };
  return undefined;
}
