/**
 * The journal file: one JSON event a line, appended and flushed to disk (fdatasync) before `append` returns
 * (metric values excepted, see jobStore.ts).
 *
 * Reading tolerates a torn last line (the tuner or the machine died while writing it): it is returned as
 * `tornTail` and the events before it are kept. Any other line that is not a journal event is an error naming its
 * line number, since dropping it could lose a finished trial; so is a whole JSON object that is not an event of the
 * right shape (journal/eventShape.ts: a torn write never parses as an object), and an event that the reader's
 * `onEvent` refuses as contradicting the history (a `journalUnreadable` RunnerError, given the line here).
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readSync, writeSync } from 'node:fs';
import { isRunnerError, RunnerError } from '../errors.ts';
import { eventShapeProblem } from './eventShape.ts';
import type { JournalEvent, JournalReadResult } from './events.ts';
import { JOURNAL_FILE } from './jobPaths.ts';
import { guardWrite } from './writeFailure.ts';

const NEWLINE = 0x0a;

/** What the user can do about a damaged journal, after what is wrong. */
const DAMAGED_ADVICE =
  'the journal is damaged, so the job cannot be read or resumed safely: restore it from a backup, ' +
  'or fix or delete the line if you know what it held';

/** What a scan of a journal found besides its events. */
export interface JournalScan {
  /** Number of events passed on. */
  readonly count: number;
  /** Set when the last line was torn (partial write) and dropped: what was dropped, for a warning. */
  readonly tornTail?: string;
  /** Byte length of the part of the file that holds whole events (the torn tail excluded). */
  readonly validBytes: number;
  /** Set when the last whole event lacks its newline (written, but cut before the `\n`). */
  readonly missingNewline: boolean;
}

/** A parsed journal and where its good part ends. */
export interface ParsedJournal extends JournalReadResult, Omit<JournalScan, 'count'> {}

/** Bytes read at a time by {@link scanJournalFile}. */
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Splits journal bytes, fed in chunks cut anywhere, into events. A line that is not an event is held back: a
 * later non-blank line makes it an error (the journal is damaged in the middle), the end of the file makes it
 * the torn tail.
 */
class JournalLineReader implements JournalLineFeed {
  private carry: Buffer | undefined;
  private offset = 0;
  private lineNumber = 0;
  private count = 0;
  private validBytes = 0;
  private missingNewline = false;
  private bad: { readonly text: string; readonly lineNumber: number; readonly problem: string } | undefined;

  constructor(
    private readonly fileName: string,
    private readonly onEvent: (event: JournalEvent, endOffset: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let buffer = chunk;
    if (this.carry !== undefined) {
      buffer = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    let start = 0;
    let newline = buffer.indexOf(NEWLINE, start);
    while (newline !== -1) {
      this.line(buffer.toString('utf8', start, newline), newline - start + 1, true);
      start = newline + 1;
      newline = buffer.indexOf(NEWLINE, start);
    }
    if (start < buffer.length) this.carry = Buffer.from(buffer.subarray(start));
  }

  end(): JournalScan {
    if (this.carry !== undefined) {
      const last = this.carry;
      this.carry = undefined;
      this.line(last.toString('utf8'), last.length, false);
    }
    const found = { count: this.count, validBytes: this.validBytes, missingNewline: this.missingNewline };
    return this.bad === undefined ? found : { ...found, tornTail: this.bad.text };
  }

  private line(text: string, length: number, terminated: boolean): void {
    this.lineNumber += 1;
    const lineEnd = this.offset + length;
    this.offset = lineEnd;
    if (text.trim() === '') return;
    if (this.bad !== undefined) {
      throw new RunnerError(
        'journalUnreadable',
        `${this.fileName} line ${this.bad.lineNumber} is not a journal event (${this.bad.problem}); the journal is damaged in the middle, ` +
          'so it cannot be resumed safely: restore it from a backup, or delete the line if you know what it held',
      );
    }
    const parsed = parseEvent(text);
    if ('unreadable' in parsed) {
      // Maybe the torn last line (cut short, or garbled by a crash while it was written): decided by what follows.
      this.bad = { text, lineNumber: this.lineNumber, problem: parsed.unreadable };
      return;
    }
    if ('invalid' in parsed) {
      throw new RunnerError(
        'journalUnreadable',
        `${this.fileName} line ${this.lineNumber} is not a valid ${parsed.invalid}; ${DAMAGED_ADVICE}`,
      );
    }
    this.count += 1;
    this.validBytes = lineEnd;
    this.missingNewline = !terminated;
    try {
      this.onEvent(parsed.event, lineEnd);
    } catch (error) {
      // The reader refused the event as contradicting the history: name the line.
      if (!isRunnerError(error) || error.code !== 'journalUnreadable') throw error;
      throw new RunnerError(
        'journalUnreadable',
        `${this.fileName} line ${this.lineNumber}: ${error.message}; ${DAMAGED_ADVICE}`,
        { cause: error },
      );
    }
  }
}

/** Journal bytes fed as they arrive, in chunks cut anywhere (see {@link createJournalLineFeed}). */
export interface JournalLineFeed {
  /** Parses the whole lines the chunk completes; a line without its newline yet waits for the next chunk. */
  push(chunk: Buffer): void;
  /** The file ended: the line still waiting, if any, is parsed as the last (or reported as the torn tail). */
  end(): JournalScan;
}

/**
 * Creates a reader of a journal that grows: a follower (the dashboard) pushes the bytes appended since it last
 * looked, and receives each whole event with the byte offset just after its line. A line still being written
 * is held until its newline arrives, so a torn last line is never passed on; the same parsing and shape checks
 * as {@link scanJournalFile} apply, and a line that is not an event is an error once a later line follows it.
 *
 * @param fileName - Named in errors.
 * @param onEvent - Receives each event and the journal offset just after its line.
 * @returns The feed; its offsets count from the first byte pushed.
 */
export function createJournalLineFeed(
  fileName: string,
  onEvent: (event: JournalEvent, endOffset: number) => void,
): JournalLineFeed {
  return new JournalLineReader(fileName, onEvent);
}

/**
 * Parses the bytes of a journal.
 *
 * @param bytes - The file's content.
 * @param fileName - Named in errors.
 * @returns The events, the dropped torn tail if any, and the length of the good part.
 * @throws RunnerError `journalUnreadable` naming the line when a line other than the last is not an event.
 */
export function parseJournal(bytes: Uint8Array, fileName = JOURNAL_FILE): ParsedJournal {
  const events: JournalEvent[] = [];
  const reader = new JournalLineReader(fileName, (event) => events.push(event));
  reader.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { count: _count, ...scan } = reader.end();
  return { events, ...scan };
}

/**
 * Reads a journal file in chunks and passes each event on as it is parsed, so that neither the file nor its
 * events are held at once (a 10,000-trial journal is about 19 MB and 130,000 events); a missing file is empty.
 *
 * @param path - The journal's path.
 * @param onEvent - Receives the events in order.
 * @returns The count, the torn tail if any, and the length of the good part.
 * @throws RunnerError `journalUnreadable` when a line other than the last is damaged.
 */
export function scanJournalFile(path: string, onEvent: (event: JournalEvent) => void): JournalScan {
  if (!existsSync(path)) return { count: 0, validBytes: 0, missingNewline: false };
  const reader = new JournalLineReader(path, onEvent);
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      reader.push(chunk.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return reader.end();
}

/**
 * Reads a journal file; a missing file is an empty journal.
 *
 * @param path - The journal's path.
 * @returns The events, the torn tail if any, and the length of the good part.
 * @throws RunnerError `journalUnreadable` when a line other than the last is damaged.
 */
export function readJournalFile(path: string): ParsedJournal {
  const events: JournalEvent[] = [];
  const { count: _count, ...scan } = scanJournalFile(path, (event) => events.push(event));
  return { events, ...scan };
}

/**
 * Appends events to a journal file, each written whole and flushed before `append` returns.
 *
 * A write the disk refuses (full, read-only, I/O error) may leave part of a line in the file: the writer then
 * takes no more events (a whole line after a torn one would damage the journal in the middle) and every later
 * append throws the same error. The torn line is cut when the job is opened again.
 */
export class JournalWriter {
  private fd: number | undefined;
  private failure: RunnerError | undefined;

  /**
   * Opens the journal for appending, creating it if needed.
   *
   * @param path - The journal's path.
   * @throws RunnerError `diskWriteFailed` when the disk refuses to open it for writing.
   */
  constructor(readonly path: string) {
    this.fd = guardWrite(path, () => openSync(path, 'a'));
  }

  /**
   * Appends one event and, unless told otherwise, flushes it to disk. Unflushed, the line is still written to
   * the file at once (a tuner killed right after loses nothing); it reaches the disk with the next flushed event.
   *
   * @param event - The event (any JSON object with a `type`).
   * @param flush - Whether to fdatasync before returning (default true).
   * @throws Error when the journal is closed; RunnerError `diskWriteFailed` when the disk refuses the write (this
   *   time or before).
   */
  append(event: JournalEvent, flush = true): void {
    this.appendRaw(`${JSON.stringify(event)}\n`, flush);
  }

  /** @internal Writes text as is and flushes it (used to end a line that lacks its newline). */
  appendRaw(text: string, flush = true): void {
    if (this.failure !== undefined) throw this.failure;
    const fd = this.fd;
    if (fd === undefined) throw new Error(`the journal ${this.path} is closed`);
    const bytes = Buffer.from(text, 'utf8');
    try {
      guardWrite(this.path, () => {
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
        if (flush) fdatasyncSync(fd);
      });
    } catch (error) {
      if (isRunnerError(error)) this.failure = error;
      throw error;
    }
  }

  /** Closes the file; later appends throw. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A line: an event, text that may be a torn write (`unreadable`), or a whole object of the wrong shape. */
function parseEvent(
  text: string,
): { readonly event: JournalEvent } | { readonly unreadable: string } | { readonly invalid: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { unreadable: (error as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { unreadable: 'not a JSON object' };
  const invalid = eventShapeProblem(value as Record<string, unknown>);
  return invalid === undefined ? { event: value as JournalEvent } : { invalid };
}
