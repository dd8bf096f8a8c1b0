/**
 * A trial's log from a byte offset, for the page that follows it live: at most {@link LOG_CHUNK_BYTES} at a time,
 * cut before a UTF-8 character the writer has not finished, so the text never holds half a character.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The most a single answer holds; the page asks again from the returned offset. */
export const LOG_CHUNK_BYTES = 1 << 20;

/** A piece of a log. */
export interface LogPiece {
  readonly text: Buffer;
  /** Where the piece starts: `from`, or 0 when `from` was past the end (the trial ran again, its log restarted). */
  readonly start: number;
  /** The offset to ask from next. */
  readonly next: number;
}

/**
 * Reads a log from an offset.
 *
 * @param path - The log's path (a missing log is empty: the trial has not started).
 * @param from - The byte offset to read from.
 * @param maxBytes - The most to read.
 * @returns The bytes and the next offset.
 */
export function readLogPiece(path: string, from: number, maxBytes = LOG_CHUNK_BYTES): LogPiece {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { text: Buffer.alloc(0), start: from, next: from };
  }
  try {
    const size = fstatSync(fd).size;
    const start = from > size ? 0 : from;
    // At least one whole character (4 bytes at most), so that every piece moves the offset on.
    const length = Math.min(Math.max(maxBytes, 4), size - start);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const got = readSync(fd, buffer, read, length - read, start + read);
      if (got === 0) break;
      read += got;
    }
    const whole = wholeCharacters(buffer.subarray(0, read));
    return { text: whole, start, next: start + whole.length };
  } finally {
    closeSync(fd);
  }
}

/** The bytes up to the last complete UTF-8 character (a lead byte whose sequence is cut is left for later). */
function wholeCharacters(bytes: Buffer): Buffer {
  // Look back at most 3 bytes for the lead byte of the last character.
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
