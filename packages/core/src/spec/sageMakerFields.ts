/**
 * @internal Readers of the fields of `executor.sagemaker` / `executor.sagemaker-managed`, on top of reader.ts's
 * `Issues`: each reads one field, records an issue (code `sagemaker.*`) with its path and what to change when it
 * has the wrong shape, and returns undefined then. The codes and messages are SageMaker's settings' own (they
 * predate reader.ts's generic `spec.*` ones, and users' scripts match them).
 */
import { type Issues, isRecord, type Path } from './reader.ts';
import type { ChannelSettings } from './types.ts';

interface StringRule {
  readonly required?: boolean;
  readonly pattern?: RegExp;
  readonly hint?: string;
}

/** @internal */
export interface FieldReader {
  string(field: string, rule?: StringRule): string | undefined;
  number(field: string, min: number): number | undefined;
  integer(field: string, min: number): number | undefined;
  boolean(field: string): boolean | undefined;
  oneOf<T extends string>(field: string, values: readonly T[]): T | undefined;
  stringRecord(field: string): Record<string, string>;
  channels(field: string): Record<string, ChannelSettings>;
  vpc(field: string): { subnets: string[]; securityGroupIds: string[] } | undefined;
  checkpoint(field: string): { s3Uri: string; localPath?: string } | undefined;
  warmStart(
    field: string,
  ): { parents: string[]; type: 'IdenticalDataAndAlgorithm' | 'TransferLearning' } | undefined;
  hyperband(field: string): { minResource?: number; maxResource?: number } | undefined;
  rejectUnknown(known: readonly string[], alreadyReported: readonly string[]): void;
}

const S3_URI = /^s3:\/\/[^/]+/;

/**
 * Creates the readers of one settings object.
 *
 * @param raw - The settings.
 * @param base - Path of the settings object (`['executor', 'sagemaker']`).
 * @param issues - Where problems go.
 * @returns The readers.
 */
export function readFields(raw: Readonly<Record<string, unknown>>, base: Path, issues: Issues): FieldReader {
  const problem = (path: Path, code: string, message: string): undefined => {
    issues.add(`sagemaker.${code}`, [...base, ...path], message);
    return undefined;
  };
  const stringList = (value: unknown, path: (string | number)[]): string[] | undefined => {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.some((item) => typeof item !== 'string' || item === '')
    ) {
      return problem(path, 'notStringList', 'must be a non-empty list of strings');
    }
    return value as string[];
  };
  return {
    string(field, rule = {}) {
      const value = raw[field];
      if (value === undefined) {
        return rule.required
          ? problem([field], 'missing', `is required${rule.hint ? `: ${rule.hint}` : ''}`)
          : undefined;
      }
      if (typeof value !== 'string' || value === '')
        return problem([field], 'notString', 'must be a non-empty string');
      if (rule.pattern !== undefined && !rule.pattern.test(value)) {
        return problem(
          [field],
          'badFormat',
          `${JSON.stringify(value)} is not ${rule.hint ?? `like ${rule.pattern}`}`,
        );
      }
      return value;
    },
    number(field, min) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
        return problem([field], 'badNumber', `must be a number of at least ${min}`);
      }
      return value;
    },
    integer(field, min) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
        return problem([field], 'badInteger', `must be a whole number of at least ${min}`);
      }
      return value;
    },
    boolean(field) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'boolean') return problem([field], 'notBoolean', 'must be true or false');
      return value;
    },
    oneOf(field, values) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
        return problem([field], 'notOneOf', `must be one of ${values.join(', ')}`);
      }
      return value as (typeof values)[number];
    },
    stringRecord(field) {
      const value = raw[field];
      if (value === undefined) return {};
      if (!isRecord(value)) return problem([field], 'notRecord', 'must be a map of names to strings') ?? {};
      const out: Record<string, string> = {};
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'string') out[key] = item;
        else if (typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
        else problem([field, key], 'notString', 'must be a string');
      }
      return out;
    },
    channels(field) {
      const value = raw[field];
      if (value === undefined) return {};
      if (!isRecord(value))
        return problem([field], 'notRecord', 'must be a map of channel names to S3 URIs') ?? {};
      const out: Record<string, ChannelSettings> = {};
      for (const [name, channel] of Object.entries(value)) {
        if (!/^[A-Za-z0-9.\-_]{1,64}$/.test(name)) {
          problem(
            [field, name],
            'badChannelName',
            'channel names are 1-64 letters, digits, dots, hyphens or underscores',
          );
        }
        if (typeof channel === 'string') {
          if (S3_URI.test(channel)) out[name] = { s3Uri: channel };
          else
            problem(
              [field, name],
              'badFormat',
              `${JSON.stringify(channel)} is not an S3 URI like s3://bucket/train/`,
            );
          continue;
        }
        if (!isRecord(channel) || typeof channel.s3Uri !== 'string' || !S3_URI.test(channel.s3Uri)) {
          problem(
            [field, name],
            'badChannel',
            'must be an S3 URI or { s3Uri, contentType?, compression?, inputMode?, distribution? }',
          );
          continue;
        }
        const inner = readFields(channel, [...base, field, name], issues);
        out[name] = {
          s3Uri: channel.s3Uri,
          ...opt('contentType', inner.string('contentType')),
          ...opt('compression', inner.oneOf('compression', ['None', 'Gzip'] as const)),
          ...opt('inputMode', inner.oneOf('inputMode', ['File', 'Pipe', 'FastFile'] as const)),
          ...opt('distribution', inner.oneOf('distribution', ['FullyReplicated', 'ShardedByS3Key'] as const)),
        };
        inner.rejectUnknown(['s3Uri', 'contentType', 'compression', 'inputMode', 'distribution'], []);
      }
      return out;
    },
    vpc(field) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (!isRecord(value))
        return problem([field], 'notRecord', 'must be { subnets: [...], securityGroupIds: [...] }');
      const subnets = stringList(value.subnets, [field, 'subnets']);
      const securityGroupIds = stringList(value.securityGroupIds, [field, 'securityGroupIds']);
      return subnets && securityGroupIds ? { subnets, securityGroupIds } : undefined;
    },
    checkpoint(field) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (!isRecord(value) || typeof value.s3Uri !== 'string' || !S3_URI.test(value.s3Uri)) {
        return problem(
          [field],
          'badCheckpoint',
          'must be { s3Uri: s3://bucket/checkpoints/, localPath?: /opt/ml/checkpoints }',
        );
      }
      return {
        s3Uri: value.s3Uri,
        ...opt('localPath', typeof value.localPath === 'string' ? value.localPath : undefined),
      };
    },
    warmStart(field) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (!isRecord(value))
        return problem([field], 'notRecord', 'must be { parents: [tuning job names], type }');
      const parents = stringList(value.parents, [field, 'parents']);
      if (parents !== undefined && parents.length > 5)
        problem([field, 'parents'], 'tooManyParents', 'SageMaker takes at most 5 parent tuning jobs');
      const type = value.type ?? 'IdenticalDataAndAlgorithm';
      if (type !== 'IdenticalDataAndAlgorithm' && type !== 'TransferLearning') {
        return problem([field, 'type'], 'notOneOf', 'must be IdenticalDataAndAlgorithm or TransferLearning');
      }
      return parents === undefined ? undefined : { parents, type };
    },
    hyperband(field) {
      const value = raw[field];
      if (value === undefined) return undefined;
      if (!isRecord(value))
        return problem([field], 'notRecord', 'must be { minResource, maxResource } (epochs or other units)');
      const out: { minResource?: number; maxResource?: number } = {};
      for (const key of Object.keys(value)) {
        if (key !== 'minResource' && key !== 'maxResource') {
          problem([field, key], 'unknownField', 'is not a Hyperband setting: use minResource or maxResource');
          continue;
        }
        const bound = value[key];
        if (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 1)
          problem([field, key], 'badInteger', 'must be a whole number of at least 1');
        else out[key] = bound;
      }
      if (out.minResource !== undefined && out.maxResource !== undefined && out.minResource > out.maxResource)
        problem([field, 'minResource'], 'minAboveMax', `must be at most maxResource (${out.maxResource})`);
      return out;
    },
    rejectUnknown(known, alreadyReported) {
      for (const key of Object.keys(raw)) {
        if (known.includes(key) || alreadyReported.includes(key)) continue;
        const close = known.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
        problem(
          [key],
          'unknownField',
          close
            ? `unknown field; did you mean ${close}?`
            : `unknown field; known fields: ${known.join(', ')}`,
        );
      }
    },
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
