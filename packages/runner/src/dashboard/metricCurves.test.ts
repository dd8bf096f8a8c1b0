import { describe, expect, it } from 'vitest';
import { sampleSpec } from '../../test/helpers/journals.ts';
import type { JournalEvent } from '../journal/events.ts';
import { createMetricCurves } from './metricCurves.ts';

const metric = (
  trialId: number,
  name: string,
  step: number,
  value: number,
  invalid?: string,
): JournalEvent => ({
  type: 'metric',
  t: 1,
  trialId,
  observation: { metric: name, value, line: step + 1, step, ...(invalid === undefined ? {} : { invalid }) },
});

describe('createMetricCurves', () => {
  it("keeps each trial's valid values of the spec's metrics by step, and starts them afresh when the trial reruns", () => {
    const spec = sampleSpec({
      metrics: [
        { name: 'validation:rmse', regex: 'rmse=(\\S+)' },
        { name: '__proto__', regex: 'p=(\\S+)' },
      ],
    });
    const curves = createMetricCurves();
    const events: JournalEvent[] = [
      { type: 'jobCreated', t: 0, spec, specHash: 'h' },
      { type: 'trialStarted', t: 1, trialId: 1 },
      metric(1, 'validation:rmse', 0, 3),
      metric(1, 'validation:rmse', 1, Number.NaN, 'not a number: nan'),
      metric(1, 'validation:rmse', 2, 2),
      metric(1, 'undeclared', 0, 9),
      metric(1, '__proto__', 0, 7),
      metric(2, 'validation:rmse', 0, 5),
    ];
    for (const event of events) curves.add(event);
    expect(curves.curve(1, 'validation:rmse')).toEqual([
      [0, 3],
      [2, 2],
    ]);
    expect(curves.curve(1, 'undeclared')).toEqual([]);
    expect(Object.entries(curves.curves(1))).toEqual([
      [
        'validation:rmse',
        [
          [0, 3],
          [2, 2],
        ],
      ],
      ['__proto__', [[0, 7]]],
    ]);
    // Interrupted, resumed: the rerun's values replace the first run's.
    curves.add({ type: 'trialStarted', t: 2, trialId: 1 });
    expect(curves.curve(1, 'validation:rmse')).toEqual([]);
    curves.add(metric(1, 'validation:rmse', 0, 4));
    expect(curves.curve(1, 'validation:rmse')).toEqual([[0, 4]]);
    expect(curves.curve(2, 'validation:rmse')).toEqual([[0, 5]]);
  });
});
