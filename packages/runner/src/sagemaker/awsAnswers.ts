/**
 * Answers that are not AWS's. Between tunekit and SageMaker there may be a proxy, a gateway or a wrong endpoint,
 * and what it sends back (nginx's "502 Bad Gateway" page, a captive portal, an envoy reset) is no AWS JSON. The SDK
 * would try to read it as JSON and fail with `Unexpected token '<'`; instead, a middleware next to the HTTP
 * handler reads such an answer (any content type but JSON) and throws an error that says what came back: the
 * status, the kind of answer and the page's title or first words, with what looks like a secret redacted. The
 * error carries the status in `$metadata` like the SDK's own, so the SDK still retries a 502 and tunekit still
 * waits out a 429.
 */

/** Bytes of a non-JSON answer read to describe it: enough for any title. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** Characters of a title or of first words quoted in a message. */
const MAX_QUOTE = 80;

/** The error name of an answer that is not AWS's (no AWS error has it). */
export const NOT_AWS_ANSWER = 'NotAnAwsAnswer';

/** The parts of the SDK's HTTP response this module reads (`@smithy/protocol-http`'s HttpResponse). */
interface HttpAnswer {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

type Handler = (args: unknown) => Promise<{ response: unknown; output?: unknown }>;

/**
 * The middleware, for the `deserialize` step at `low` priority (inside the SDK's deserializer, next to the HTTP
 * handler): passes AWS's JSON answers on untouched and throws {@link NOT_AWS_ANSWER} errors for the others.
 *
 * @internal
 */
export const notAwsAnswerMiddleware =
  (next: Handler): Handler =>
  async (args) => {
    const result = await next(args);
    const response = result.response as HttpAnswer | undefined;
    const type = headerOf(response, 'content-type');
    if (response === undefined || (type !== undefined && /json/i.test(type))) return result;
    const { bytes, complete } = await readStart(response.body);
    const text = new TextDecoder().decode(bytes);
    if (complete && !/html/i.test(type ?? '') && isJsonOrEmpty(text)) {
      // JSON under another content type: the SDK reads it as usual.
      response.body = bytes;
      return result;
    }
    throw notAwsAnswer(response.statusCode ?? 0, type ?? '', text);
  };

/**
 * The error for an answer that is not AWS's.
 *
 * @param status - Its HTTP status.
 * @param contentType - Its content type.
 * @param text - The start of its body.
 * @returns An Error named {@link NOT_AWS_ANSWER} with `$metadata.httpStatusCode`, its message saying what came
 *   back and what to check.
 */
export function notAwsAnswer(status: number, contentType: string, text: string): Error {
  const html = /html/i.test(contentType) || /^\s*<(!doctype\s+html|html|head|body)\b/i.test(text);
  const type = contentType.split(';')[0]?.trim() ?? '';
  const what = html ? 'an HTML page' : type === '' ? 'a body of no content type' : type;
  const quoted = html ? pageTitle(text) : firstWords(text);
  const error = new Error(
    `HTTP ${status} answered with ${what}${quoted === '' ? '' : ` ("${quoted}")`} instead of AWS's JSON: ` +
      'a proxy, a gateway or an endpoint that is not AWS answered; check the endpoint called (endpoint in the tuning file, --endpoint, AWS_ENDPOINT_URL) and the network, or try again later',
  );
  error.name = NOT_AWS_ANSWER;
  return Object.assign(error, { $metadata: { httpStatusCode: status } });
}

function headerOf(response: HttpAnswer | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(response?.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

async function readStart(body: unknown): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (body === undefined || body === null) return { bytes: new Uint8Array(), complete: true };
  if (typeof body === 'string') return { bytes: new TextEncoder().encode(body), complete: true };
  if (body instanceof Uint8Array) return { bytes: body, complete: true };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = true;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    // Leaving the loop early destroys the stream: a huge page is never read whole.
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.length;
      if (size >= MAX_ANSWER_BYTES) {
        complete = false;
        break;
      }
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, complete };
}

function isJsonOrEmpty(text: string): boolean {
  if (text.trim() === '') return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The page's `<title>`, else its first heading, else its first words. */
function pageTitle(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  for (const candidate of [title, heading]) {
    const words = firstWords(decodeEntities(candidate?.replace(/<[^>]*>/g, ' ') ?? ''));
    if (words !== '') return words;
  }
  const text = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  return firstWords(decodeEntities(text));
}

/**
 * Runs of 40 or more base64 characters mixing upper case, lower case and digits: the shape of a secret access key
 * (40) and of a session token (hundreds). Names, ARNs, S3 URIs and hashes break on `-`, `:`, `.` or lack a case.
 */
const SECRET_SHAPE = /[A-Za-z0-9/+=]{40,}/g;

/**
 * Replaces what looks like an AWS secret with `[redacted]`.
 *
 * @param text - A message from an AWS call's answer.
 * @returns The message without secrets.
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_SHAPE, (run) =>
    /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) ? '[redacted]' : run,
  );
}

/** Printable text on one line, cut at a word near {@link MAX_QUOTE} characters. */
function firstWords(text: string): string {
  // Control characters (a terminal's escapes) are dropped with the line breaks.
  const line = redactSecrets(text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim());
  if (line.length <= MAX_QUOTE) return line;
  const cut = line.slice(0, MAX_QUOTE);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_QUOTE / 2 ? cut.slice(0, space) : cut}…`;
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== '#') return ENTITIES.get(name.toLowerCase()) ?? entity;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}
