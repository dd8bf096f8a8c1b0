/**
 * A job kept live: fetched once, then followed through `/events?from=<offset>` (Server-Sent Events). Events are
 * queued and applied once per animation frame, so a burst of metric events costs one render, not one each. A
 * static report passes its embedded job and nothing is fetched.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiEventMessage, ApiJobDetail, ApiJobSummary } from '../api.ts';
import { applyEvents } from '../model/jobState.ts';
import { later } from './later.ts';
import { apiUrl, fetchJob } from './source.ts';

/** How long to wait before reopening a stream the server closed. */
const RECONNECT_MS = 2000;

/** The job and whether its stream is open. */
export interface LiveJob {
  readonly detail: ApiJobDetail | undefined;
  readonly error: string | undefined;
  readonly connected: boolean;
}

export function useLiveJob(name: string, embedded: ApiJobDetail | undefined): LiveJob {
  const [detail, setDetail] = useState<ApiJobDetail | undefined>(embedded);
  const [error, setError] = useState<string | undefined>(undefined);
  const [connected, setConnected] = useState(false);
  const offset = useRef(embedded?.offset ?? 0);
  useEffect(() => {
    if (embedded !== undefined) return;
    let closed = false;
    let source: EventSource | undefined;
    let queue: ApiEventMessage[] = [];
    let frame = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      frame = 0;
      const batch = queue;
      queue = [];
      if (batch.length === 0) return;
      offset.current = Math.max(offset.current, batch[batch.length - 1]!.offset);
      setDetail((previous) => (previous === undefined ? previous : applyEvents(previous, batch)));
    };
    const open = () => {
      source = new EventSource(apiUrl(`jobs/${encodeURIComponent(name)}/events?from=${offset.current}`));
      source.onopen = () => setConnected(true);
      source.addEventListener('journal', (message) => {
        try {
          queue.push(JSON.parse(message.data) as ApiEventMessage);
        } catch {
          return;
        }
        // A hidden tab gets no animation frames: a timer then, so the queue does not grow unbounded.
        if (frame === 0)
          frame = document.hidden
            ? (setTimeout(flush, 250) as unknown as number)
            : requestAnimationFrame(flush);
      });
      source.addEventListener('summary', (message) => {
        try {
          const summary = JSON.parse(message.data) as ApiJobSummary;
          setDetail((previous) => (previous === undefined ? previous : { ...previous, summary }));
        } catch {
          // A malformed message changes nothing.
        }
      });
      // The journal was replaced (`tune --restart`): drop everything and load the job again.
      source.addEventListener('reset', () => {
        source?.close();
        queue = [];
        load();
      });
      source.onerror = () => {
        setConnected(false);
        if (source?.readyState === EventSource.CLOSED && !closed) {
          source.close();
          retry = setTimeout(open, RECONNECT_MS);
        }
      };
    };
    const load = () =>
      fetchJob(name)
        .then((job) => {
          if (closed) return;
          offset.current = job.offset;
          setDetail(job);
          open();
        })
        .catch((cause: Error) => {
          if (!closed) setError(cause.message);
        });
    setDetail(undefined);
    setError(undefined);
    load();
    return () => {
      closed = true;
      source?.close();
      clearTimeout(retry);
      cancelAnimationFrame(frame);
      clearTimeout(frame);
    };
  }, [name, embedded]);
  return { detail, error, connected };
}

/**
 * A value that follows `value` at most every `ms` (the last value always shows): the charts redraw at this pace
 * while the header and the table follow every frame.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    if (wait <= 0) {
      last.current = performance.now();
      setShown(() => value);
      return;
    }
    return later(() => {
      last.current = performance.now();
      setShown(() => value);
    }, wait);
  }, [value, ms]);
  return shown;
}

/**
 * The value as it was when `key` last changed: charts of finished trials keep their option (and skip a redraw)
 * while only running trials change.
 */
export function useSnapshotBy<T>(value: T, key: string): T {
  const snapshot = useRef({ key, value });
  if (snapshot.current.key !== key) snapshot.current = { key, value };
  return snapshot.current.value;
}

/**
 * A counter from 0 to `stages`, one step a frame after mount: a page renders its cheap parts first and its
 * charts one per task after, so it paints (and answers input) before the charts are drawn.
 */
export function useStaged(stages: number): number {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= stages) return;
    let cancel: (() => void) | undefined;
    const frame = requestAnimationFrame(() => {
      cancel = later(() => setStage(stage + 1));
    });
    return () => {
      cancelAnimationFrame(frame);
      cancel?.();
    };
  }, [stage, stages]);
  return stage;
}

/**
 * A value that follows `value` one task later, the `order`-th of those scheduled together: charts given the same
 * new job take it in tasks of their own, so the page answers events and input between them.
 */
export function useLagged<T>(value: T, order: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return later(() => setShown(() => value), order);
  }, [value, shown, order]);
  return shown;
}

/**
 * A value that follows `value` once it has stopped changing for `quietMs`, and at least every `maxWaitMs` while it
 * keeps changing (a debounce with a deadline). A big job's charts take a few hundred milliseconds of one task to
 * redraw: drawn in a lull, they do not hold up the header and the table of the events that come in a burst.
 */
export function useSettled<T>(value: T, quietMs: number, maxWaitMs: number): T {
  const [shown, setShown] = useState(value);
  const pendingSince = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (Object.is(shown, value)) {
      pendingSince.current = undefined;
      return;
    }
    const now = performance.now();
    pendingSince.current ??= now;
    const wait = Math.max(0, Math.min(quietMs, pendingSince.current + maxWaitMs - now));
    return later(() => setShown(() => value), wait);
  }, [value, shown, quietMs, maxWaitMs]);
  return shown;
}
