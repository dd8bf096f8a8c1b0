/**
 * The summary's early-stopping check follows the journal: a long-lived reader (the dashboard) keeps the last check of
 * each job, and a finished trial or a changed grace period must give a new one, while a metric of a running trial,
 * which cannot change it, reuses it.
 */
import type { TuningJobSpec } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { sampleSpec } from '../../test/helpers/journals.ts';
import type { JournalEvent } from '../journal/events.ts';
import { buildJobView } from '../journal/jobView.ts';
import { jobEarlyStoppingCheck } from './json.ts';

const params = { eta: 0.1, depth: 3, booster: 'dart' };

/** A trial that reports `curve` and completes with its last value. */
function trial(events: JournalEvent[], id: number, curve: number[], t = id * 100): void {
  events.push(
    { type: 'trialAsked', t, trialId: id, configIndex: id - 1, attempt: 0, params, unit: [0.5, 0.5, 0.5] },
    { type: 'trialStarted', t: t + 1, trialId: id },
    ...curve.map(
      (value, step): JournalEvent => ({
        type: 'metric',
        t: t + 2 + step,
        trialId: id,
        observation: { metric: 'validation:rmse', value, step, line: step + 1 },
      }),
    ),
    {
      type: 'trialFinished',
      t: t + 50,
      trialId: id,
      outcome: { status: 'Completed', objective: curve.at(-1)! },
    },
  );
}

describe("the summary's early-stopping check", () => {
  it('is computed again when a trial finishes or the grace period changes, not for a running trial', () => {
    const spec = (minSteps: number): TuningJobSpec =>
      sampleSpec({
        name: 'checked',
        earlyStopping: { type: 'Auto', minSteps, minTrials: 2, minFraction: 0 },
      });
    // Curves that cross: trial k starts at k and ends at 10 - k (trial 6 ends best, and started worst).
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 0, spec: spec(0), specHash: 'a' }];
    for (let k = 1; k <= 5; k++) trial(events, k, [k, k, 5, 10 - k]);
    const first = jobEarlyStoppingCheck(buildJobView(events));
    expect(first).toMatchObject({ checked: [5], stopped: [{ trial: 5, step: 0 }], weak: true });

    // A running trial's values change nothing.
    events.push(
      { type: 'trialAsked', t: 900, trialId: 9, configIndex: 8, attempt: 0, params, unit: [0, 0, 0] },
      { type: 'trialStarted', t: 901, trialId: 9 },
      {
        type: 'metric',
        t: 902,
        trialId: 9,
        observation: { metric: 'validation:rmse', value: 0, step: 0, line: 1 },
      },
    );
    expect(jobEarlyStoppingCheck(buildJobView(events))).toBe(first);

    // A sixth trial finishes: it is the new best, and the rule would stop it too.
    trial(events, 6, [6, 6, 5, 4], 1000);
    expect(jobEarlyStoppingCheck(buildJobView(events))).toMatchObject({
      checked: [6],
      stopped: [{ trial: 6, step: 0 }],
    });

    // The job resumes with a grace period past the curves' crossing: the best goes through.
    events.push({ type: 'jobResumed', t: 2000, pid: 1, spec: spec(3), specHash: 'b' });
    expect(jobEarlyStoppingCheck(buildJobView(events))).toMatchObject({ step: 3, checked: [6], stopped: [] });
  });
});
