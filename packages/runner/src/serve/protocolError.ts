/**
 * The served-job protocol's refusals: an error with the HTTP status and the `error` code of the answer's body
 * (packages/client/src/protocol.ts `ErrorBody`), thrown by the broker and the request reader, answered by the server.
 */
import type { ErrorBody } from '@tunekit/client/protocol';

const STATUS: Record<ErrorBody['error'], number> = {
  badRequest: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  leaseLost: 409,
  tooLarge: 413,
  stopping: 503,
};

/** A request the server refuses; `message` says what was wrong and what to change. */
export class ProtocolError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorBody['error'],
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
    this.status = STATUS[code];
  }

  /** The answer's body. */
  body(): ErrorBody {
    return { error: this.code, message: this.message };
  }
}
