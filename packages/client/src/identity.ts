/**
 * Names a worker sends: its own name (shown in trial logs and lease reasons) and the request ids that make an
 * `ask` safe to retry. Both use the protocol's alphabet (`A-Z a-z 0-9 . _ : @ -`, 1-100 characters).
 */
import { ClientError } from './errors.ts';

const NAME_PATTERN = /^[A-Za-z0-9._:@-]{1,100}$/;

/** The parts of Node's `process` the client reads when it runs in Node; absent in a browser. */
interface NodeProcess {
  readonly pid?: number;
  readonly env?: Record<string, string | undefined>;
  getBuiltinModule?(id: string): unknown;
}

/**
 * Node's `process`, read through `globalThis` so that the client imports no `node:` module and runs in a browser.
 *
 * @internal
 */
export function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/**
 * The default worker name: `<hostname>:<pid>` in Node (characters outside the alphabet become `-`), `browser:<random>`
 * elsewhere.
 *
 * @internal
 */
export function defaultWorkerName(): string {
  const node = nodeProcess();
  const os = node?.getBuiltinModule?.('os') as { hostname?: () => string } | undefined;
  const host = (os?.hostname?.() ?? node?.env?.HOSTNAME ?? '').replace(/[^A-Za-z0-9._@-]/g, '-');
  const pid = node?.pid;
  const name = pid === undefined ? `browser:${randomHex(4)}` : `${host === '' ? 'worker' : host}:${pid}`;
  return name.length > 100 ? name.slice(name.length - 100) : name;
}

/**
 * Checks a worker name against the protocol's alphabet.
 *
 * @param name - The name.
 * @param field - How the caller calls it, named in the error.
 * @returns The name.
 * @throws {ClientError} `invalidArgument` when it is empty, longer than 100 characters, or holds another character.
 * @internal
 */
export function checkWorkerName(name: string, field: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new ClientError(
      'invalidArgument',
      `${field}: must be 1-100 characters of A-Z a-z 0-9 . _ : @ - (got ${JSON.stringify(name.slice(0, 120))})`,
    );
  }
  return name;
}

/**
 * A fresh request id: 128 random bits in hex (`crypto.getRandomValues`, which browsers give to plain http pages
 * too, unlike `crypto.randomUUID`).
 *
 * @internal
 */
export function newRequestId(): string {
  return randomHex(16);
}

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buffer);
  let out = '';
  for (const byte of buffer) out += byte.toString(16).padStart(2, '0');
  return out;
}
