import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath, TunekitError } from './errors.ts';

describe('formatPath', () => {
  it('writes paths the way users write them', () => {
    expect(formatPath(['parameters', 'eta', 'min'])).toBe('parameters.eta.min');
    expect(formatPath(['metrics', 2, 'regex'])).toBe('metrics[2].regex');
    expect(formatPath([])).toBe('(root)');
  });
  it('formats an issue as one line', () => {
    expect(formatIssue({ code: 'x', path: ['a', 'b'], message: 'must be > 0' })).toBe('a.b: must be > 0');
  });
  it('keeps code and cause on the error', () => {
    const cause = new Error('inner');
    const error = new TunekitError('invalidArgument', 'bad', { cause });
    expect(error.code).toBe('invalidArgument');
    expect(error.cause).toBe(cause);
  });
});
