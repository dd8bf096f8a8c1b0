/**
 * Reusable trial processes (`executor.local.reuse: true`): instead of a process a trial, one long-lived process a
 * slot runs trial after trial, so a script's start-up (a Python interpreter importing its libraries: a second or
 * more) is paid once a slot. The processes are workers of the served-job protocol: the pool serves the job on
 * 127.0.0.1 (a free port, a random token, both given in `TUNEKIT_URL` and `TUNEKIT_TOKEN`), and the script asks
 * for trials with a tunekit client in worker mode (`tunekit.connect()` with no arguments).
 *
 * A process's output goes to the log of the trial it holds (or to `workers/<slot>.log` between trials); values
 * come through the protocol's reports, not from the output. A process that exits while it holds a trial is
 * replaced; the trial runs again in a fresh process the first time, and fails the second. A process that exits
 * without ever asking fails a waiting trial (so a script that cannot start ends the job by the failure rules, as
 * a process-per-trial job does). `timeoutSeconds` bounds each trial: a process over it is killed and its trial
 * fails. Processes lead their own process groups, stopped like local trials (SIGTERM, then SIGKILL after
 * `killGraceSeconds`), and killed by the orphan watchdog if the tuner dies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENVIRONMENT } from '@tunekit/client/protocol';
import type { LocalExecutorSpec, TuningJobSpec } from '@tunekit/core';
import { type ServeServer, startServeServer } from '../serve/serveServer.ts';
import { TrialBroker } from '../serve/trialBroker.ts';
import { LineSplitter } from './lineSplitter.ts';
import type { LiveGroups, LocalTrialSettings } from './localTrial.ts';
import { localTrialHandle, signalGroup } from './processGroup.ts';
import { prepareTrial } from './trialEnvironment.ts';
import { TRIAL_LOG_FILE } from './trialFiles.ts';
import { quoteLines } from './trialOutcome.ts';
import type { RunningTrial, TrialLaunch } from './types.ts';

/** Lines of a process's output kept for the reason of its crash. */
const RECENT_LINES = 20;
/** Heartbeats of reusable processes: a stuck process loses its trial after a lease of silence. */
const HEARTBEAT_SECONDS = 2;
const LEASE_SECONDS = 30;

interface Slot {
  readonly name: string;
  /** The process; undefined until the pool's server listens. */
  child?: ChildProcess;
  /** Its process group (its pid); 0 until it runs. */
  pgid: number;
  readonly recent: string[];
  exited: boolean;
}

/** The pool of one job's reusable processes. */
export class ReusableProcessPool {
  private readonly broker: TrialBroker;
  private server: Promise<ServeServer> | undefined;
  private readonly token = randomBytes(24).toString('base64url');
  private readonly slots = new Map<string, Slot>();
  /** The trials out, by id, to stop one that runs over its timeout. */
  private readonly running = new Map<number, RunningTrial>();
  private nextSlot = 1;
  private closing = false;
  private readonly timer: NodeJS.Timeout;
  private spec: TuningJobSpec | undefined;
  private local: LocalExecutorSpec | undefined;
  private baseDir = '.';
  /** `.tunekit/jobs/<name>/workers`: the processes' output between trials. */
  private workersDir: string | undefined;

  constructor(
    private readonly settings: LocalTrialSettings,
    private readonly liveGroups: LiveGroups,
  ) {
    this.broker = new TrialBroker({
      leaseSeconds: LEASE_SECONDS,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      onAbandon: (worker) => this.kill(worker),
    });
    // Each trial's timeout.
    this.timer = setInterval(() => this.enforceTimeouts(), 250);
    this.timer.unref();
  }

  /**
   * Runs a trial in a reusable process: queued for the next process that asks; a process is started when fewer
   * run than trials are out.
   *
   * @param launch - The trial.
   * @param local - The tuning file's `executor.local`.
   * @returns The running trial.
   */
  start(launch: TrialLaunch, local: LocalExecutorSpec): RunningTrial {
    this.spec = launch.spec;
    this.local = local;
    this.baseDir = launch.baseDir;
    this.workersDir ??= join(dirname(dirname(launch.trialDir)), 'workers');
    // The processes a dead tuner left are gone (the watchdog or the resumed session killed them): run it anew.
    const { resumeHandle: _dropped, ...fresh } = launch;
    const running = this.broker.executor.start({
      ...fresh,
      onStarted: (handle) => {
        const slot = typeof handle.worker === 'string' ? this.slots.get(handle.worker) : undefined;
        // Journaled with the process's group, so that a resumed tuner kills a process a dead one left.
        launch.onStarted?.(slot === undefined ? handle : { ...handle, ...localTrialHandle(slot.pgid) });
      },
    });
    this.running.set(launch.trialId, running);
    void running.done.then(() => this.running.delete(launch.trialId));
    this.ensureProcesses();
    return running;
  }

  /** Ends the processes: they are told `done`, then stopped after the grace period. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.broker.executor.close();
    this.broker.end('the job ended');
    const grace = Math.max(0, this.local?.killGraceSeconds ?? 10) * 1000;
    const until = Date.now() + Math.min(grace, 5000);
    while ([...this.slots.values()].some((slot) => !slot.exited) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (const slot of this.slots.values()) if (!slot.exited) this.kill(slot.name);
    const server = await this.server;
    await server?.close();
  }

  private ensureProcesses(): void {
    if (this.closing || this.spec === undefined) return;
    const live = [...this.slots.values()].filter((slot) => !slot.exited).length;
    const wanted = Math.min(this.spec.limits.maxParallel, this.broker.outstanding());
    for (let count = live; count < wanted; count += 1) this.spawnProcess();
  }

  private serverReady(): Promise<ServeServer> {
    const spec = this.spec!;
    this.server ??= startServeServer({
      broker: this.broker,
      token: this.token,
      host: '127.0.0.1',
      port: 0,
      metricNames: new Set([spec.objective.metric, ...spec.metrics.map((metric) => metric.name)]),
      info: () => ({
        protocol: 'v1',
        name: spec.name,
        status: 'Running',
        objective: { metric: spec.objective.metric, type: spec.objective.type },
        strategy: spec.strategy,
        maxTrials: spec.limits.maxTrials,
        maxParallel: spec.limits.maxParallel,
        counts: { completed: 0, failed: 0, stopped: 0, running: this.broker.outstanding() },
        heartbeatSeconds: HEARTBEAT_SECONDS,
        leaseSeconds: LEASE_SECONDS,
      }),
    });
    return this.server;
  }

  private spawnProcess(): void {
    const name = `slot-${this.nextSlot}`;
    this.nextSlot += 1;
    // In the map before the server listens, so that ensureProcesses counts it.
    const slot: Slot = { name, pgid: 0, recent: [], exited: false };
    this.slots.set(name, slot);
    void this.serverReady().then(
      (server) => this.launchProcess(slot, server.url),
      (error: unknown) => this.failStart(slot, `could not serve the reusable processes: ${String(error)}`),
    );
  }

  private launchProcess(slot: Slot, url: string): void {
    const local = this.local!;
    const spec = this.spec!;
    const workersDir = this.workersDir!;
    mkdirSync(workersDir, { recursive: true });
    const prepared = prepareTrial(
      local,
      {
        trialId: 0,
        trialDir: join(workersDir, slot.name),
        baseDir: this.baseDir,
        staticValues: spec.static,
        params: {},
      },
      this.settings.environment,
    );
    if (typeof prepared === 'string') {
      this.failStart(slot, prepared);
      return;
    }
    const env = { ...prepared.env };
    // Trial-specific variables would name no trial: the trial comes through the protocol.
    for (const key of [
      'TUNEKIT_TRIAL_ID',
      'TUNEKIT_TRIAL_DIR',
      'TUNEKIT_METRICS_FILE',
      'TUNEKIT_HYPERPARAMETERS',
    ])
      delete env[key];
    Object.assign(env, {
      [ENVIRONMENT.url]: url,
      [ENVIRONMENT.token]: this.token,
      [ENVIRONMENT.worker]: slot.name,
    });
    const child = spawn(prepared.file, prepared.args, {
      cwd: prepared.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) {
      child.once('error', (error: NodeJS.ErrnoException) => {
        const hint =
          error.code === 'ENOENT'
            ? ` (is ${prepared.file} installed and on the PATH? see executor.local.command)`
            : '';
        this.failStart(slot, `could not start ${prepared.file}: ${error.message}${hint}`);
      });
      return;
    }
    slot.child = child;
    slot.pgid = child.pid;
    this.liveGroups.add(slot.pgid, Math.max(0, local.killGraceSeconds));
    this.follow(slot, child.stdout!);
    this.follow(slot, child.stderr!);
    child.once('exit', (code, signal) => this.onExit(slot, code, signal));
  }

  /** The process could not be started: a waiting trial fails with the reason, and the pool tries again. */
  private failStart(slot: Slot, reason: string): void {
    slot.exited = true;
    this.broker.failQueued(reason);
    setTimeout(() => this.ensureProcesses(), 100).unref();
  }

  private follow(slot: Slot, stream: NodeJS.ReadableStream): void {
    const splitter = new LineSplitter((text) => {
      const line = text.replace(/\r?\n$/, '');
      slot.recent.push(line);
      if (slot.recent.length > RECENT_LINES) slot.recent.shift();
      const held = this.broker.leaseOf(slot.name);
      const path =
        held === undefined ? join(this.workersDir!, `${slot.name}.log`) : join(held.trialDir, TRIAL_LOG_FILE);
      try {
        appendFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
      } catch {
        // A log that cannot be written loses lines, not the trial; the journal is guarded on its own.
      }
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => splitter.push(chunk));
    stream.once('end', () => splitter.end());
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    slot.exited = true;
    this.liveGroups.delete(slot.pgid);
    signalGroup(slot.pgid, 'SIGKILL');
    if (this.closing) return;
    const how = signal !== null ? `was killed by signal ${signal}` : `exited with code ${code}`;
    const held = this.broker.leaseOf(slot.name);
    if (held !== undefined) {
      this.broker.releaseWorker(
        slot.name,
        `the reusable process ${slot.name} ${how} while running trial ${held.trialId}${quoteLines(slot.recent)}`,
        true,
      );
    } else if (!this.broker.heardFrom(slot.name) && this.broker.outstanding() > 0) {
      this.broker.failQueued(
        `the reusable process ${slot.name} ${how} before asking for a trial: with executor.local.reuse the script ` +
          `must ask for trials with a tunekit client in worker mode (docs/serve.md)${quoteLines(slot.recent)}`,
      );
    }
    setTimeout(() => this.ensureProcesses(), 0).unref();
  }

  private kill(worker: string): void {
    const slot = this.slots.get(worker);
    if (slot === undefined || slot.exited || slot.pgid === 0) return;
    signalGroup(slot.pgid, 'SIGTERM');
    const grace = Math.max(0, this.local?.killGraceSeconds ?? 10) * 1000;
    setTimeout(() => {
      if (!slot.exited) signalGroup(slot.pgid, 'SIGKILL');
    }, grace).unref();
  }

  private enforceTimeouts(): void {
    const timeout = this.local?.timeoutSeconds;
    if (timeout === undefined) return;
    const now = Date.now();
    for (const slot of this.slots.values()) {
      if (slot.exited) continue;
      const held = this.broker.leaseOf(slot.name);
      if (held === undefined || now - held.leasedAt <= timeout * 1000) continue;
      // As a process-per-trial trial: Stopped with reason `timeout`; the process goes, and a fresh one replaces it.
      void this.running.get(held.trialId)?.stop('timeout');
      this.kill(slot.name);
    }
  }
}
