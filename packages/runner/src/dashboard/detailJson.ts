/**
 * `/api/jobs/<name>` as JSON text, rebuilt cheaply while a job runs: each trial's JSON is kept with a fingerprint
 * of what can change it (status, runs, metric values seen, end, whether a tuner runs the job, the spec in force),
 * so after an event
 * only the trials it touched are serialized again. At 10,000 trials the whole detail takes about 220 ms to build
 * and is about 6 MB (bench/dashboard.ts); an event then costs the join of the cached pieces.
 */
import type { TrialRecord } from '../journal/jobView.ts';
import { apiJobHead, apiTrial } from './apiValues.ts';
import type { FoldedJob } from './jobWatcher.ts';

/** A trial's JSON and the fingerprint it was built for. */
interface CachedTrial {
  readonly fingerprint: string;
  readonly json: string;
}

/** Builds detail JSON texts, reusing the trials' JSON between calls. */
export interface DetailJson {
  /**
   * @param job - The job as folded now.
   * @returns The JSON of its {@link ApiJobDetail}.
   */
  of(job: FoldedJob): string;
}

/**
 * Creates a builder (one per server: the cache is keyed by the fold's trial records, so a replaced journal's new
 * records never meet the old JSON).
 *
 * @returns The builder.
 */
export function createDetailJson(): DetailJson {
  const cache = new WeakMap<TrialRecord, CachedTrial>();
  return {
    of(job) {
      const { view, curves, tunerPid, offset } = job;
      const head = apiJobHead(view, tunerPid);
      // The spec in force names the metrics a row shows: a resume that changed it changes every row.
      const context = `${tunerPid !== undefined}|${view.specHash}`;
      const trials = view.trials.map((trial) => {
        const fingerprint = `${trial.status}|${trial.runs}|${trial.metricCount}|${trial.finishedAt}|${context}`;
        const cached = cache.get(trial);
        if (cached?.fingerprint === fingerprint) return cached.json;
        const json = JSON.stringify(apiTrial(trial, view, curves, tunerPid));
        cache.set(trial, { fingerprint, json });
        return json;
      });
      const headJson = JSON.stringify(head);
      return `${headJson.slice(0, -1)},"trials":[${trials.join(',')}],"offset":${offset}}`;
    },
  };
}
