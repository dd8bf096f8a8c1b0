/**
 * `tunekit serve` with worker processes, end to end. Two network namespaces of this test's own, joined by a veth
 * pair, stand for two machines: the server listens on its namespace's address, two TypeScript workers run in the
 * other; one is SIGKILLed mid-trial, its lease runs out, its trial is Failed with the lease's reason and retried
 * (`limits.maxRetries: 1`) as a new attempt on the other worker, and the job completes. That part needs root and
 * iproute2 (`ip netns`); elsewhere it is skipped with the reason. Always: the example's workers
 * (examples/served-workers/worker.ts), three processes on 127.0.0.1, share one job.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type JournalLine, useWorkspaces, waitFor } from './helpers/cli.ts';
import { type Served, startServe } from './helpers/serve.ts';

const RUNNER = join(import.meta.dirname, '..');
const FIXTURE_WORKER = join(import.meta.dirname, 'fixtures', 'tsWorker.ts');
const EXAMPLE = join(RUNNER, '..', '..', 'examples', 'served-workers');
const tag = randomBytes(3).toString('hex');
const NS_SERVER = `tk-srv-${tag}`;
const NS_WORKERS = `tk-wrk-${tag}`;

/** Why the namespace part cannot run here, or undefined when it can (an `ip netns add` of a unique name worked). */
function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces are Linux's (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root: creating network namespaces needs root';
  const probe = `tk-probe-${tag}`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (added.error !== undefined) return `no iproute2 (ip: ${added.error.message})`;
  if (added.status !== 0) return `ip netns add refused (no CAP_NET_ADMIN?): ${added.stderr.trim()}`;
  spawnSync('ip', ['netns', 'delete', probe]);
  return undefined;
}

const unavailable = netnsUnavailable();
if (unavailable !== undefined)
  console.log(`serveNetns.test.ts: the network-namespace test is skipped: ${unavailable}`);

const newWorkspace = useWorkspaces();
const processes: ChildProcess[] = [];
afterAll(async () => {
  for (const child of processes)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Worker {
  readonly child: ChildProcess;
  readonly name: string;
  /** Its JSON lines so far. */
  readonly lines: Record<string, unknown>[];
  readonly done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts a worker process (the command after `node`), connected through the environment. */
function startWorker(
  name: string,
  served: Served,
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string>; prefix?: readonly string[] },
): Worker {
  const command = [
    ...(options.prefix ?? []),
    process.execPath,
    '--conditions=@tunekit/source',
    '--import',
    'tsx',
    ...argv,
  ];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: {
      ...process.env,
      TUNEKIT_URL: served.url,
      TUNEKIT_TOKEN: served.token,
      TUNEKIT_WORKER: name,
      ...options.env,
    },
  });
  processes.push(child);
  const lines: Record<string, unknown>[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const complete = stdout.split('\n');
    lines.length = 0;
    for (const line of complete.slice(0, -1)) {
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, name, lines, done };
}

function outcomes(journal: JournalLine[]): Map<number, { status: string; reason?: string }> {
  const found = new Map<number, { status: string; reason?: string }>();
  for (const event of journal) {
    if (event.type === 'trialFinished') found.set(event.trialId!, event.outcome as { status: string });
  }
  return found;
}

function ip(...args: string[]): void {
  const run = spawnSync('ip', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ip ${args.join(' ')}: ${run.stderr.trim()}`);
}

describe('tunekit serve with worker processes', () => {
  describe.skipIf(unavailable !== undefined)(
    `across two network namespaces${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    () => {
      const subnet = 1 + (randomBytes(1)[0]! % 250);
      const serverAddress = `10.251.${subnet}.1`;
      const workerAddress = `10.251.${subnet}.2`;
      afterAll(async () => {
        for (const child of processes)
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 100));
        // Deleting a namespace deletes the veth end in it, and with it the pair.
        for (const namespace of [NS_SERVER, NS_WORKERS]) spawnSync('ip', ['netns', 'delete', namespace]);
      });

      it('a worker SIGKILLed mid-trial loses its lease; the trial is Failed, retried on the other worker, and the job completes', async () => {
        ip('netns', 'add', NS_SERVER);
        ip('netns', 'add', NS_WORKERS);
        ip('link', 'add', `tkva${tag}`, 'type', 'veth', 'peer', 'name', `tkvb${tag}`);
        ip('link', 'set', `tkva${tag}`, 'netns', NS_SERVER);
        ip('link', 'set', `tkvb${tag}`, 'netns', NS_WORKERS);
        ip('-n', NS_SERVER, 'addr', 'add', `${serverAddress}/30`, 'dev', `tkva${tag}`);
        ip('-n', NS_WORKERS, 'addr', 'add', `${workerAddress}/30`, 'dev', `tkvb${tag}`);
        for (const [namespace, link] of [
          [NS_SERVER, `tkva${tag}`],
          [NS_WORKERS, `tkvb${tag}`],
        ] as const) {
          ip('-n', namespace, 'link', 'set', 'lo', 'up');
          ip('-n', namespace, 'link', 'set', link, 'up');
        }

        const ws = newWorkspace('netns-job');
        const file = ws.writeTuningFile({
          executor: { remote: { leaseSeconds: 3, heartbeatSeconds: 1 } },
          limits: { maxTrials: 6, maxParallel: 2, maxRetries: 1 },
        });
        const served = await startServe(file, ws.dir, {
          host: serverAddress,
          prefix: ['ip', 'netns', 'exec', NS_SERVER],
        });
        processes.push(served.child);
        expect(served.url).toBe(`http://${serverAddress}:${served.port}`);

        const workerOptions = {
          cwd: RUNNER,
          prefix: ['ip', 'netns', 'exec', NS_WORKERS],
          env: { STEPS: '8', STEP_MS: '150' },
        };
        const doomed = startWorker('ns-worker-1', served, [FIXTURE_WORKER], workerOptions);
        const survivor = startWorker('ns-worker-2', served, [FIXTURE_WORKER], workerOptions);

        // Mid-trial: the doomed worker took a trial and has reported for a while.
        await waitFor(
          () => doomed.lines.some((line) => line.event === 'start'),
          30_000,
          'the first worker to take a trial',
        );
        await new Promise((resolve) => setTimeout(resolve, 400));
        const open = doomed.lines.filter((line) => line.event === 'start').at(-1)!;
        expect(doomed.lines.some((line) => line.event === 'end' && line.trialId === open.trialId)).toBe(
          false,
        );
        doomed.child.kill('SIGKILL');

        const run = await served.done;
        expect(run.code, run.stderr).toBe(0);
        expect((await survivor.done).code).toBe(0);
        expect(survivor.lines.at(-1)).toEqual({ event: 'done', worker: 'ns-worker-2' });

        const journal = ws.journal();
        const ended = outcomes(journal);
        const lost = ended.get(open.trialId as number);
        expect(lost?.status).toBe('Failed');
        expect(lost?.reason).toMatch(/ns-worker-1 sent nothing for \d+/);
        const askedLost = journal.find(
          (event) => event.type === 'trialAsked' && event.trialId === open.trialId,
        )!;
        const retry = journal.find(
          (event) =>
            event.type === 'trialAsked' &&
            event.configIndex === askedLost.configIndex &&
            event.trialId !== open.trialId,
        );
        expect(retry).toMatchObject({ attempt: 1, params: askedLost.params });
        expect(ended.get(retry!.trialId!)?.status).toBe('Completed');
        expect(survivor.lines.some((line) => line.event === 'start' && line.trialId === retry!.trialId)).toBe(
          true,
        );
        // All six configurations completed: the lost one through its retry.
        const completed = [...ended.entries()].filter(([, outcome]) => outcome.status === 'Completed');
        expect(completed).toHaveLength(6);
        expect(journal.at(-1)?.type).toBe('jobFinished');
      });
    },
  );

  it("three of the example's workers (examples/served-workers) on 127.0.0.1 share one job", async () => {
    const ws = newWorkspace('served-example');
    const spec = parse(readFileSync(join(EXAMPLE, 'tuning.yaml'), 'utf8')) as Record<string, unknown>;
    const file = join(ws.dir, 'tuning.json');
    const tuning = {
      ...spec,
      name: 'served-example',
      static: { ...(spec.static as object), epochs: 12 },
      limits: { maxTrials: 6, maxParallel: 3 },
      completion: undefined,
    };
    writeFileSync(file, JSON.stringify(tuning));
    const served = await startServe(file, ws.dir);
    processes.push(served.child);
    const workers = [1, 2, 3].map((n) =>
      startWorker(`example-${n}`, served, ['worker.ts'], { cwd: EXAMPLE }),
    );
    const run = await served.done;
    expect(run.code, run.stderr).toBe(0);
    const ran: string[] = [];
    for (const worker of workers) {
      const end = await worker.done;
      expect(end.code, end.stderr).toBe(0);
      expect(end.stdout).toContain(`worker ${worker.name}: the job is done`);
      for (const match of end.stdout.matchAll(/^trial (\d+) attempt \d+: /gm)) ran.push(match[1]!);
    }
    const ended = outcomes(ws.journal());
    expect(ended.size).toBe(6);
    // Each trial ran on exactly one worker, and each ended Completed or Stopped (early stopping is on).
    expect([...ran].sort()).toEqual([...ended.keys()].map(String).sort());
    for (const outcome of ended.values()) expect(['Completed', 'Stopped']).toContain(outcome.status);
  });
});
