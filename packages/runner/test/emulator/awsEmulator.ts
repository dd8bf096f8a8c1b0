/**
 * An emulator of Amazon SageMaker and CloudWatch Logs for tests: a real HTTP server on 127.0.0.1 speaking the AWS
 * JSON 1.1 protocol (`X-Amz-Target: SageMaker.CreateTrainingJob`, `Logs_20140328.GetLogEvents`, ...), which the
 * real AWS SDK clients talk to through their `endpoint` option with static fake credentials. It ignores
 * signatures. Training jobs run local processes (trainingJobs.ts); tuning jobs sample at random (tuningJobs.ts).
 *
 * Fault injection: `throttle(n)` answers the next n calls with ThrottlingException, `faults.resourceLimitExceeded`,
 * `faults.failJobs` (jobs that fail at once), `faults.slowStartMs` (jobs that start late), and `answer(n, operation,
 * response)` for any raw HTTP answer (a proxy's HTML error page, an AWS error the emulator never gives).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from './awsProtocol.ts';
import { LogStore } from './logStore.ts';
import { type TrainingFaults, TrainingJobs, type TrainingJobsOptions } from './trainingJobs.ts';
import { TuningJobs } from './tuningJobs.ts';

export type AwsEmulatorOptions = TrainingJobsOptions;

/** A raw HTTP answer, sent as is instead of the emulator's own. */
export interface RawAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface AwsEmulator {
  /** `http://127.0.0.1:<port>`: the SDK clients' endpoint. */
  readonly endpoint: string;
  readonly faults: TrainingFaults;
  /** Answers the next `count` calls (of `operation`, or of any operation) with ThrottlingException. */
  throttle(count: number, operation?: string): void;
  /** Answers the next `count` calls of `operation` (`ListTrainingJobsForHyperParameterTuningJob`) with `answer`. */
  answer(count: number, operation: string, answer: RawAnswer): void;
  /** Every call received, in order, as `Service.Operation` with its body (for assertions). */
  readonly calls: {
    readonly target: string;
    readonly body: Record<string, unknown>;
    readonly throttled: boolean;
    /** The access key id the call was signed with (from its Authorization header). */
    readonly accessKeyId?: string;
    /** The session token the call carried (its X-Amz-Security-Token header). */
    readonly sessionToken?: string;
  }[];
  /** Training job name -> status. */
  trainingJobStatuses(): Record<string, string>;
  /** Tuning job name -> status. */
  tuningJobStatuses(): Record<string, string>;
  /** Stops the server and kills every training process. */
  close(): Promise<void>;
}

/** Fake credentials the tests give the SDK clients (the emulator does not check signatures). */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAEMULATOR', secretAccessKey: 'emulator-secret' } as const;

/**
 * Starts an emulator on 127.0.0.1 on a free port.
 *
 * @param options - The image -> command table, extra environment, timings.
 * @returns The running emulator.
 */
export async function startAwsEmulator(options: AwsEmulatorOptions): Promise<AwsEmulator> {
  const logs = new LogStore();
  const training = new TrainingJobs(options, logs);
  const tuning = new TuningJobs(training);
  const throttles: { operation?: string; left: number }[] = [];
  const answers: { operation: string; left: number; answer: RawAnswer }[] = [];
  const calls: AwsEmulator['calls'] = [];
  let requestId = 0;

  /** Who signed a call: its access key id and session token, when it has them. */
  type Signer = { accessKeyId?: string; sessionToken?: string };
  const dispatch = (target: string, body: Record<string, unknown>, signer: Signer): unknown => {
    const [service, operation = ''] = target.split('.');
    const throttle = throttles.find(
      (t) => t.left > 0 && (t.operation === undefined || t.operation === operation),
    );
    calls.push({
      target,
      body,
      throttled: throttle !== undefined,
      ...signer,
    });
    if (throttle !== undefined) {
      throttle.left -= 1;
      throw new AwsError('ThrottlingException', 'Rate exceeded');
    }
    if (service === 'Logs_20140328') return logs.handle(operation, body);
    if (service !== 'SageMaker')
      throw new AwsError('UnknownOperationException', `unknown service ${service}`);
    if (operation.includes('HyperParameterTuningJob')) return tuning.handle(operation, body);
    return training.handle(operation, body);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requestId += 1;
      const headers = {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `emulator-${requestId}`,
      };
      try {
        const target = String(request.headers['x-amz-target'] ?? '');
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
        const accessKeyId = /Credential=([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
        const sessionToken = request.headers['x-amz-security-token'];
        const signer: Signer = {
          ...(accessKeyId === undefined ? {} : { accessKeyId }),
          ...(typeof sessionToken === 'string' ? { sessionToken } : {}),
        };
        const raw = answers.find((a) => a.left > 0 && target.endsWith(`.${a.operation}`));
        if (raw !== undefined) {
          raw.left -= 1;
          calls.push({ target, body, throttled: false, ...signer });
          response.writeHead(raw.answer.status, { ...raw.answer.headers }).end(raw.answer.body);
          return;
        }
        const result = dispatch(target, body, signer);
        response.writeHead(200, headers).end(JSON.stringify(result ?? {}));
      } catch (error) {
        const aws = error instanceof AwsError ? error : new AwsError('InternalFailure', String(error), 500);
        response
          .writeHead(aws.status, { ...headers, 'x-amzn-errortype': aws.type })
          .end(JSON.stringify({ __type: aws.type, message: aws.message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults: training.faults,
    calls,
    throttle(count, operation) {
      throttles.push({ left: count, ...(operation === undefined ? {} : { operation }) });
    },
    answer(count, operation, answer) {
      answers.push({ operation, left: count, answer });
    },
    trainingJobStatuses: () => training.statuses(),
    tuningJobStatuses: () => tuning.statuses(),
    async close() {
      await training.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
