import { describe, expect, it } from 'vitest';
import { finishedTrial, sampleSpec } from '../../test/helpers/journals.ts';
import type { JournalEvent } from '../journal/events.ts';
import { createJobViewFolder } from '../journal/jobView.ts';
import { apiJobDetail } from './apiValues.ts';
import { createDetailJson } from './detailJson.ts';
import type { FoldedJob } from './jobWatcher.ts';
import { createMetricCurves } from './metricCurves.ts';

describe('createDetailJson', () => {
  it('writes what apiJobDetail gives, and follows every change of a trial it has cached', () => {
    const folder = createJobViewFolder();
    const curves = createMetricCurves();
    let version = 0;
    const add = (events: JournalEvent[]): void => {
      for (const event of events) {
        folder.add(event);
        curves.add(event);
      }
      version += 1;
    };
    const job = (tunerPid?: number): FoldedJob => ({
      view: folder.view(),
      folder,
      curves,
      offset: version * 100,
      version,
      ...(tunerPid === undefined ? {} : { tunerPid }),
    });
    const expected = (folded: FoldedJob) =>
      JSON.parse(JSON.stringify(apiJobDetail(folded.view, folded.curves, folded.tunerPid, folded.offset)));
    const detail = createDetailJson();
    const first: JournalEvent[] = [{ type: 'jobCreated', t: 0, spec: sampleSpec(), specHash: 'h' }];
    finishedTrial(
      first,
      1,
      { eta: 0.1, depth: 3, booster: 'dart' },
      { status: 'Completed', objective: 2 },
      10,
    );
    first.push(
      {
        type: 'trialAsked',
        t: 20,
        trialId: 2,
        configIndex: 1,
        attempt: 0,
        params: { eta: 0.2, depth: 4, booster: 'gbtree' },
        unit: [0, 0, 0],
      },
      { type: 'trialStarted', t: 21, trialId: 2 },
    );
    add(first);
    expect(JSON.parse(detail.of(job(42)))).toEqual(expected(job(42)));
    // A value, then the tuner gone (the running trial reads Interrupted), then the end.
    add([
      {
        type: 'metric',
        t: 22,
        trialId: 2,
        observation: { metric: 'validation:rmse', value: 1.5, line: 1, step: 0 },
      },
    ]);
    expect(JSON.parse(detail.of(job(42)))).toEqual(expected(job(42)));
    expect(JSON.parse(detail.of(job())).trials[1]).toMatchObject({
      status: 'Interrupted',
      curve: [[0, 1.5]],
    });
    expect(JSON.parse(detail.of(job()))).toEqual(expected(job()));
    add([{ type: 'trialFinished', t: 30, trialId: 2, outcome: { status: 'Completed', objective: 1.5 } }]);
    expect(JSON.parse(detail.of(job(42)))).toEqual(expected(job(42)));
    expect(JSON.parse(detail.of(job(42))).summary.best.trial).toBe(2);
    expect(JSON.parse(detail.of(job(42)))).not.toHaveProperty('recommendation');
  });

  it("carries the model's last recommendation as journaled, its trial then the summary's best", () => {
    const folder = createJobViewFolder();
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 0, spec: sampleSpec(), specHash: 'h' }];
    finishedTrial(
      events,
      1,
      { eta: 0.1, depth: 3, booster: 'dart' },
      { status: 'Completed', objective: 2 },
      10,
    );
    finishedTrial(
      events,
      2,
      { eta: 0.2, depth: 4, booster: 'gbtree' },
      { status: 'Completed', objective: 1.5 },
      20,
    );
    const recommendation = {
      type: 'recommendation',
      t: 30,
      trialId: 1,
      estimate: 1.7,
      noiseStd: 0.4,
      noiseRatio: 0.9,
      significant: true,
      basedOn: 2,
    } as const;
    events.push(recommendation);
    for (const event of events) folder.add(event);
    const curves = createMetricCurves();
    const detail = JSON.parse(
      createDetailJson().of({ view: folder.view(), folder, curves, offset: 100, version: 1 }),
    );
    const { type: _type, ...fields } = recommendation;
    expect(detail.recommendation).toEqual(fields);
    expect(detail.summary.best.trial).toBe(1);
    expect(detail).toEqual(JSON.parse(JSON.stringify(apiJobDetail(folder.view(), curves, undefined, 100))));
  });
});
