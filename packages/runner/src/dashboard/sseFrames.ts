/**
 * Server-Sent Events framing for `/api/jobs/<name>/events` (the format is the WHATWG HTML standard's
 * `text/event-stream`): each message is `id: <offset>`, `event: <name>`, one `data:` line of JSON, and a blank
 * line. JSON.stringify never writes a raw newline, so one `data:` line always holds the whole message. The id is
 * the journal offset just after the event: a client that reconnects sends it back as `Last-Event-ID` and gets
 * what follows, with nothing twice and nothing missed.
 */
import type { ApiEventMessage } from '@tunekit/dashboard/api';
import type { JournalEvent } from '../journal/events.ts';
import { jobSummary } from '../report/json.ts';
import { apiTrial } from './apiValues.ts';
import type { FoldedJob } from './jobWatcher.ts';
import { publicEvent } from './publicEvent.ts';

/** A comment line: ignored by EventSource, it keeps proxies and idle timeouts from closing the stream. */
export const HEARTBEAT_FRAME = ': heartbeat\n\n';

/**
 * @param id - The frame's id (a journal offset).
 * @param name - The event name.
 * @param data - The message, serialized as one line of JSON.
 * @returns The frame.
 */
export function sseFrame(id: number, name: string, data: unknown): string {
  return `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The `reset` frame: the journal was replaced; its id 0 makes a reconnecting client start from the beginning.
 *
 * @returns The frame.
 */
export function resetFrame(): string {
  return sseFrame(0, 'reset', { offset: 0 });
}

/**
 * The frames of events read together, with the folded values on the last message they concern (see
 * ApiEventMessage in packages/dashboard/src/api.ts).
 *
 * @param events - The events, in journal order, with the offset just after each.
 * @param job - The job as folded after the last of them.
 * @returns The frames, concatenated (empty for no events).
 */
export function journalFrames(
  events: readonly { readonly event: JournalEvent; readonly offset: number }[],
  job: FoldedJob,
): string {
  if (events.length === 0) return '';
  const lastAbout = new Map<number, number>();
  events.forEach(({ event }, index) => {
    if ('trialId' in event) lastAbout.set(event.trialId, index);
  });
  const trials = new Map(job.view.trials.map((trial) => [trial.id, trial]));
  const parts: string[] = [];
  events.forEach(({ event, offset }, index) => {
    const trialId = 'trialId' in event ? event.trialId : undefined;
    const record =
      trialId !== undefined && lastAbout.get(trialId) === index ? trials.get(trialId) : undefined;
    const message: ApiEventMessage = {
      offset,
      type: event.type,
      event: publicEvent(event) as unknown as Readonly<Record<string, unknown>>,
      ...(record === undefined ? {} : { trial: apiTrial(record, job.view, job.curves, job.tunerPid) }),
      ...(index === events.length - 1 ? { summary: jobSummary(job.view, job.tunerPid) } : {}),
    };
    parts.push(sseFrame(offset, 'journal', message));
  });
  return parts.join('');
}
