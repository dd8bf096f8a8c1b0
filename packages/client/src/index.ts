/**
 * @tunekit/client: drive a served tunekit job (`tunekit serve`, `executor.local.reuse`) from a TypeScript loop, in
 * Node or a browser (global `fetch` only). The protocol is in protocol.ts (also the `./protocol` entry).
 */
export { backoffSeconds } from './backoff.ts';
export { type ConnectOptions, connect } from './connect.ts';
export { ClientError, type ClientErrorCode, isClientError } from './errors.ts';
export type {
  ActionResponse,
  AskRequest,
  AskResponse,
  ErrorBody,
  HeartbeatRequest,
  JobInfo,
  LeasedTrial,
  ParamValue,
  ReportRequest,
  TellRequest,
  TellResponse,
} from './protocol.ts';
export { ENVIRONMENT, MAX_ASK_WAIT_SECONDS, MAX_BODY_BYTES, PROTOCOL_VERSION } from './protocol.ts';
export { type Objective, type OptimizeOptions, type OptimizeSummary, Study } from './study.ts';
export { Trial, type TrialOutcome } from './trial.ts';
