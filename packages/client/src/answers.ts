/**
 * Checks of the server's answers against protocol.ts, so that a wrong server (or another service on that port)
 * is a clear `badResponse` naming the field instead of a TypeError deep in a worker loop. Only what the client
 * reads is checked.
 */
import { ClientError } from './errors.ts';
import type { ActionResponse, AskResponse, JobInfo, LeasedTrial } from './protocol.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrong(field: string, expected: string, value: unknown): ClientError {
  const got = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  return new ClientError('badResponse', `the server's answer: ${field} must be ${expected} (got ${got})`);
}

function object(value: unknown, field: string): Json {
  if (!isObject(value)) throw wrong(field, 'an object', value);
  return value;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw wrong(field, 'a string', value);
  return value;
}

function number(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong(field, 'a number', value);
  return value;
}

/** @internal */
export function checkJobInfo(value: unknown): JobInfo {
  const info = object(value, 'job');
  string(info.name, 'job.name');
  string(info.status, 'job.status');
  object(info.objective, 'job.objective');
  object(info.counts, 'job.counts');
  return info as unknown as JobInfo;
}

/** @internal */
export function checkAskResponse(value: unknown): AskResponse {
  const answer = object(value, 'ask');
  switch (answer.status) {
    case 'trial': {
      const trial = object(answer.trial, 'ask.trial');
      if (!Number.isSafeInteger(trial.id)) throw wrong('ask.trial.id', 'a whole number', trial.id);
      string(trial.lease, 'ask.trial.lease');
      number(trial.attempt, 'ask.trial.attempt');
      object(trial.params, 'ask.trial.params');
      object(trial.tuned, 'ask.trial.tuned');
      object(trial.objective, 'ask.trial.objective');
      object(trial.context, 'ask.trial.context');
      number(trial.heartbeatSeconds, 'ask.trial.heartbeatSeconds');
      number(trial.leaseSeconds, 'ask.trial.leaseSeconds');
      return { status: 'trial', trial: trial as unknown as LeasedTrial };
    }
    case 'wait':
      return {
        status: 'wait',
        retryAfterSeconds: number(answer.retryAfterSeconds, 'ask.retryAfterSeconds'),
        reason: typeof answer.reason === 'string' ? answer.reason : '',
      };
    case 'done':
      return { status: 'done', reason: typeof answer.reason === 'string' ? answer.reason : '' };
    default:
      throw wrong('ask.status', 'trial, wait or done', answer.status);
  }
}

/** @internal */
export function checkActionResponse(value: unknown, field: string): ActionResponse {
  const answer = object(value, field);
  if (answer.action === 'continue') return { action: 'continue' };
  if (answer.action === 'stop') {
    return {
      action: 'stop',
      reason: typeof answer.reason === 'string' ? answer.reason : 'the server said stop',
    };
  }
  throw wrong(`${field}.action`, 'continue or stop', answer.action);
}
