import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLogPiece } from './logTail.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunekit-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readLogPiece', () => {
  it('never cuts a UTF-8 character: a piece ends before one it would split, and the next piece starts with it', () => {
    const path = join(dir, 'output.log');
    const text = 'loss=1 📉\nétape 2 — loss=0.5\n';
    writeFileSync(path, text);
    const bytes = Buffer.byteLength(text);
    let offset = 0;
    let read = '';
    // Pieces of 3 bytes: most cut inside a character of 2 to 4 bytes.
    for (let guard = 0; offset < bytes && guard < 100; guard++) {
      const piece = readLogPiece(path, offset, 3);
      expect(piece.start).toBe(offset);
      expect(piece.text.toString('utf8')).not.toContain('\uFFFD');
      read += piece.text.toString('utf8');
      expect(piece.next).toBeGreaterThan(offset);
      offset = piece.next;
    }
    expect(read).toBe(text);
  });

  it('reads a missing log as empty, and a log shorter than `from` (a rerun) from its start', () => {
    expect(readLogPiece(join(dir, 'none.log'), 7)).toEqual({ text: Buffer.alloc(0), start: 7, next: 7 });
    const path = join(dir, 'rerun.log');
    writeFileSync(path, 'step 1\n');
    expect(readLogPiece(path, 100)).toEqual({ text: Buffer.from('step 1\n'), start: 0, next: 7 });
  });
});
