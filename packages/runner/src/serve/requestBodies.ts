/**
 * Reads the served-job protocol's request bodies: JSON objects with known keys only, no repeated key, each field
 * checked, and every refusal naming the field (`body.step: must be a whole number >= 0 (got -1)`). Records built
 * from a worker's keys (metric values) have no prototype, and only metrics the tuning file defines are accepted,
 * so `__proto__` and its kind are refused like any unknown name.
 */
import type { AskRequest, HeartbeatRequest, ReportRequest, TellRequest } from '@tunekit/client/protocol';
import { MAX_ASK_WAIT_SECONDS } from '@tunekit/client/protocol';
import { jsonDuplicateKeys } from '@tunekit/core/unstable';
import { ProtocolError } from './protocolError.ts';

/** A worker's name, a request id, a lease: short words of a safe alphabet (they reach logs and reasons). */
const WORD = /^[A-Za-z0-9._:@-]{1,100}$/;
/** A reason a worker gives: at most this many characters are kept. */
const MAX_REASON_CHARS = 2000;

type Fields = Record<string, unknown>;

function bad(field: string, problem: string): ProtocolError {
  return new ProtocolError('badRequest', `body.${field}: ${problem}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/**
 * Parses a body's text into an object.
 *
 * @param text - The body, UTF-8 decoded.
 * @param keys - The keys the request may have.
 * @returns The fields.
 * @throws ProtocolError `badRequest` for text that is not one JSON object, a repeated key or an unknown key.
 */
export function parseBody(text: string, keys: readonly string[]): Fields {
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '{}' : text);
  } catch (error) {
    throw new ProtocolError('badRequest', `body: not JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ProtocolError('badRequest', `body: must be a JSON object, not ${describe(value)}`);
  const repeated = jsonDuplicateKeys(text)[0];
  if (repeated !== undefined)
    throw new ProtocolError('badRequest', `body.${repeated.path.join('.')}: written twice: keep one`);
  const fields = value as Fields;
  for (const key of Object.keys(fields)) {
    if (!keys.includes(key))
      throw new ProtocolError(
        'badRequest',
        `body: unknown field ${JSON.stringify(key.slice(0, 60))}; this request takes ${keys.join(', ')}`,
      );
  }
  return fields;
}

function word(fields: Fields, key: string, what: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || !WORD.test(value))
    throw bad(key, `must be ${what}: 1-100 characters of A-Z a-z 0-9 . _ : @ - (got ${describe(value)})`);
  return value;
}

function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw bad(field, `must be a finite number (got ${describe(value)})`);
  return value;
}

function reason(value: unknown, field: string): string {
  if (typeof value !== 'string') throw bad(field, `must be a string (got ${describe(value)})`);
  // A reason reaches the journal, logs and Markdown reports: control characters other than tab and newline go.
  const clean = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
  return clean.length > MAX_REASON_CHARS ? `${clean.slice(0, MAX_REASON_CHARS)}...` : clean;
}

/**
 * Reads a metrics record: names the tuning file defines (or the objective), finite values.
 *
 * @param value - The raw field.
 * @param field - Its name in the body.
 * @param known - The metric names the job knows.
 * @returns A prototype-free record.
 */
function metrics(value: unknown, field: string, known: ReadonlySet<string>): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw bad(field, `must be an object of metric names to numbers (got ${describe(value)})`);
  const out: Record<string, number> = Object.create(null);
  for (const [name, raw] of Object.entries(value as Fields)) {
    if (!known.has(name))
      throw bad(
        `${field}.${name.slice(0, 60)}`,
        `is not a metric of this job; its metrics are ${[...known].join(', ')} (add a metric definition to the tuning file to report it)`,
      );
    out[name] = finiteNumber(raw, `${field}.${name}`);
  }
  return out;
}

/** Reads `POST /v1/ask`. */
export function readAsk(text: string): Required<AskRequest> {
  const fields = parseBody(text, ['worker', 'requestId', 'waitSeconds']);
  const waitSeconds = fields.waitSeconds === undefined ? 20 : finiteNumber(fields.waitSeconds, 'waitSeconds');
  if (waitSeconds < 0 || waitSeconds > MAX_ASK_WAIT_SECONDS)
    throw bad('waitSeconds', `must be 0 to ${MAX_ASK_WAIT_SECONDS} (got ${waitSeconds})`);
  return {
    worker: word(fields, 'worker', "the worker's name"),
    requestId: word(fields, 'requestId', 'a token the client makes once per ask'),
    waitSeconds,
  };
}

/** Reads `POST /v1/trials/<id>/heartbeat`. */
export function readHeartbeat(text: string): HeartbeatRequest {
  const fields = parseBody(text, ['lease']);
  return { lease: word(fields, 'lease', 'the lease the ask gave') };
}

/**
 * Reads `POST /v1/trials/<id>/report`.
 *
 * @param text - The body.
 * @param known - The job's metric names.
 * @returns The report.
 */
export function readReport(text: string, known: ReadonlySet<string>): ReportRequest {
  const fields = parseBody(text, ['lease', 'step', 'value', 'metrics']);
  const lease = word(fields, 'lease', 'the lease the ask gave');
  const step = fields.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)
    throw bad('step', `must be a whole number >= 0 (got ${describe(step)})`);
  if (fields.value === undefined && fields.metrics === undefined)
    throw bad('value', 'is required unless metrics is given: report the objective value at this step');
  return {
    lease,
    step,
    ...(fields.value === undefined ? {} : { value: finiteNumber(fields.value, 'value') }),
    ...(fields.metrics === undefined ? {} : { metrics: metrics(fields.metrics, 'metrics', known) }),
  };
}

/**
 * Reads `POST /v1/trials/<id>/tell`.
 *
 * @param text - The body.
 * @param known - The job's metric names.
 * @returns The outcome the worker tells.
 */
export function readTell(text: string, known: ReadonlySet<string>): TellRequest {
  const fields = parseBody(text, ['lease', 'status', 'value', 'metrics', 'reason']);
  const lease = word(fields, 'lease', 'the lease the ask gave');
  const { status } = fields;
  if (status === 'Completed') {
    if (fields.reason !== undefined)
      throw bad('reason', 'is for Failed and Stopped; a Completed trial has a value');
    return {
      lease,
      status,
      ...(fields.value === undefined ? {} : { value: finiteNumber(fields.value, 'value') }),
      ...(fields.metrics === undefined ? {} : { metrics: metrics(fields.metrics, 'metrics', known) }),
    };
  }
  if (status === 'Failed' || status === 'Stopped') {
    if (fields.value !== undefined || fields.metrics !== undefined)
      throw bad(
        fields.value !== undefined ? 'value' : 'metrics',
        `is for Completed; report values before a ${status}`,
      );
    if (status === 'Failed') {
      if (fields.reason === undefined) throw bad('reason', 'is required for Failed: say what went wrong');
      return { lease, status, reason: reason(fields.reason, 'reason') || 'failed (no reason given)' };
    }
    return {
      lease,
      status,
      ...(fields.reason === undefined ? {} : { reason: reason(fields.reason, 'reason') }),
    };
  }
  throw bad('status', `must be Completed, Failed or Stopped (got ${describe(status)})`);
}
