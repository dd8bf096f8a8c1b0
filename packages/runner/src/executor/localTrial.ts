/**
 * One trial run by the local executor: a child process leading its own process group, its output streamed line
 * by line into the trial's log and the metric parser, its metrics file followed, its timeout enforced, and its end
 * turned into an outcome once the whole group is gone and every line is read.
 *
 * Stopping (stop(), the timeout, or a leader that exits leaving children behind) sends SIGTERM to the group,
 * then SIGKILL after the grace period; `done` resolves only when no process of the group is left.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { LocalExecutorSpec, TrialOutcome } from '@tunekit/core';
import { isRunnerError } from '../errors.ts';
import { guardWrite } from '../journal/writeFailure.ts';
import { LineSplitter } from './lineSplitter.ts';
import { TrialMetrics } from './metricStream.ts';
import { MetricsFileReader } from './metricsFile.ts';
import { groupHasLiveMembers, localTrialHandle, signalGroup } from './processGroup.ts';
import { type BaseEnvironment, prepareTrial } from './trialEnvironment.ts';
import { type ProcessEnd, trialOutcome } from './trialOutcome.ts';
import type { RunningTrial, TrialLaunch } from './types.ts';

/** Lines of output kept for the reason of a crash. */
const RECENT_LINES = 20;
/** How often the group is checked for members once its leader has exited. */
const GROUP_POLL_MS = 20;
/** After SIGKILL, how long to wait for the group to empty before giving up on it (a process stuck in the kernel). */
const AFTER_KILL_MS = 2000;
/** After the group is gone, how long to wait for the output pipes to close (a process that escaped the group). */
const PIPE_CLOSE_MS = 1000;

/** Settings of the executor that apply to every trial. */
export interface LocalTrialSettings {
  /** Interval of reading the metrics file, in ms. */
  readonly metricsPollMs: number;
  /** The environment trials start from. */
  readonly environment: BaseEnvironment;
}

/** Live process groups, killed at once if the tuner exits without stopping them. */
export interface LiveGroups {
  /** A trial's group runs; `graceSeconds` is how long it gets between SIGTERM and SIGKILL. */
  add(pgid: number, graceSeconds: number): void;
  delete(pgid: number): void;
}

/** @internal Starts one trial; see {@link createLocalExecutor}. */
export class LocalTrial implements RunningTrial {
  readonly done: Promise<TrialOutcome>;
  private resolveDone!: (outcome: TrialOutcome) => void;
  private child: ChildProcess | undefined;
  private pgid: number | undefined;
  private logFd: number | undefined;
  private logPath: string | undefined;
  private metrics: TrialMetrics;
  private metricsFile: MetricsFileReader | undefined;
  private readonly recent: string[] = [];
  private stopReason: string | undefined;
  private leaderEnd: ProcessEnd | undefined;
  private terminating = false;
  private finished = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly intervals: NodeJS.Timeout[] = [];

  constructor(
    private readonly launch: TrialLaunch,
    private readonly local: LocalExecutorSpec,
    private readonly settings: LocalTrialSettings,
    private readonly liveGroups: LiveGroups,
  ) {
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.metrics = new TrialMetrics(
      launch.spec,
      (observation) => launch.onMetric(observation),
      (text) => this.note(text),
    );
    this.begin();
  }

  stop(reason: string): Promise<void> {
    if (!this.finished && this.leaderEnd === undefined && this.stopReason === undefined) {
      this.stopReason = reason;
      this.terminate();
    }
    return this.done.then(() => undefined);
  }

  private begin(): void {
    const { launch } = this;
    const prepared = prepareTrial(
      this.local,
      {
        trialId: launch.trialId,
        trialDir: launch.trialDir,
        baseDir: launch.baseDir,
        staticValues: launch.spec.static,
        params: launch.params,
      },
      this.settings.environment,
    );
    if (typeof prepared === 'string') {
      this.leaderEnd = { kind: 'setup', problem: prepared };
      queueMicrotask(() => this.finish());
      return;
    }
    this.logPath = prepared.logPath;
    this.logFd = openSync(prepared.logPath, 'w');
    this.metricsFile = new MetricsFileReader(prepared.metricsPath, (observation) =>
      this.metrics.addFileObservation(observation),
    );
    const child = spawn(prepared.file, prepared.args, {
      cwd: prepared.cwd,
      env: prepared.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    if (child.pid === undefined) {
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.leaderEnd = { kind: 'spawnError', command: prepared.file, error };
        this.finish();
      });
      return;
    }
    const pgid = child.pid;
    this.pgid = pgid;
    this.liveGroups.add(pgid, Math.max(0, this.local.killGraceSeconds));
    const closed = [once(child.stdout!, 'close'), once(child.stderr!, 'close')];
    this.follow(child.stdout!);
    this.follow(child.stderr!);
    child.once('exit', (code, signal) => {
      this.leaderEnd = { kind: 'exited', code, signal };
      void this.afterLeaderExit(closed);
    });
    if (this.settings.metricsPollMs > 0) {
      this.intervals.push(setInterval(() => this.metricsFile?.poll(), this.settings.metricsPollMs));
    }
    const timeout = this.local.timeoutSeconds;
    if (timeout !== undefined && timeout > 0) {
      this.timers.push(
        setTimeout(() => {
          if (this.leaderEnd !== undefined || this.stopReason !== undefined) return;
          this.stopReason = 'timeout';
          this.note(
            `tunekit: stopping the trial: it ran longer than executor.local.timeoutSeconds (${timeout} s)`,
          );
          this.terminate();
        }, timeout * 1000),
      );
    }
    launch.onStarted?.({ ...localTrialHandle(pgid) });
  }

  /** Streams one pipe: whole lines into the log, the metric parser and onLine, as they come. */
  private follow(stream: NodeJS.ReadableStream): void {
    const pieces: string[] = [];
    const splitter = new LineSplitter((text, complete) => {
      pieces.push(text);
      this.metrics.feedOutput(text);
      const line = text.replace(/\r?\n$/, '');
      this.remember(line);
      if (complete) this.launch.onLine?.(line);
    });
    const flush = (): void => {
      if (pieces.length === 0) return;
      this.writeLog(pieces.join(''));
      pieces.length = 0;
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      splitter.push(chunk);
      flush();
    });
    stream.once('end', () => {
      splitter.end();
      flush();
    });
  }

  /** SIGTERM to the whole group now, SIGKILL after the grace period. */
  private terminate(): void {
    if (this.terminating || this.pgid === undefined) return;
    this.terminating = true;
    const pgid = this.pgid;
    signalGroup(pgid, 'SIGTERM');
    this.timers.push(
      setTimeout(() => signalGroup(pgid, 'SIGKILL'), Math.max(0, this.local.killGraceSeconds) * 1000),
    );
  }

  /** The leader is gone: clear out the rest of its group, read the last output, then finish. */
  private async afterLeaderExit(closed: readonly Promise<void>[]): Promise<void> {
    const pgid = this.pgid!;
    if (groupHasLiveMembers(pgid)) {
      // Children outlived the script: they are part of the trial, and go with it.
      this.terminate();
      const graceMs = Math.max(0, this.local.killGraceSeconds) * 1000;
      const giveUpAt = Date.now() + graceMs + AFTER_KILL_MS;
      while (groupHasLiveMembers(pgid) && Date.now() < giveUpAt) await sleep(GROUP_POLL_MS);
    }
    this.liveGroups.delete(pgid);
    await Promise.race([Promise.all(closed), sleep(PIPE_CLOSE_MS)]);
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const interval of this.intervals) clearInterval(interval);
    this.metricsFile?.poll(true);
    this.metrics.endOutput();
    const objective = this.metrics.result(this.metricsFile?.problems ?? []);
    const outcome = trialOutcome(this.leaderEnd!, this.stopReason, objective, this.recent);
    if (this.logFd !== undefined) {
      closeSync(this.logFd);
      this.logFd = undefined;
    }
    if (this.pgid !== undefined) this.liveGroups.delete(this.pgid);
    this.resolveDone(outcome);
  }

  private remember(line: string): void {
    this.recent.push(line);
    if (this.recent.length > RECENT_LINES) this.recent.shift();
  }

  /** Writes a line of tunekit's own into the trial's log (not parsed for metrics). */
  private note(text: string): void {
    this.writeLog(`${text}\n`);
  }

  private writeLog(text: string): void {
    const fd = this.logFd;
    if (fd === undefined) return;
    const bytes = Buffer.from(text, 'utf8');
    try {
      guardWrite(this.logPath!, () => {
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      });
    } catch (error) {
      if (!isRunnerError(error)) throw error;
      // The disk is full (or read-only): stop writing the log, and let the job stop the trial.
      closeSync(fd);
      this.logFd = undefined;
      this.launch.onWriteError?.(error);
    }
  }
}

function once(stream: NodeJS.ReadableStream, event: string): Promise<void> {
  return new Promise((resolve) => stream.once(event, () => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
