/**
 * The journal file: one JSON event a line, appended and flushed to disk (fdatasync) before `append` returns
 * (metric values excepted, see jobStore.ts).
 *
 * Reading tolerates a torn last line (the tuner or the machine died while writing it): it is returned as
 * `tornTail` and the events before it are kept. Any other line that is not a journal event is an error naming its
 * line number, since dropping it could lose a finished trial.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { RunnerError } from '../errors.ts';
import type { JournalEvent, JournalReadResult } from './types.ts';

/** File name of the journal inside a job's folder. */
export const JOURNAL_FILE = 'journal.jsonl';

const NEWLINE = 0x0a;

/** A parsed journal and where its good part ends. */
export interface ParsedJournal extends JournalReadResult {
  /** Byte length of the part of the file that holds whole events (the torn tail excluded). */
  readonly validBytes: number;
  /** Set when the last whole event lacks its newline (written, but cut before the `\n`). */
  readonly missingNewline: boolean;
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
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: JournalEvent[] = [];
  let start = 0;
  let lineNumber = 0;
  let validBytes = 0;
  let missingNewline = false;
  while (start < buffer.length) {
    const newline = buffer.indexOf(NEWLINE, start);
    const end = newline === -1 ? buffer.length : newline;
    const next = newline === -1 ? buffer.length : newline + 1;
    lineNumber += 1;
    const text = buffer.toString('utf8', start, end);
    const isLast = next >= buffer.length || isBlank(buffer, next);
    if (text.trim() === '') {
      start = next;
      if (!isLast) continue;
      break;
    }
    const parsed = parseEvent(text);
    if (typeof parsed === 'string') {
      // The last line may be torn: cut short (no newline) or garbled by a crash while it was written.
      if (isLast) return { events, tornTail: text, validBytes, missingNewline };
      throw new RunnerError(
        'journalUnreadable',
        `${fileName} line ${lineNumber} is not a journal event (${parsed}); the journal is damaged in the middle, ` +
          'so it cannot be resumed safely: restore it from a backup, or delete the line if you know what it held',
      );
    }
    events.push(parsed);
    validBytes = next;
    missingNewline = newline === -1;
    start = next;
  }
  return { events, validBytes, missingNewline };
}

/**
 * Reads a journal file; a missing file is an empty journal.
 *
 * @param path - The journal's path.
 * @returns The events, the torn tail if any, and the length of the good part.
 * @throws RunnerError `journalUnreadable` when a line other than the last is damaged.
 */
export function readJournalFile(path: string): ParsedJournal {
  if (!existsSync(path)) return { events: [], validBytes: 0, missingNewline: false };
  return parseJournal(readFileSync(path), path);
}

/** Appends events to a journal file, each written whole and flushed before `append` returns. */
export class JournalWriter {
  private fd: number | undefined;

  /**
   * Opens the journal for appending, creating it if needed.
   *
   * @param path - The journal's path.
   */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /**
   * Appends one event and, unless told otherwise, flushes it to disk. Unflushed, the line is still written to
   * the file at once (a tuner killed right after loses nothing); it reaches the disk with the next flushed event.
   *
   * @param event - The event (any JSON object with a `type`).
   * @param flush - Whether to fdatasync before returning (default true).
   * @throws Error when the journal is closed or the disk refuses the write.
   */
  append(event: JournalEvent, flush = true): void {
    this.appendRaw(`${JSON.stringify(event)}\n`, flush);
  }

  /** @internal Writes text as is and flushes it (used to end a line that lacks its newline). */
  appendRaw(text: string, flush = true): void {
    if (this.fd === undefined) throw new Error(`the journal ${this.path} is closed`);
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    if (flush) fdatasyncSync(this.fd);
  }

  /** Closes the file; later appends throw. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

function parseEvent(text: string): JournalEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.type !== 'string') return 'no "type"';
  if (typeof record.t !== 'number') return 'no time "t"';
  return value as JournalEvent;
}

function isBlank(buffer: Buffer, from: number): boolean {
  for (let index = from; index < buffer.length; index++) {
    const byte = buffer[index]!;
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  }
  return true;
}
