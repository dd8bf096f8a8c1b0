/**
 * One client of `/api/jobs/<name>/events`: the events from its offset up to what the watcher has folded are read
 * back from the journal and sent first, then it listens to the watcher. Both happen in one synchronous step, so
 * no event can fall between the replay and the live part, and none is sent twice.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { JournalEvent } from '../journal/events.ts';
import { journalPathOf } from '../journal/jobPaths.ts';
import { createJournalLineFeed } from '../journal/journal.ts';
import type { FoldedJob, JobWatcher, JournalBatch } from './jobWatcher.ts';
import { HEARTBEAT_FRAME, journalFrames, resetFrame, sseFrame } from './sseFrames.ts';

/** Events replayed per message burst (bounds the memory of a replay from offset 0 of a long journal). */
const REPLAY_BURST_EVENTS = 2_000;
/** Bytes of the journal read at a time during a replay. */
const REPLAY_CHUNK_BYTES = 1 << 20;

/** Frames already built for a batch, shared by every stream of the job. */
const framesOfBatch = new WeakMap<JournalBatch, string>();

/** An open stream. */
export interface EventStream {
  /** Writes a heartbeat comment. */
  beat(): void;
  /** Ends the stream (server shutdown). */
  end(): void;
}

/**
 * Whether `from` is where a line of the journal starts (0, or just after a newline).
 *
 * @param jobDir - The job's folder.
 * @param from - The offset, within the folded part.
 * @returns True when it is a line start.
 */
export function isLineStart(jobDir: string, from: number): boolean {
  if (from === 0) return true;
  const fd = openSync(journalPathOf(jobDir), 'r');
  try {
    const byte = Buffer.alloc(1);
    return readSync(fd, byte, 0, 1, from - 1) === 1 && byte[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * Starts a stream: headers, the replay from `from`, then live news until the client leaves.
 *
 * @param response - The HTTP response (headers not sent yet).
 * @param watcher - The job's watcher, synced.
 * @param job - The job as folded now.
 * @param from - The offset to send from: a line start within the folded part, or past it (then `reset` and 0).
 * @param onEnd - Called once when the stream ends.
 * @returns The stream.
 */
export function openEventStream(
  response: ServerResponse,
  watcher: JobWatcher,
  job: FoldedJob,
  from: number,
  onEnd: () => void,
): EventStream {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Content-Type-Options': 'nosniff',
  });
  response.write('retry: 1000\n\n');
  let start = from;
  if (from > job.offset) {
    response.write(resetFrame());
    start = 0;
  }
  replay(response, watcher.jobDir, start, job);
  const unsubscribe = watcher.subscribe((news) => {
    if (news.kind === 'reset') {
      response.write(resetFrame());
      return;
    }
    let now: FoldedJob | undefined;
    try {
      now = watcher.folded();
    } catch {
      // The journal became unreadable: the page learns why from `/api/jobs/<name>`.
      end();
      return;
    }
    if (now === undefined) return;
    if (news.kind === 'summary') {
      response.write(sseFrame(now.offset, 'summary', watcher.summary()));
      return;
    }
    let frames = framesOfBatch.get(news.batch);
    if (frames === undefined) {
      frames = journalFrames(news.batch.events, now);
      framesOfBatch.set(news.batch, frames);
    }
    response.write(frames);
  });
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    response.end();
    onEnd();
  };
  response.on('close', end);
  return { beat: () => response.write(HEARTBEAT_FRAME), end };
}

/** Sends the journal's events from `from` up to the folded offset, read back from the file. */
function replay(response: ServerResponse, jobDir: string, from: number, job: FoldedJob): void {
  if (from >= job.offset) return;
  let burst: { event: JournalEvent; offset: number }[] = [];
  const flush = (): void => {
    response.write(journalFrames(burst, job));
    burst = [];
  };
  const feed = createJournalLineFeed(journalPathOf(jobDir), (event, end) => {
    burst.push({ event, offset: from + end });
    if (burst.length >= REPLAY_BURST_EVENTS) flush();
  });
  const fd = openSync(journalPathOf(jobDir), 'r');
  try {
    const chunk = Buffer.allocUnsafe(REPLAY_CHUNK_BYTES);
    for (let position = from; position < job.offset; ) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, job.offset - position), position);
      if (read === 0) break;
      position += read;
      feed.push(chunk.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  flush();
}
