/**
 * A Server-Sent Events client for tests: reads a real `text/event-stream` response with fetch and parses its
 * frames as the WHATWG standard says (fields `id`, `event`, `data`; comment lines kept apart).
 */

export interface SseFrame {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

export interface SseClient {
  readonly status: number;
  readonly headers: Headers;
  /** Frames received so far. */
  readonly frames: SseFrame[];
  /** Comment lines received so far (heartbeats). */
  readonly comments: string[];
  /** Waits until a condition on the frames holds. */
  until(condition: (frames: SseFrame[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Whether the server ended the stream. */
  ended(): boolean;
  close(): void;
}

/**
 * Opens an event stream.
 *
 * @param url - The stream's URL.
 * @param headers - Request headers (`Last-Event-ID`).
 * @returns The client, reading in the background.
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const frames: SseFrame[] = [];
  const comments: string[] = [];
  let done = false;
  let buffer = '';
  const reading = (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, { stream: true });
        let blank = buffer.indexOf('\n\n');
        while (blank !== -1) {
          const block = buffer.slice(0, blank);
          buffer = buffer.slice(blank + 2);
          const frame: { id?: string; event: string; data: string[] } = { event: 'message', data: [] };
          let fields = 0;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) {
              comments.push(line);
              continue;
            }
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') frame.id = value;
            else if (field === 'event') frame.event = value;
            else if (field === 'data') frame.data.push(value);
            else continue;
            fields += 1;
          }
          if (fields > 0 && frame.data.length > 0)
            frames.push({
              ...(frame.id === undefined ? {} : { id: frame.id }),
              event: frame.event,
              data: frame.data.join('\n'),
            });
          blank = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
    done = true;
  })();
  void reading;
  return {
    status: response.status,
    headers: response.headers,
    frames,
    comments,
    async until(condition, timeoutMs = 10_000, what = 'event stream frames') {
      const start = Date.now();
      while (!condition(frames)) {
        if (Date.now() - start > timeoutMs)
          throw new Error(`timed out waiting for ${what}; got ${frames.length} frames`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    ended: () => done,
    close: () => abort.abort(),
  };
}
