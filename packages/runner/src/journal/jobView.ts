/**
 * A read-only picture of a job, folded from its journal: the spec it runs, every trial with its status,
 * hyperparameters, objective and times. `status`, `best`, `trials`, reports and the Action read this.
 *
 * A trial that was started but has no `trialFinished` (the tuner was killed) or whose last event is
 * `trialInterrupted` (Ctrl-C) is in flight: a resumed job runs it again with the same id and hyperparameters.
 */
import type { MetricObservation, ParameterValues, TrialOutcome, TuningJobSpec } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import type { JobStatus, JournalEvent } from './events.ts';
import { journaledSpec } from './journaledSpec.ts';

export type TrialRecordStatus = 'Pending' | 'Running' | 'Interrupted' | 'Completed' | 'Failed' | 'Stopped';

export interface TrialRecord {
  readonly id: number;
  readonly configIndex: number;
  readonly attempt: number;
  readonly params: ParameterValues;
  readonly unit: readonly number[];
  /** Pending: asked, not started; Running: started, not finished; Interrupted: stopped by Ctrl-C, to rerun. */
  status: TrialRecordStatus;
  readonly askedAt: number;
  /** When the last run of this trial started (epoch ms). */
  startedAt?: number;
  finishedAt?: number;
  objective?: number;
  finalMetrics?: Readonly<Record<string, number>>;
  failureReason?: string;
  stopReason?: string;
  /** How many times the trial was started (more than 1 after a resume reran it). */
  runs: number;
  /** Metric values seen in the last run. */
  metricCount: number;
  /** The last valid value of the objective metric seen in the last run (live progress, early stopping). */
  lastObjective?: number;
  /**
   * The last valid value of each metric of the spec's definitions seen in the last run, by name (the journal
   * always keeps a trial's last value of each metric: session/metricThinning.ts). Reports read it through
   * report/trialRows.ts `trialMetrics`, which prefers the outcome's `finalMetrics`.
   */
  lastMetrics?: Record<string, number>;
  /**
   * Values of the objective metric by step in the last run, null where a value was invalid: early stopping's
   * memory, kept only when the spec's earlyStopping is not Off.
   */
  objectiveCurve?: (number | null)[];
  /**
   * The stopping rules' decisions about this trial (Hyperband's promotions and stops, the median rule's stop), in
   * journal order. A trial that
   * ran again after a resume keeps them: the tuner replays them instead of deciding again.
   */
  decisions?: TrialDecisionRecord[];
  /** Executor handle of the last run (pid, process group, training-job name). */
  handle?: Readonly<Record<string, unknown>>;
  /** The outcome as journaled, for finished trials. */
  outcome?: TrialOutcome;
}

/** A journaled `trialDecision`, as the view keeps it. */
export type TrialDecisionRecord = Omit<Extract<JournalEvent, { type: 'trialDecision' }>, 'type' | 'trialId'>;

/** The last journaled `recommendation`: the model's choice of best trial and its noise estimate. */
export type RecommendationRecord = Omit<Extract<JournalEvent, { type: 'recommendation' }>, 'type'>;

export interface JobView {
  readonly name: string;
  /** The spec in force: the one journaled last (a resume with harmless changes journals the new one). */
  readonly spec: TuningJobSpec;
  readonly specHash: string;
  /** The spec the job was created with. */
  readonly createdSpec: TuningJobSpec;
  readonly createdAt: number;
  /** When each tuner session began (creation and every resume). */
  readonly sessions: readonly { readonly t: number; readonly pid?: number }[];
  /** Milliseconds the tuner was running, summed over sessions (up to each session's last event). */
  readonly activeMs: number;
  readonly trials: readonly TrialRecord[];
  /**
   * Set once the job ended on a completion criterion (`jobFinished`): `Failed` when no trial succeeded (the job
   * then failed, as `tune` said), `Completed` otherwise. A resume clears it.
   */
  readonly finished?: {
    readonly t: number;
    readonly reason: string;
    readonly status: Exclude<JobStatus, 'Interrupted'>;
  };
  readonly lastEventAt: number;
  /** The model's last journaled choice of best trial (Bayesian strategy; see {@link bestTrial}). */
  readonly recommendation?: RecommendationRecord;
}

/** Folds journal events one at a time into a {@link JobView} (see {@link createJobViewFolder}). */
export interface JobViewFolder {
  /** Events folded so far. */
  readonly count: number;
  /**
   * Folds the next event.
   *
   * @throws RunnerError `journalUnreadable` when the event contradicts the history: a first event that is not
   *   `jobCreated`, a second `jobCreated`, a trial asked twice, an event for a trial never asked, a trial started
   *   or finished after it finished (the journal reader adds the line).
   */
  add(event: JournalEvent): void;
  /**
   * The job as folded so far (trial records are shared with later views, not copied).
   *
   * @throws RunnerError `journalUnreadable` when no event was folded.
   */
  view(): JobView;
  /** The best trial folded so far ({@link bestTrial}), without copying the view. */
  best(): TrialRecord | undefined;
  /** The best observed trial folded so far ({@link bestObservedTrial}). */
  bestObserved(): TrialRecord | undefined;
  /** The model's choice when it stands as the best ({@link modelChoice}), folded so far. */
  modelChoice(): ReturnType<typeof modelChoice>;
}

/**
 * Creates a folder of journal events: the view of a long journal without holding its events (a resume
 * streams the journal through one).
 *
 * @returns The folder.
 */
export function createJobViewFolder(): JobViewFolder {
  let count = 0;
  let createdSpec: TuningJobSpec | undefined;
  let createdAt = 0;
  let spec: TuningJobSpec | undefined;
  let specHash = '';
  const sessions: { t: number; pid?: number }[] = [];
  const trials = new Map<number, TrialRecord>();
  let finished: JobView['finished'];
  let activeMs = 0;
  let sessionStart = 0;
  let lastEventAt = 0;
  let recommendation: RecommendationRecord | undefined;
  return {
    get count() {
      return count;
    },
    add(event) {
      if (count === 0) {
        if (event.type !== 'jobCreated')
          throw unreadable('the journal does not start with a jobCreated event');
        createdSpec = journaledSpec(event.spec);
        spec = createdSpec;
        specHash = event.specHash;
        createdAt = event.t;
        sessions.push({ t: event.t });
        sessionStart = event.t;
        lastEventAt = event.t;
      }
      count += 1;
      const current = spec!;
      switch (event.type) {
        case 'jobCreated':
          if (count > 1) throw unreadable('a second jobCreated event: the job was already created');
          break;
        case 'jobResumed': {
          activeMs += lastEventAt - sessionStart;
          sessionStart = event.t;
          sessions.push({ t: event.t, pid: event.pid });
          if (event.spec !== undefined && event.specHash !== undefined) {
            spec = journaledSpec(event.spec);
            specHash = event.specHash;
          }
          finished = undefined;
          break;
        }
        case 'trialAsked':
          if (trials.has(event.trialId))
            throw unreadable(`trialAsked for trial ${event.trialId}, which was already asked`);
          trials.set(event.trialId, {
            id: event.trialId,
            configIndex: event.configIndex,
            attempt: event.attempt,
            params: event.params,
            unit: event.unit,
            status: 'Pending',
            askedAt: event.t,
            runs: 0,
            metricCount: 0,
          });
          break;
        case 'trialStarted': {
          const trial = unfinishedTrial(trials, event);
          trial.status = 'Running';
          trial.startedAt = event.t;
          trial.runs += 1;
          trial.metricCount = 0;
          trial.lastObjective = undefined;
          trial.lastMetrics = undefined;
          trial.objectiveCurve = undefined;
          trial.handle = event.handle;
          break;
        }
        case 'metric': {
          const trial = unfinishedTrial(trials, event);
          trial.metricCount += 1;
          const observation = event.observation;
          if (
            observation.invalid === undefined &&
            Number.isFinite(observation.value) &&
            current.metrics.some((metric) => metric.name === observation.metric)
          ) {
            // Without a prototype: a metric named __proto__ is a plain key.
            trial.lastMetrics ??= Object.create(null) as Record<string, number>;
            trial.lastMetrics[observation.metric] = observation.value;
          }
          if (observation.metric !== current.objective.metric) break;
          const valid = isValidObjective(observation, current.objective.metric);
          if (valid) trial.lastObjective = observation.value;
          if (
            current.earlyStopping !== 'Off' &&
            Number.isInteger(observation.step) &&
            observation.step >= 0
          ) {
            trial.objectiveCurve ??= [];
            const curve = trial.objectiveCurve;
            while (curve.length < observation.step) curve.push(null);
            curve[observation.step] = valid ? observation.value : null;
          }
          break;
        }
        case 'trialDecision': {
          const { type: _type, trialId: _trialId, ...decision } = event;
          const trial = unfinishedTrial(trials, event);
          trial.decisions ??= [];
          trial.decisions.push(decision);
          break;
        }
        case 'recommendation': {
          knownTrial(trials, event);
          const { type: _type, ...record } = event;
          recommendation = record;
          break;
        }
        case 'trialFinished': {
          // A trial whose setup failed finishes without having started.
          const trial = unfinishedTrial(trials, event);
          applyOutcome(trial, event.outcome, event.t);
          break;
        }
        case 'trialInterrupted': {
          const trial = knownTrial(trials, event);
          if (trial.outcome === undefined) trial.status = 'Interrupted';
          break;
        }
        case 'jobFinished':
          // As the job loop decides it: a job in which no trial succeeded failed, whatever ended it.
          finished = {
            t: event.t,
            reason: event.reason,
            status:
              event.status ??
              ([...trials.values()].some((trial) => trial.outcome?.status === 'Completed')
                ? 'Completed'
                : 'Failed'),
          };
          break;
      }
      lastEventAt = Math.max(lastEventAt, event.t);
    },
    view() {
      if (createdSpec === undefined || spec === undefined) {
        throw unreadable('the journal does not start with a jobCreated event');
      }
      return {
        name: createdSpec.name,
        spec,
        specHash,
        createdSpec,
        createdAt,
        sessions: [...sessions],
        activeMs: activeMs + (lastEventAt - sessionStart),
        trials: [...trials.values()].sort((a, b) => a.id - b.id),
        ...(finished === undefined ? {} : { finished }),
        lastEventAt,
        ...(recommendation === undefined ? {} : { recommendation }),
      };
    },
    best() {
      return spec === undefined ? undefined : bestTrial({ spec, trials: trials.values(), recommendation });
    },
    bestObserved() {
      return spec === undefined ? undefined : bestObservedTrial({ spec, trials: trials.values() });
    },
    modelChoice() {
      return modelChoice({ trials: trials.values(), recommendation });
    },
  };
}

/**
 * Folds journal events into a {@link JobView}.
 *
 * @param events - The journal's events in order; the first must be `jobCreated`.
 * @returns The job as the journal records it.
 * @throws RunnerError `journalUnreadable` when an event contradicts the history (see {@link JobViewFolder.add}).
 */
export function buildJobView(events: readonly JournalEvent[]): JobView {
  const folder = createJobViewFolder();
  for (const event of events) folder.add(event);
  return folder.view();
}

/**
 * The job's reported best trial: the best observed one ({@link bestObservedTrial}), unless the model found the
 * objective's noise significant ({@link modelChoice}): then the Completed trial with the lowest posterior mean,
 * which is the better estimate of the best configuration (the best observed value is partly the luckiest draw of
 * the noise). This is the one definition of "the best trial" in the runner: reports, `best`, `status`, the Action,
 * the dashboard and the running session (through {@link JobViewFolder.best}) all use it, and show the best
 * observed trial beside it when the two differ.
 *
 * @param view - The job: its objective, its trials in any order, and the model's last recommendation.
 * @returns The best trial, or undefined when no trial completed with an objective.
 */
export function bestTrial(view: {
  readonly spec: Pick<TuningJobSpec, 'objective'>;
  readonly trials: Iterable<TrialRecord>;
  readonly recommendation?: RecommendationRecord;
}): TrialRecord | undefined {
  const chosen = modelChoice(view);
  if (chosen !== undefined) return chosen.trial;
  return bestObservedTrial(view);
}

/**
 * The model's choice when it stands as the reported best: a significant recommendation whose trial Completed.
 *
 * @param view - The job's trials and its last recommendation.
 * @returns The trial and the recommendation, or undefined.
 */
export function modelChoice(view: {
  readonly trials: Iterable<TrialRecord>;
  readonly recommendation?: RecommendationRecord;
}): { readonly trial: TrialRecord; readonly recommendation: RecommendationRecord } | undefined {
  const recommendation = view.recommendation;
  if (recommendation?.significant !== true) return undefined;
  for (const trial of view.trials) {
    if (trial.id !== recommendation.trialId) continue;
    const completed = trial.status === 'Completed' && Number.isFinite(trial.objective);
    return completed ? { trial, recommendation } : undefined;
  }
  return undefined;
}

/**
 * The best observed trial: the best objective among Completed trials, ties to the earlier trial (the smaller
 * id). It agrees with the tuner's own `best()` (core): the tuner ranks the same Completed trials the same way.
 *
 * @param view - The job: its objective and its trials, in any order.
 * @returns The trial, or undefined when no trial completed with an objective.
 */
export function bestObservedTrial(view: {
  readonly spec: Pick<TuningJobSpec, 'objective'>;
  readonly trials: Iterable<TrialRecord>;
}): TrialRecord | undefined {
  const sign = view.spec.objective.type === 'Minimize' ? 1 : -1;
  let best: TrialRecord | undefined;
  for (const trial of view.trials) {
    if (trial.status !== 'Completed' || trial.objective === undefined || !Number.isFinite(trial.objective))
      continue;
    if (
      best === undefined ||
      sign * trial.objective < sign * best.objective! ||
      (trial.objective === best.objective && trial.id < best.id)
    )
      best = trial;
  }
  return best;
}

/**
 * Trials to run again on resume: asked, started or interrupted, but never finished.
 *
 * @param view - The job.
 * @returns The unfinished trials, by id.
 */
export function inFlightTrials(view: Pick<JobView, 'trials'>): TrialRecord[] {
  return view.trials.filter((trial) => trial.outcome === undefined);
}

function unreadable(problem: string): RunnerError {
  return new RunnerError('journalUnreadable', problem);
}

/** The trial an event is about; refused when it was never asked. */
function knownTrial(
  trials: ReadonlyMap<number, TrialRecord>,
  event: { readonly type: string; readonly trialId: number },
): TrialRecord {
  const trial = trials.get(event.trialId);
  if (trial === undefined)
    throw unreadable(`${event.type} for trial ${event.trialId}, which was never asked`);
  return trial;
}

/** The trial an event is about; refused when it was never asked or has already finished. */
function unfinishedTrial(
  trials: ReadonlyMap<number, TrialRecord>,
  event: { readonly type: string; readonly trialId: number },
): TrialRecord {
  const trial = knownTrial(trials, event);
  if (trial.outcome !== undefined)
    throw unreadable(`${event.type} for trial ${event.trialId}, which already finished`);
  return trial;
}

function applyOutcome(trial: TrialRecord, outcome: TrialOutcome, t: number): void {
  trial.outcome = outcome;
  trial.status = outcome.status;
  trial.finishedAt = t;
  if (outcome.status === 'Completed') {
    trial.objective = outcome.objective;
    if (outcome.finalMetrics !== undefined) trial.finalMetrics = outcome.finalMetrics;
  } else if (outcome.status === 'Failed') {
    trial.failureReason = outcome.reason;
  } else {
    trial.stopReason = outcome.reason;
    if (outcome.objective !== undefined) trial.objective = outcome.objective;
  }
}

function isValidObjective(observation: MetricObservation, metric: string): boolean {
  return (
    observation.metric === metric && observation.invalid === undefined && Number.isFinite(observation.value)
  );
}
