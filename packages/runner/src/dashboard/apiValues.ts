/**
 * The dashboard API's values (packages/dashboard/src/api.ts), built from a job's view fold and its metric curves:
 * the summary is `tunekit status --json`'s, a trial is the row of `tunekit trials --format json` plus its
 * objective's curve, so the page and scripts read the same fields as the other commands print.
 */
import type {
  ApiJobDetail,
  ApiParameter,
  ApiTrial,
  ApiTrialDetail,
  ApiTrialStatus,
} from '@tunekit/dashboard/api';
import { statusWithoutTuner } from '../commands/readJob.ts';
import type { JobView, TrialRecord } from '../journal/jobView.ts';
import { earlyStoppingText, jobSummary } from '../report/json.ts';
import { trialRow } from '../report/trialRows.ts';
import type { MetricCurves } from './metricCurves.ts';

/**
 * One trial as the API shows it.
 *
 * @param trial - The trial's record in the fold.
 * @param view - The job (its spec).
 * @param curves - The job's metric curves.
 * @param tunerPid - The live tuner, if any: without one a local trial that was running is Interrupted.
 * @returns The trial's row with its objective's curve.
 */
export function apiTrial(
  trial: TrialRecord,
  view: Pick<JobView, 'spec'>,
  curves: MetricCurves,
  tunerPid: number | undefined,
): ApiTrial {
  const status: ApiTrialStatus =
    tunerPid === undefined ? statusWithoutTuner(trial.status, view.spec) : trial.status;
  return {
    ...trialRow(trial, view.spec),
    status,
    curve: curves.curve(trial.id, view.spec.objective.metric),
  };
}

/**
 * `/api/jobs/<name>`: the summary, the ranges, the metric names and every trial.
 *
 * @param view - The job as folded.
 * @param curves - Its metric curves.
 * @param tunerPid - The live tuner, if any.
 * @param offset - The journal offset the view reflects.
 * @returns The detail.
 */
export function apiJobDetail(
  view: JobView,
  curves: MetricCurves,
  tunerPid: number | undefined,
  offset: number,
): ApiJobDetail {
  return {
    ...apiJobHead(view, tunerPid),
    trials: view.trials.map((trial) => apiTrial(trial, view, curves, tunerPid)),
    offset,
  };
}

/**
 * Everything of `/api/jobs/<name>` but the trials and the offset: the summary, the ranges, the metric names (the
 * objective's first), the early-stopping setting as text and the model's last recommendation.
 *
 * @param view - The job as folded.
 * @param tunerPid - The live tuner, if any.
 * @returns The detail's head.
 */
export function apiJobHead(
  view: JobView,
  tunerPid: number | undefined,
): Omit<ApiJobDetail, 'trials' | 'offset'> {
  const objective = view.spec.objective.metric;
  return {
    summary: jobSummary(view, tunerPid),
    parameters: view.spec.parameters as readonly ApiParameter[],
    metricNames: [
      objective,
      ...view.spec.metrics.map((metric) => metric.name).filter((name) => name !== objective),
    ],
    earlyStopping: earlyStoppingText(view.spec.earlyStopping),
    // The model's choice of best trial, as journaled: the summary's best is that trial when it is significant.
    ...(view.recommendation === undefined ? {} : { recommendation: view.recommendation }),
  };
}

/**
 * `/api/jobs/<name>/trials/<id>`: one trial with every metric's curve.
 *
 * @param trial - The trial's record.
 * @param view - The job (its spec).
 * @param curves - The job's metric curves.
 * @param tunerPid - The live tuner, if any.
 * @returns The trial's detail; `live` while its log can still grow.
 */
export function apiTrialDetail(
  trial: TrialRecord,
  view: Pick<JobView, 'spec'>,
  curves: MetricCurves,
  tunerPid: number | undefined,
): ApiTrialDetail {
  const shown = apiTrial(trial, view, curves, tunerPid);
  return {
    trial: shown,
    metricCurves: curves.curves(trial.id),
    live: shown.status === 'Pending' || shown.status === 'Running',
  };
}
