/**
 * The ask/tell tuner: the search space, the strategy, the history of trials, SageMaker's completion criteria,
 * retries and early stopping.
 *
 * Choices, checked against SageMaker's documentation:
 * - Budget: `limits.maxTrials` counts distinct configurations (SageMaker's `MaxNumberOfTrainingJobs`). Retries
 *   (`limits.maxRetries`, SageMaker's `RetryStrategy.MaximumRetryAttempts`) do not count: SageMaker retries a
 *   failed training job in place ("when the job is retried, its SecondaryStatus is changed to STARTING"), so a
 *   retry is not a new training job. Here a retry is a new trial (new id) with the same `configIndex`, the same
 *   hyperparameters and `attempt + 1`; it does count against `maxParallel` while it runs.
 * - Observations: Completed trials, plus Stopped trials that carry an objective (an early-stopped job reports the
 *   last value it reached), oriented to minimisation. `best()` and the target consider Completed trials only.
 * - Convergence (`completion.convergence`): done once the strategy's `convergence()` is at least
 *   {@link CONVERGENCE_THRESHOLD} after {@link CONVERGENCE_PATIENCE} asks in a row. That streak is not part of
 *   the state: a rebuilt tuner starts it again.
 * - maxTrials and exhausted wait until every trial has finished and no retry is due; the target, trials not
 *   improving, convergence, the runtime and consecutive failures end the job at once (the caller stops what
 *   still runs).
 * - Consecutive failures (`limits.maxConsecutiveFailures`, default 5, 0 off): a training script that cannot start
 *   fails every trial the same way, and on SageMaker each is a billed job. Failed trials told in a row end the
 *   job, retries of a configuration included; a Completed or Stopped trial resets the count. The count is not
 *   part of the state: a tuner rebuilt from a state (a resume, once the user fixed the cause) starts it at 0, so
 *   a job that ended this way continues instead of ending again at once.
 */
import { TunekitError } from '../errors.ts';
import { createSearchSpace, type SearchSpace } from '../space/searchSpace.ts';
import { medianRuleSettings } from '../spec/earlyStopping.ts';
import { SPEC_DEFAULTS } from '../spec/limits.ts';
import type { TuningJobSpec } from '../spec/types.ts';
import { initialDesignSize } from '../strategies/bayesian.ts';
import { createStrategy } from '../strategies/createStrategy.ts';
import type { Observation, Strategy } from '../strategy.ts';
import { checkState } from './checkState.ts';
import { AsyncSuccessiveHalving } from './hyperband/asyncSuccessiveHalving.ts';
import { modelObservations } from './hyperband/modelObservations.ts';
import { MedianStoppingRule } from './medianStopping.ts';
import { ProgressTracker } from './progressTracker.ts';
import { TrialHistory } from './trialHistory.ts';
import type { Tuner, TunerCompletion, TunerOptions } from './tuner.ts';
import {
  type MetricObservation,
  NOISE_RATIO_SIGNIFICANT,
  type Recommendation,
  type RungReport,
  type Trial,
  type TrialDecision,
  type TrialOutcome,
  type TunerState,
} from './types.ts';
import { WarmStart } from './warmStart.ts';

/** Convergence measure at or above which an ask counts towards the convergence criterion. */
export const CONVERGENCE_THRESHOLD = 0.95;
/** Asks in a row at or above {@link CONVERGENCE_THRESHOLD} that end the job. */
export const CONVERGENCE_PATIENCE = 3;

const NOT_DONE: TunerCompletion = { done: false };
const CONTINUE: TrialDecision = { action: 'continue' };

/**
 * Creates a tuner for a job, or rebuilds one from a saved state.
 *
 * @param spec - The validated job (`parseTuningFile`).
 * @param options - A strategy to use instead of `spec.strategy`, a clock, a saved state, an evaluator.
 * @returns The tuner.
 * @throws TunekitError('unsupported') for a Hyperband spec without `hyperband` settings (one imported from a
 *   SageMaker request, which runs only as SageMaker's own tuning), ('invalidState') for a
 *   state that does not fit the spec.
 * @example
 * const tuner = createTuner(spec);
 * for (let [trial] = await tuner.ask(1); trial; [trial] = await tuner.ask(1)) {
 *   tuner.tell(trial.id, { status: 'Completed', objective: train(trial.params) });
 * }
 */
export function createTuner(spec: TuningJobSpec, options: TunerOptions = {}): Tuner {
  return new AskTellTuner(spec, options);
}

class AskTellTuner implements Tuner {
  readonly spec: TuningJobSpec;
  readonly space: SearchSpace;
  private readonly strategy: Strategy;
  private readonly now: () => number;
  private readonly startedAt: number;
  /** +1 to minimise, -1 to maximise: oriented value = sign * objective. */
  private readonly sign: number;
  private readonly history = new TrialHistory();
  private readonly progress: ProgressTracker;
  /** The median rule, with its grace period; undefined when earlyStopping is Off. */
  private readonly stopping: MedianStoppingRule | undefined;
  /** Hyperband's rungs (strategy Hyperband only). */
  private readonly rungs: AsyncSuccessiveHalving | undefined;
  /** Ids of failed trials whose retry is due, ascending. */
  private readonly retryQueue: number[] = [];
  private convergenceStreak = 0;
  /** Failure reasons of the trials told Failed in a row, since the last Completed or Stopped one. */
  private failureStreak: string[] = [];
  /**
   * The streak that ended the job, kept once it reached the limit: the trials still running are then stopped,
   * and their Stopped outcomes must not reopen the job.
   */
  private failedOut: readonly string[] | undefined;
  /** The last finishedAt handed out: finishing times strictly increase, so the state keeps the telling order. */
  private lastFinishedAt = Number.NEGATIVE_INFINITY;
  private strategyExhausted = false;
  private askChain: Promise<unknown> = Promise.resolve();
  /** initialTrials and the parents' trials (warmStart.ts). */
  private readonly warmStart: WarmStart;

  constructor(spec: TuningJobSpec, options: TunerOptions) {
    this.spec = spec;
    this.space = createSearchSpace(spec.parameters);
    this.now = options.now ?? Date.now;
    this.sign = spec.objective.type === 'Maximize' ? -1 : 1;
    const target = spec.completion.targetObjective;
    this.progress = new ProgressTracker(target === undefined ? undefined : this.sign * target);
    const grace = medianRuleSettings(spec.earlyStopping);
    this.stopping = grace === undefined ? undefined : new MedianStoppingRule(grace);
    this.rungs = hyperbandRungs(spec, this.sign);
    this.strategy =
      options.strategy ??
      createStrategy(spec, {
        space: this.space,
        ...(options.evaluator === undefined ? {} : { evaluator: options.evaluator }),
      });
    this.warmStart = new WarmStart(
      this.space,
      this.sign,
      this.strategy.name,
      spec.initialTrials,
      options.warmStart,
    );
    if (options.state === undefined) {
      this.startedAt = this.now();
    } else {
      this.startedAt = options.state.startedAt;
      this.restore(options.state);
    }
  }

  ask(count: number): Promise<Trial[]> {
    if (!Number.isInteger(count) || count < 0) {
      return Promise.reject(
        new TunekitError('invalidArgument', `ask(count): count is ${count}; pass a whole number >= 0`),
      );
    }
    // One ask at a time: each ask's startIndex depends on the configurations the previous ones handed out.
    const result = this.askChain.then(() => this.askNow(count));
    this.askChain = result.catch(() => undefined);
    return result;
  }

  tell(trialId: number, outcome: TrialOutcome): Trial {
    const trial = this.pendingTrial(trialId, 'tell');
    // Two tells in the same millisecond get distinct times: a rebuilt tuner replays outcomes by finishedAt, and
    // the count of trials not improving depends on their order.
    const finishedAt = Math.max(this.now(), this.lastFinishedAt + 1);
    this.lastFinishedAt = finishedAt;
    let finished: Trial;
    switch (outcome.status) {
      case 'Completed': {
        if (!Number.isFinite(outcome.objective)) {
          throw new TunekitError(
            'invalidArgument',
            `tell(${trialId}): a Completed outcome needs a finite objective, got ${outcome.objective}; ` +
              'report a trial without a valid objective as Failed',
          );
        }
        finished = {
          ...trial,
          status: 'Completed',
          finishedAt,
          objective: outcome.objective,
          ...(outcome.finalMetrics === undefined ? {} : { finalMetrics: { ...outcome.finalMetrics } }),
        };
        break;
      }
      case 'Failed':
        finished = { ...trial, status: 'Failed', finishedAt, failureReason: outcome.reason };
        break;
      case 'Stopped': {
        const objective = outcome.objective;
        finished = {
          ...trial,
          status: 'Stopped',
          finishedAt,
          stopReason: outcome.reason,
          ...(objective === undefined || !Number.isFinite(objective) ? {} : { objective }),
        };
        break;
      }
      default:
        throw new TunekitError(
          'invalidArgument',
          `tell(${trialId}): outcome.status must be Completed, Failed or Stopped`,
        );
    }
    this.history.finish(finished);
    this.rungs?.finish(trialId);
    this.record(finished, true);
    if (finished.status === 'Failed') this.failureStreak.push(finished.failureReason ?? 'unknown');
    else this.failureStreak = [];
    const maxFailures = this.spec.limits.maxConsecutiveFailures ?? SPEC_DEFAULTS.maxConsecutiveFailures;
    if (maxFailures > 0 && this.failedOut === undefined && this.failureStreak.length >= maxFailures) {
      this.failedOut = this.failureStreak.slice();
    }
    return finished;
  }

  report(trialId: number, observation: MetricObservation): TrialDecision {
    this.pendingTrial(trialId, 'report');
    if (this.stopping === undefined) return CONTINUE;
    if (observation.metric !== this.spec.objective.metric) return CONTINUE;
    if (observation.invalid !== undefined || !Number.isFinite(observation.value)) return CONTINUE;
    if (!Number.isInteger(observation.step) || observation.step < 0) {
      throw new TunekitError(
        'invalidArgument',
        `report(${trialId}): observation.step is ${observation.step}; it must be a whole number >= 0`,
      );
    }
    const stop = this.stopping.report(trialId, observation.step, this.sign * observation.value);
    if (stop === undefined) return CONTINUE;
    const median = this.sign * stop.median;
    const best = this.sign * stop.best;
    return {
      action: 'stop',
      rule: 'median',
      step: observation.step,
      value: observation.value,
      median,
      trials: stop.trials,
      reason:
        `median rule: stopped at step ${observation.step}: its best so far ${formatValue(best)} is worse than ` +
        `the median ${formatValue(median)} of ${stop.trials} trials' running averages`,
    };
  }

  reportRung(trialId: number, observation: MetricObservation): RungReport {
    const trial = this.pendingTrial(trialId, 'reportRung');
    if (this.rungs === undefined) return { decisions: [], reachedMaxResource: false };
    return this.rungs.observe(trialId, trial.configIndex, observation);
  }

  completion(): TunerCompletion {
    const { limits, completion } = this.spec;
    if (this.progress.targetReached) return { done: true, reason: 'targetObjective' };
    const notImproving = completion.maxTrialsNotImproving;
    if (notImproving !== undefined && this.progress.trialsNotImproving >= notImproving) {
      return { done: true, reason: 'maxTrialsNotImproving' };
    }
    if (completion.convergence && this.convergenceStreak >= CONVERGENCE_PATIENCE) {
      return { done: true, reason: 'convergence' };
    }
    if (
      limits.maxRuntimeSeconds !== undefined &&
      this.now() - this.startedAt >= limits.maxRuntimeSeconds * 1000
    ) {
      return { done: true, reason: 'maxRuntime' };
    }
    if (this.failedOut !== undefined) {
      return { done: true, reason: 'maxConsecutiveFailures', failureReasons: this.failedOut.slice() };
    }
    if (this.history.pendingIds.length > 0 || this.retryQueue.length > 0) return NOT_DONE;
    if (this.history.configCount >= limits.maxTrials) return { done: true, reason: 'maxTrials' };
    if (this.strategyExhausted || this.history.configCount >= this.strategy.capacity) {
      return { done: true, reason: 'exhausted' };
    }
    return NOT_DONE;
  }

  best(): Trial | undefined {
    const id = this.progress.bestTrialId;
    return id === undefined ? undefined : this.history.get(id);
  }

  recommendation(): Recommendation | undefined {
    const { history, strategy } = this;
    if (this.rungs !== undefined || strategy.recommend === undefined) return undefined;
    const own = history.observations;
    const observations = this.warmStart.observations(own);
    const offset = observations.length - own.length;
    const trialAt = (index: number) => history.get(history.observationIds[index - offset]!);
    const found = strategy.recommend(
      observations,
      (index) => index >= offset && trialAt(index)?.status === 'Completed',
    );
    if (found === undefined) return undefined;
    return {
      trialId: trialAt(found.index)!.id,
      estimate: this.sign * found.mean,
      noiseStd: found.noiseStd,
      noiseRatio: found.noiseRatio,
      // A handful of points fits noise into anything: judge it from two initial designs' worth of trials on.
      significant:
        found.noiseRatio >= NOISE_RATIO_SIGNIFICANT &&
        own.length >= 2 * initialDesignSize(this.space.dimension),
      basedOn: own.length,
    };
  }

  trials(): readonly Trial[] {
    return this.history.trials.slice();
  }

  pending(): readonly Trial[] {
    return this.history.pendingIds.map((id) => this.history.get(id)!);
  }

  state(): TunerState {
    const base = { version: 1 as const, startedAt: this.startedAt, trials: this.history.trials.slice() };
    if (this.rungs !== undefined) return { ...base, rungDecisions: this.rungs.decisions() };
    if (this.stopping === undefined) return base;
    const objectiveCurves: Record<string, (number | null)[]> = {};
    for (const [id, curve] of this.stopping.completedCurveEntries()) {
      objectiveCurves[id] = curve.map((value) => (Number.isNaN(value) ? null : this.sign * value));
    }
    return { ...base, objectiveCurves };
  }

  async close(): Promise<void> {
    await this.strategy.close?.();
  }

  private async askNow(count: number): Promise<Trial[]> {
    if (count === 0 || this.completion().done) return [];
    const { history, spec } = this;
    let room = Math.min(count, spec.limits.maxParallel - history.pendingIds.length);
    const asked: Trial[] = [];
    while (room > 0 && this.retryQueue.length > 0) {
      const failed = history.get(this.retryQueue.shift()!)!;
      asked.push(
        this.addTrial(failed.configIndex, failed.attempt + 1, history.unitOf(failed.id), failed.params),
      );
      room -= 1;
    }
    // Queued configurations (initialTrials, re-measured parents) come first; configuration k is queued[k], so a
    // resumed job, whose history counts the configurations already asked, never asks one again.
    const { queued } = this.warmStart;
    while (room > 0 && history.configCount < Math.min(queued.length, spec.limits.maxTrials)) {
      const config = queued[history.configCount]!;
      asked.push(this.addTrial(history.configCount, 0, config.unit, config.params));
      room -= 1;
    }
    const budget = Math.min(
      room,
      spec.limits.maxTrials - history.configCount,
      this.strategy.capacity - history.configCount,
    );
    if (budget <= 0 || this.strategyExhausted) return asked;
    const startIndex = history.configCount;
    // Copies: a tell may land while the strategy works, and must not change the arrays under it.
    const model = this.modelObservations();
    const suggestions = await this.strategy.suggest({
      count: budget,
      startIndex,
      observations: model.observations,
      pending: history.pendingUnits.slice(),
      failed: [...history.failedUnits, ...model.tried],
    });
    const convergence = this.strategy.convergence?.();
    this.convergenceStreak =
      convergence !== undefined && convergence >= CONVERGENCE_THRESHOLD ? this.convergenceStreak + 1 : 0;
    // A tell during the suggestion may have completed the job (target reached): then start nothing new.
    if (this.completion().done) return asked;
    // Set after that check: a strategy that returns its last few points (fewer than asked, as when a parent's
    // configurations already fill part of the space) must still have them run.
    if (suggestions.length < budget) this.strategyExhausted = true;
    for (const suggestion of suggestions.slice(0, budget)) {
      if (suggestion.unit.length !== this.space.dimension) {
        throw new TunekitError(
          'invalidArgument',
          `strategy ${this.strategy.name} suggested a point of ${suggestion.unit.length} coordinates; ` +
            `the space has ${this.space.dimension}`,
        );
      }
      const unit = this.space.snapUnit(suggestion.unit);
      asked.push(this.addTrial(history.configCount, 0, unit, this.space.fromUnit(unit)));
    }
    return asked;
  }

  /**
   * The strategy's observations: the Completed trials, or with Hyperband those of `modelObservations` (the
   * completed trials and the stopped ones as a shifted, discounted prior; BOHB's level before any completes), and
   * the configurations tried outside them, never to be suggested again.
   */
  private modelObservations(): { observations: Observation[]; tried: Float64Array[] } {
    const { history, rungs } = this;
    if (rungs === undefined)
      return { observations: this.warmStart.observations(history.observations), tried: [] };
    return modelObservations(
      rungs.valuesByResource(),
      history.trials.filter((trial) => trial.status === 'Completed'),
      this.spec.hyperband!.maxResource,
      this.space.dimension,
      this.sign,
      (id) => history.unitOf(id),
      history.trials.filter((trial) => trial.status === 'Completed' || trial.status === 'Stopped'),
    );
  }

  private addTrial(configIndex: number, attempt: number, unit: Float64Array, params: Trial['params']): Trial {
    const trial: Trial = {
      id: this.history.lastId + 1,
      configIndex,
      attempt,
      params,
      unit: Array.from(unit),
      status: 'Pending',
      askedAt: this.now(),
    };
    this.history.add(trial, unit);
    return trial;
  }

  /** Feeds a finished trial to the observations, retries, completion criteria and early stopping. */
  private record(trial: Trial, live: boolean): void {
    const objective = trial.objective;
    switch (trial.status) {
      case 'Completed':
        this.history.observe(trial.id, this.sign * objective!);
        this.progress.record(trial.id, this.sign * objective!);
        if (live) this.stopping?.complete(trial.id);
        break;
      case 'Stopped':
        if (objective !== undefined) this.history.observe(trial.id, this.sign * objective);
        this.progress.record(trial.id, undefined);
        // Its curve up to the stop still feeds the medians (as Optuna's MedianPruner keeps pruned trials): with
        // only the survivors' curves the median drifts to the best trials and the rule stops nearly everything.
        if (live) this.stopping?.complete(trial.id);
        break;
      case 'Failed':
        if (trial.attempt < this.spec.limits.maxRetries) insertAscending(this.retryQueue, trial.id);
        else this.history.failForGood(trial.id);
        this.stopping?.discard(trial.id);
        break;
      case 'Pending':
        break;
    }
  }

  private restore(state: TunerState): void {
    const trials = checkState(state, this.space.dimension);
    // A failed attempt is retried only if no later attempt of its configuration exists.
    const lastAttempt = new Map<number, number>();
    for (const trial of trials) {
      lastAttempt.set(trial.configIndex, Math.max(lastAttempt.get(trial.configIndex) ?? 0, trial.attempt));
      this.history.add(trial, Float64Array.from(trial.unit));
    }
    const finished = trials.filter((trial) => trial.status !== 'Pending');
    finished.sort((a, b) => (a.finishedAt ?? a.askedAt) - (b.finishedAt ?? b.askedAt) || a.id - b.id);
    for (const trial of finished) {
      this.lastFinishedAt = Math.max(this.lastFinishedAt, trial.finishedAt ?? trial.askedAt);
      if (trial.status === 'Failed' && lastAttempt.get(trial.configIndex)! > trial.attempt) continue;
      this.record(trial, false);
    }
    for (const decision of state.rungDecisions ?? []) this.rungs?.restore(decision);
    const curves = state.objectiveCurves ?? {};
    if (this.stopping === undefined) return;
    for (const trial of finished) {
      const curve = curves[trial.id];
      if ((trial.status !== 'Completed' && trial.status !== 'Stopped') || curve === undefined) continue;
      this.stopping.restoreCompleted(
        trial.id,
        curve.map((value) => (value === null ? Number.NaN : this.sign * value)),
      );
    }
  }

  private pendingTrial(trialId: number, verb: string): Trial {
    const trial = this.history.get(trialId);
    if (trial === undefined) {
      throw new TunekitError(
        'unknownTrial',
        `${verb}(${trialId}): no trial has that id; ids run from 1 to ${this.history.lastId}`,
      );
    }
    if (trial.status !== 'Pending') {
      throw new TunekitError(
        'trialNotRunning',
        `${verb}(${trialId}): the trial already finished as ${trial.status}; tell each trial's outcome once`,
      );
    }
    return trial;
  }
}

/** A value for a stop reason: at most 4 significant digits (`0.9132`, `152.5`, `1.234e+6`). */
function formatValue(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** Hyperband's rungs for a Hyperband spec; undefined for other strategies. */
function hyperbandRungs(spec: TuningJobSpec, sign: number): AsyncSuccessiveHalving | undefined {
  if (spec.strategy !== 'Hyperband') return undefined;
  const settings = spec.hyperband;
  if (settings === undefined || spec.executor.kind === 'sagemaker-managed') {
    throw new TunekitError(
      'unsupported',
      'strategy Hyperband needs the top-level hyperband settings (minResource, maxResource) to run here: ' +
        'parse the tuning file with parseTuningFile, which sets them; a spec imported from a SageMaker request runs only with executor sagemaker-managed',
    );
  }
  return new AsyncSuccessiveHalving({
    minResource: settings.minResource,
    maxResource: settings.maxResource,
    eta: settings.eta,
    ...(settings.resourceMetric === undefined ? {} : { resourceMetric: settings.resourceMetric }),
    objectiveMetric: spec.objective.metric,
    sign,
  });
}

function insertAscending(ids: number[], id: number): void {
  let position = ids.length;
  while (position > 0 && ids[position - 1]! > id) position -= 1;
  ids.splice(position, 0, id);
}
