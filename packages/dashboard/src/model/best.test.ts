import { describe, expect, it } from 'vitest';
import { noisyJob, noisyRecommendation } from '../../test/noisyJob.ts';
import type { ApiEventMessage } from '../api.ts';
import { historyOption } from '../charts/historyChart.ts';
import { bestObservedTrial, modelChoice } from './best.ts';
import { historyData } from './history.ts';
import { applyEvents } from './jobState.ts';

/** A `recommendation` message of the stream, as the server sends it (no trial, no summary). */
function recommendationMessage(offset: number, fields: Record<string, unknown>): ApiEventMessage {
  return { offset, type: 'recommendation', event: { type: 'recommendation', ...fields } };
}

describe("the job's best under noise", () => {
  it("takes the model's choice when its recommendation is significant and its trial Completed", () => {
    const job = noisyJob();
    expect(modelChoice(job)).toEqual({ trial: job.trials[11], recommendation: noisyRecommendation });
    expect(bestObservedTrial(job)?.trial).toBe(7);
    expect(job.summary.best?.trial).toBe(12);
  });

  it('has no choice without a recommendation, when it is not significant, or when its trial did not complete', () => {
    expect(modelChoice(noisyJob(null))).toBeUndefined();
    expect(modelChoice(noisyJob({ ...noisyRecommendation, significant: false }))).toBeUndefined();
    const job = noisyJob();
    const failed = {
      ...job,
      trials: job.trials.map((t) => (t.trial === 12 ? { ...t, status: 'Failed' as const } : t)),
    };
    expect(modelChoice(failed)).toBeUndefined();
    expect(modelChoice({ ...job, recommendation: { ...noisyRecommendation, trialId: 99 } })).toBeUndefined();
  });

  it('ranks the best observed by the direction, ties to the earlier trial', () => {
    const job = noisyJob(null);
    const maximize = {
      ...job,
      summary: { ...job.summary, objective: { ...job.summary.objective, type: 'Maximize' as const } },
    };
    const highest = [...job.trials].sort((a, b) => b.objective! - a.objective!)[0]!;
    expect(bestObservedTrial(maximize)?.trial).toBe(highest.trial);
    const tied = { ...job, trials: job.trials.map((t) => (t.trial === 9 ? { ...t, objective: 0.31 } : t)) };
    expect(bestObservedTrial(tied)?.trial).toBe(7);
  });

  it("folds the stream's recommendation events: the last one stands, a malformed one changes nothing", () => {
    const job = noisyJob(null);
    const { t, trialId, estimate, noiseStd, noiseRatio, basedOn } = noisyRecommendation;
    const first = applyEvents(job, [
      recommendationMessage(job.offset + 10, {
        t,
        trialId,
        estimate,
        noiseStd,
        noiseRatio,
        significant: true,
        basedOn,
      }),
    ]);
    expect(first.recommendation).toEqual(noisyRecommendation);
    expect(modelChoice(first)?.trial.trial).toBe(12);
    const malformed = applyEvents(first, [recommendationMessage(job.offset + 20, { t, trialId: 'x' })]);
    expect(malformed.recommendation).toEqual(noisyRecommendation);
    const off = applyEvents(malformed, [
      recommendationMessage(job.offset + 30, { ...noisyRecommendation, significant: false }),
    ]);
    expect(off.recommendation?.significant).toBe(false);
    expect(modelChoice(off)).toBeUndefined();
    // A repeat of an event already folded (a reconnect) is ignored.
    expect(applyEvents(off, [recommendationMessage(job.offset + 30, noisyRecommendation as never)])).toBe(
      off,
    );
  });

  it("marks the model's choice at its estimate on the history, the line then the best observed so far", () => {
    const data = historyData(noisyJob(), 'trial');
    expect(data.choice).toEqual({ trial: 12, x: 12, value: 0.61 });
    expect(historyData(noisyJob(null), 'trial').choice).toBeUndefined();
    const names = (job: ReturnType<typeof noisyJob>) =>
      (historyOption(job, 'trial', false).series as { name: string }[]).map((series) => series.name);
    expect(names(noisyJob())).toEqual([
      'Completed',
      'Stopped (early value)',
      'Failed',
      'Best observed so far',
      "Model's choice (estimate)",
    ]);
    expect(names(noisyJob(null))).toEqual(['Completed', 'Stopped (early value)', 'Failed', 'Best so far']);
  });
});
