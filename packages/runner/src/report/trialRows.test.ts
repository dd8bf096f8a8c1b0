/**
 * Issue 10, item 6: a journal written before `__proto__` was refused as a range name (the tuner dropped it from
 * every trial) must still list as CSV and as a table, with an empty cell, not `[object Object]` read from
 * Object.prototype.
 */
import { describe, expect, it } from 'vitest';
import { finishedTrial, sampleSpec } from '../../test/helpers/journals.ts';
import type { JournalEvent } from '../journal/events.ts';
import { buildJobView } from '../journal/jobView.ts';
import { trialsCsv } from './csv.ts';
import { earlyStoppingText } from './json.ts';
import { trialsTable } from './table.ts';

describe('trial rows', () => {
  it('have an empty cell for a hyperparameter a trial lacks, whatever its name', () => {
    const spec = sampleSpec({
      parameters: [
        { type: 'continuous', name: '__proto__', min: 0, max: 1, scaling: 'Linear' },
        { type: 'continuous', name: 'toString', min: 0, max: 1, scaling: 'Linear' },
        { type: 'continuous', name: 'eta', min: 0.001, max: 1, scaling: 'Logarithmic' },
      ],
    });
    const events: JournalEvent[] = [{ type: 'jobCreated', t: 1, spec, specHash: 'h' }];
    finishedTrial(events, 1, { eta: 0.1 }, { status: 'Completed', objective: 2 }, 1000);
    const view = buildJobView(events);
    expect(trialsTable(view)).not.toMatch(/object|native code/);
    const [header, row] = trialsCsv(view).trimEnd().split('\n');
    expect(header).toBe(
      'trial,__proto__,toString,eta,status,objective,start,end,durationSeconds,attempt,reason',
    );
    expect(row?.split(',').slice(0, 5)).toEqual(['1', '', '', '0.1', 'Completed']);
  });
});

describe('earlyStoppingText', () => {
  it('names the median rule’s grace period, which the dashboard and reports show as text', () => {
    expect(earlyStoppingText('Off')).toBe('Off');
    expect(earlyStoppingText('Auto')).toBe('Auto');
    expect(earlyStoppingText({ type: 'Auto', minSteps: 20, minTrials: 5, minFraction: 0.5 })).toBe(
      'Auto (minSteps 20, minTrials 5, minFraction 0.5)',
    );
    // A job journaled before minFraction existed.
    expect(earlyStoppingText({ type: 'Auto', minSteps: 20, minTrials: 5 })).toBe(
      'Auto (minSteps 20, minTrials 5)',
    );
  });
});
