/**
 * @tunekit/client: drive a served tunekit job (`tunekit serve`, `executor.local.reuse`) from a TypeScript loop.
 * The protocol is in protocol.ts.
 */
export * from './protocol.ts';
