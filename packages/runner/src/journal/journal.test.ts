import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunnerError } from '../errors.ts';
import type { JournalEvent } from './events.ts';
import { JournalWriter, parseJournal, readJournalFile, scanJournalFile } from './journal.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-journal-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const event = (trialId: number): JournalEvent => ({ type: 'trialStarted', t: 1000 + trialId, trialId });
const lines = (...events: JournalEvent[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join('');

describe('JournalWriter', () => {
  it('appends one whole line per event, readable at once by another reader', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const writer = new JournalWriter(path);
    writer.append(event(1));
    // Nothing buffered in the process: the file holds the event as soon as append returns.
    expect(readFileSync(path, 'utf8')).toBe(lines(event(1)));
    // Unflushed (metric values) is still written at once: a tuner killed right after loses nothing.
    writer.append(event(2), false);
    expect(readFileSync(path, 'utf8')).toBe(lines(event(1), event(2)));
    writer.close();
    expect(readJournalFile(path).events).toEqual([event(1), event(2)]);
    expect(() => writer.append(event(3))).toThrow(/closed/);
  });
});

describe('JournalWriter on a disk that refuses writes', () => {
  it.skipIf(!existsSync('/dev/full'))(
    'names the journal and the cause, and takes no event after a refused one (/dev/full is always full)',
    () => {
      const writer = new JournalWriter('/dev/full');
      let first: unknown;
      try {
        writer.append(event(1));
      } catch (error) {
        first = error;
      }
      expect(isRunnerError(first) && first.code).toBe('diskWriteFailed');
      expect((first as Error).message).toMatch(
        /^cannot write \/dev\/full: no space left on the device \(ENOSPC\)\. .*`tunekit tune <file>` again/,
      );
      // A line after a torn one would damage the journal in the middle: every later append is refused too.
      expect(() => writer.append(event(2))).toThrow(first as Error);
      writer.close();
    },
  );
});

describe('parseJournal', () => {
  it('drops a torn last line and says what it was, keeping every whole event before it', () => {
    const whole = lines(event(1), event(2));
    const torn = '{"type":"trialFinished","t":12,"tri';
    const parsed = parseJournal(Buffer.from(whole + torn));
    expect(parsed.events).toEqual([event(1), event(2)]);
    expect(parsed.tornTail).toBe(torn);
    expect(parsed.validBytes).toBe(Buffer.byteLength(whole));
  });

  it('treats a garbled last line (NUL bytes after a power cut) as torn', () => {
    const whole = lines(event(1));
    const parsed = parseJournal(Buffer.concat([Buffer.from(whole), Buffer.alloc(40)]));
    expect(parsed.events).toEqual([event(1)]);
    expect(parsed.tornTail).toBeDefined();
    expect(parsed.validBytes).toBe(Buffer.byteLength(whole));
  });

  it('keeps a whole last event that only lacks its newline, and says so', () => {
    const text = lines(event(1)) + JSON.stringify(event(2));
    const parsed = parseJournal(Buffer.from(text));
    expect(parsed.events).toEqual([event(1), event(2)]);
    expect(parsed.tornTail).toBeUndefined();
    expect(parsed.missingNewline).toBe(true);
  });

  it('refuses a damaged line in the middle, naming its line number', () => {
    const text = `${lines(event(1))}{"type":"metric","t":5,oops}\n${lines(event(2))}`;
    let caught: unknown;
    try {
      parseJournal(Buffer.from(text), 'journal.jsonl');
    } catch (error) {
      caught = error;
    }
    expect(isRunnerError(caught) && caught.code).toBe('journalUnreadable');
    expect((caught as Error).message).toMatch(/^journal\.jsonl line 2 is not a journal event/);
  });

  it('refuses a line in the middle that is JSON but not an event', () => {
    const text = `${lines(event(1))}[1,2]\n{"t":3}\n${lines(event(2))}`;
    expect(() => parseJournal(Buffer.from(text))).toThrow(
      /line 2 is not a journal event \(not a JSON object\)/,
    );
  });

  it('reads multi-byte text and counts bytes, not characters', () => {
    const withAccent: JournalEvent = { type: 'jobFinished', t: 1, reason: 'fini: état « stable » ✓' };
    const whole = lines(withAccent);
    const parsed = parseJournal(Buffer.from(`${whole}{"type":"x`));
    expect(parsed.events).toEqual([withAccent]);
    expect(parsed.validBytes).toBe(Buffer.byteLength(whole));
  });

  it('reads a missing file as an empty journal', () => {
    expect(readJournalFile(join(tempDir(), 'none.jsonl'))).toEqual({
      events: [],
      validBytes: 0,
      missingNewline: false,
    });
  });

  it('skips blank lines', () => {
    const path = join(tempDir(), 'journal.jsonl');
    writeFileSync(path, lines(event(1)));
    appendFileSync(path, `\n${lines(event(2))}\n\n`);
    expect(readJournalFile(path).events).toEqual([event(1), event(2)]);
  });

  it('streams a journal of several read chunks: events and the torn tail as parsing the whole file gives', () => {
    const path = join(tempDir(), 'journal.jsonl');
    // About 3 MB (three 1 MB reads), with multi-byte text so that chunk edges fall inside characters too.
    const many: JournalEvent[] = Array.from({ length: 20_000 }, (_, i) => ({
      type: 'trialFinished',
      t: i,
      trialId: i,
      outcome: { status: 'Failed', reason: `é—${'x'.repeat(i % 200)}` },
    }));
    writeFileSync(path, `${lines(...many)}{"type":"metric","t":`);
    const streamed: JournalEvent[] = [];
    const scan = scanJournalFile(path, (e) => streamed.push(e));
    const whole = parseJournal(readFileSync(path));
    expect(streamed).toEqual(many);
    expect(whole.events).toEqual(many);
    expect(scan).toEqual({
      count: many.length,
      tornTail: '{"type":"metric","t":',
      validBytes: whole.validBytes,
      missingNewline: false,
    });
    expect(whole.validBytes).toBe(Buffer.byteLength(lines(...many)));
  });

  it('refuses a damaged line followed by events in a later read chunk', () => {
    const path = join(tempDir(), 'journal.jsonl');
    writeFileSync(path, `${lines(event(1))}{"broken\n${'\n'.repeat(1_100_000)}${lines(event(2))}`);
    let caught: unknown;
    try {
      scanJournalFile(path, () => {});
    } catch (error) {
      caught = error;
    }
    expect(isRunnerError(caught) && caught.code === 'journalUnreadable').toBe(true);
    expect(String((caught as Error).message)).toContain('line 2 is not a journal event');
  });
});

describe('event shapes', () => {
  const created = JSON.stringify({
    type: 'jobCreated',
    t: 1,
    spec: {
      name: 'j',
      strategy: 'Random',
      objective: { metric: 'loss', type: 'Minimize' },
      limits: { maxTrials: 3 },
      executor: { kind: 'local' },
    },
    specHash: 'h',
  });
  const asked =
    '{"type":"trialAsked","t":2,"trialId":1,"configIndex":0,"attempt":0,"params":{"x":0.5},"unit":[0.5]}';
  const problemOf = (line: string, last = false): string => {
    const text = `${created}\n${asked}\n${line}\n${last ? '' : `${lines(event(1))}`}`;
    try {
      parseJournal(Buffer.from(text), 'journal.jsonl');
    } catch (error) {
      expect(isRunnerError(error) && error.code).toBe('journalUnreadable');
      return (error as Error).message.split('; ')[0]!;
    }
    return 'accepted';
  };

  it('accepts every event the tuner writes, trialInterrupted and a resume with a new spec included', () => {
    expect(problemOf('{"type":"trialStarted","t":3,"trialId":1,"handle":{"pid":7}}')).toBe('accepted');
    expect(
      problemOf(
        '{"type":"metric","t":3,"trialId":1,"observation":{"metric":"loss","value":null,"invalid":"nan","line":1,"step":0}}',
      ),
    ).toBe('accepted');
    expect(problemOf('{"type":"trialInterrupted","t":3,"trialId":1}')).toBe('accepted');
    expect(
      problemOf(
        '{"type":"trialDecision","t":3,"trialId":1,"rule":"hyperband","bracket":2,"rung":0,"resource":1,"value":0.8,"decision":"stop","basis":{"threshold":0.6,"count":3},"reason":"Hyperband: stopped"}',
      ),
    ).toBe('accepted');
    expect(
      problemOf(
        `{"type":"jobResumed","t":3,"pid":9,"spec":${created.slice(created.indexOf('{"name'), created.indexOf(',"specHash'))},"specHash":"h2"}`,
      ),
    ).toBe('accepted');
    expect(
      problemOf(
        '{"type":"trialFinished","t":3,"trialId":1,"outcome":{"status":"Completed","objective":2,"finalMetrics":{"loss":2,"acc":null}}}',
      ),
    ).toBe('accepted');
    expect(problemOf('{"type":"jobFinished","t":3,"reason":"maxTrials"}')).toBe('accepted');
  });

  it('refuses a whole event of the wrong shape, naming the line and what is wrong, even as the last line', () => {
    expect(problemOf('{"type":"trialFinished","t":3,"trialId":1}')).toBe(
      'journal.jsonl line 3 is not a valid trialFinished event: outcome must be an object',
    );
    expect(
      problemOf(
        '{"type":"trialDecision","t":3,"trialId":1,"rule":"hyperband","resource":1,"value":0.8,"decision":"stop","reason":"r"}',
      ),
    ).toBe('journal.jsonl line 3 is not a valid trialDecision event: basis must be an object');
    expect(
      problemOf(
        '{"type":"trialDecision","t":3,"trialId":1,"rule":"hyperband","resource":1,"value":0.8,"decision":"halt","basis":{"count":1},"reason":"r"}',
      ),
    ).toBe('journal.jsonl line 3 is not a valid trialDecision event: decision must be "promote" or "stop"');
    expect(problemOf('{"type":"trialFinished","t":3,"trialId":1}', true)).toBe(
      'journal.jsonl line 3 is not a valid trialFinished event: outcome must be an object',
    );
    expect(problemOf('{"type":"trialFinished","t":3,"trialId":1,"outcome":{"status":"Done"}}')).toBe(
      'journal.jsonl line 3 is not a valid trialFinished event: outcome.status must be Completed, Failed or Stopped',
    );
    expect(problemOf('{"type":"trialFinished","t":3,"trialId":1,"outcome":{"status":"Completed"}}')).toBe(
      'journal.jsonl line 3 is not a valid trialFinished event: outcome.objective must be a number',
    );
    expect(
      problemOf('{"type":"trialFinished","t":3,"trialId":"1","outcome":{"status":"Failed","reason":"x"}}'),
    ).toBe(
      'journal.jsonl line 3 is not a valid trialFinished event: trialId must be a whole number of at least 0',
    );
    expect(
      problemOf('{"type":"metric","t":3,"trialId":1,"observation":{"metric":"loss","value":1,"line":1}}'),
    ).toBe(
      'journal.jsonl line 3 is not a valid metric event: observation.step must be a whole number of at least 0',
    );
    expect(
      problemOf(
        '{"type":"trialAsked","t":3,"trialId":2,"configIndex":1,"attempt":0,"params":{"x":[1]},"unit":[]}',
      ),
    ).toBe('journal.jsonl line 3 is not a valid trialAsked event: params.x must be a number or a string');
    expect(problemOf('{"type":"jobResumed","t":3}')).toBe(
      'journal.jsonl line 3 is not a valid jobResumed event: pid must be a whole number of at least 0',
    );
    expect(problemOf('{"type":"jobCreated","t":3,"spec":{},"specHash":"h"}')).toBe(
      'journal.jsonl line 3 is not a valid jobCreated event: spec.name must be a string',
    );
    expect(problemOf('{"type":"jobFinished","t":"soon","reason":"x"}')).toBe(
      'journal.jsonl line 3 is not a valid jobFinished event: t must be a number',
    );
    expect(problemOf('{"type":"trialExploded","t":3}')).toBe(
      'journal.jsonl line 3 is not a valid journal event: unknown type "trialExploded"',
    );
  });
});
