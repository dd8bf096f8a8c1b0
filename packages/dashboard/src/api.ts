/**
 * The dashboard's JSON API: the contract between `tunekit dashboard` (the runner's server, which builds these
 * values from the journal through its view fold) and the page (which reads nothing else). Scripts may use it
 * too: field names are stable and match `tunekit trials --format json` and `tunekit status --json`.
 *
 * Routes (all GET, all read-only):
 * - `/api/jobs` → {@link ApiJobListing}[]
 * - `/api/jobs/<name>` → {@link ApiJobDetail}
 * - `/api/jobs/<name>/events?from=<offset>` → Server-Sent Events, one {@link ApiEventMessage} per journal event
 *   from that byte offset of the journal on (`id:` is the offset after the event, so `Last-Event-ID` resumes),
 *   live as the tuner writes them. Three event names: `journal` (an {@link ApiEventMessage}); `summary` (an
 *   {@link ApiJobSummary}: it changed without a journal event, a tuner took or left the job); `reset` (`data:
 *   {"offset":0}`: the journal was replaced, `tune --restart`: drop what you hold, fetch `/api/jobs/<name>`
 *   again; the events that follow start from offset 0). A `from` past the journal's end is answered `reset`
 *   then the events from 0. Comment lines (`: heartbeat`) every 15 s keep proxies from closing the stream.
 * - `/api/jobs/<name>/trials/<id>` → {@link ApiTrialDetail}
 * - `/api/jobs/<name>/trials/<id>/log?from=<offset>` → the trial's log as text/plain from that byte offset; the
 *   response header `X-Log-Offset` is the offset to ask from next, `X-Trial-Status` the trial's status.
 * A name or id that could leave `.tunekit/` (or names no job) is answered 404 with {@link ApiError}.
 */

/** A hyperparameter value: a number for continuous and integer ranges, a string for categorical ones. */
export type ApiParameterValue = number | string;

/** A range of the tuning file, as the spec holds it. */
export type ApiParameter =
  | {
      readonly type: 'continuous' | 'integer';
      readonly name: string;
      readonly min: number;
      readonly max: number;
      readonly scaling: 'Auto' | 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';
    }
  | { readonly type: 'categorical'; readonly name: string; readonly values: readonly string[] };

/** Completed/Failed: the job ended; InProgress: a tuner runs it now; Stopped: no tuner, resumable. */
export type ApiJobStatus = 'Completed' | 'Failed' | 'InProgress' | 'Stopped';

/** Pending: asked, not started; Running; Interrupted: stopped by Ctrl-C, reruns on resume; and the outcomes. */
export type ApiTrialStatus = 'Pending' | 'Running' | 'Interrupted' | 'Completed' | 'Failed' | 'Stopped';

/** One job, as `tunekit status --json` summarises it, plus when it last changed. */
export interface ApiJobSummary {
  readonly name: string;
  readonly status: ApiJobStatus;
  readonly finishReason?: string;
  readonly strategy: string;
  readonly objective: { readonly metric: string; readonly type: 'Minimize' | 'Maximize' };
  readonly counts: {
    /** Trials asked so far. */
    readonly total: number;
    readonly completed: number;
    readonly failed: number;
    readonly stopped: number;
    /** Asked, running or interrupted: not finished. */
    readonly inFlight: number;
  };
  /** The trial budget (`limits.maxTrials`). */
  readonly maxTrials: number;
  readonly seed: number;
  readonly seedDrawn: boolean;
  readonly best?: {
    readonly trial: number;
    readonly objective: number;
    readonly metrics: Readonly<Record<string, number>>;
    readonly hyperparameters: Readonly<Record<string, ApiParameterValue>>;
    /**
     * Present when the model found the objective's noise significant: this trial is then the model's choice (the
     * lowest posterior mean), not the best observed value; `estimate` is the model's value for it, `noiseStd`
     * the noise it fitted (both in the objective's units), `basedOn` the Completed trials it saw.
     */
    readonly model?: { readonly estimate: number; readonly noiseStd: number; readonly basedOn: number };
  };
  /** With `best.model`: the trial with the best observed value, shown beside the model's choice. */
  readonly bestObserved?: { readonly trial: number; readonly objective: number };
  /** The last trials stopped early (at most 5), newest first, with why (a Hyperband or median-rule decision). */
  readonly recentStops: readonly { readonly trial: number; readonly reason: string }[];
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601 time of the journal's last event. */
  readonly lastEventAt: string;
  readonly elapsedSeconds: number;
  /** The pid of the live tuner running the job; absent when none runs it. */
  readonly tunerPid?: number;
}

/** A row of `/api/jobs`: a job, or a folder of `.tunekit/jobs` that cannot be read as one. */
export type ApiJobListing =
  | ApiJobSummary
  | { readonly name: string; readonly status: 'Damaged'; readonly problem: string };

/** One trial: the row of `tunekit trials --format json`, plus its objective's intermediate values. */
export interface ApiTrial {
  readonly trial: number;
  readonly hyperparameters: Readonly<Record<string, ApiParameterValue>>;
  readonly status: ApiTrialStatus;
  /** The final objective (Completed, or Stopped with a value). */
  readonly objective?: number;
  /** The final value of each metric the trial reported, by name (the objective too). */
  readonly metrics: Readonly<Record<string, number>>;
  /** ISO 8601 start of the trial's last run. */
  readonly start?: string;
  /** ISO 8601 end. */
  readonly end?: string;
  readonly durationSeconds?: number;
  /** Failure or stop reason, as journaled (an early-stopping or Hyperband decision says what it was based on). */
  readonly reason?: string;
  /** Retry number: 0 for a configuration's first run. */
  readonly attempt: number;
  /** The objective metric's values by step in the last run, as [step, value] pairs (thinned like the journal). */
  readonly curve: readonly (readonly [number, number])[];
}

/**
 * The model's choice of best trial: the journal's last `recommendation` event (Bayesian strategy), its fields as
 * journaled. When `significant` and its trial Completed, that trial (the lowest posterior mean) is the job's
 * reported best (`summary.best`), and the page shows the best observed trial beside it.
 */
export interface ApiRecommendation {
  /** Epoch milliseconds of the event. */
  readonly t: number;
  readonly trialId: number;
  /** The model's estimate of the trial's objective (posterior mean), in the objective's units. */
  readonly estimate: number;
  /** The observation noise's standard deviation the model fitted, in the objective's units. */
  readonly noiseStd: number;
  /** sqrt(noise variance / signal variance) above the model's floor. */
  readonly noiseRatio: number;
  /** Whether the noise is significant (the trial is then the reported best). */
  readonly significant: boolean;
  /** Completed trials the model saw. */
  readonly basedOn: number;
}

/** `/api/jobs/<name>`: the summary, the ranges, the objective and every trial. */
export interface ApiJobDetail {
  readonly summary: ApiJobSummary;
  readonly parameters: readonly ApiParameter[];
  /** Metric names of the tuning file's definitions, the objective's first. */
  readonly metricNames: readonly string[];
  /** `Off`, `Auto`, or the median rule with its grace period: `Auto (minSteps 20, minTrials 5, minFraction 0.5)`. */
  readonly earlyStopping: string;
  readonly trials: readonly ApiTrial[];
  /**
   * The model's last choice of best trial, when the journal holds one; the page folds later `recommendation`
   * events of `/events` into it.
   */
  readonly recommendation?: ApiRecommendation;
  /** The journal byte offset this picture reflects: ask `/events?from=<offset>` to follow it from here. */
  readonly offset: number;
}

/** `/api/jobs/<name>/trials/<id>`: one trial and every metric's values by step. */
export interface ApiTrialDetail {
  readonly trial: ApiTrial;
  /** Each metric's values in the last run as [step, value] pairs (thinned like the journal). */
  readonly metricCurves: Readonly<Record<string, readonly (readonly [number, number])[]>>;
  /** Whether the log can still grow (the trial is Pending or Running). */
  readonly live: boolean;
}

/**
 * The `data:` of one `journal` Server-Sent Event of `/events`: one journal event, folded.
 *
 * Events that the server reads together (a burst of the tuner's writes, or the events before now when `from` is
 * in the past) are sent together, and the folded values ride on the last message they concern: `trial` on the
 * last message about that trial, `summary` on the last message of the burst, both as they are after the whole
 * burst. So a page that upserts every `trial` and keeps the last `summary` it got is up to date after each burst,
 * and a trial printing thousands of values is not sent whole with each of them.
 */
export interface ApiEventMessage {
  /** The journal byte offset just after this event. */
  readonly offset: number;
  /** The journal event's type (`trialAsked`, `trialStarted`, `metric`, `trialFinished`, `jobFinished`, ...). */
  readonly type: string;
  /** The event as journaled. */
  readonly event: Readonly<Record<string, unknown>>;
  /** The trial the event is about, after folding it: on the burst's last message about that trial. */
  readonly trial?: ApiTrial;
  /** The job's summary after folding the burst: on the burst's last message. */
  readonly summary?: ApiJobSummary;
}

/** The body of every error answer. */
export interface ApiError {
  readonly error: string;
}
