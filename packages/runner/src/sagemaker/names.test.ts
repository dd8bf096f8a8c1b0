import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MAX_TRAINING_JOB_NAME, newRunSuffix, TRAINING_JOB_NAME_PATTERN, trainingJobName } from './names.ts';

const jobNames = fc.stringMatching(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);

describe('training-job names', () => {
  fcTest.prop([jobNames, fc.integer({ min: 1, max: 1_000_000 })])(
    'fit SageMaker’s 63 characters and pattern and end with the trial id and run suffix',
    (jobName, trialId) => {
      const name = trainingJobName(jobName, trialId, 'abc123');
      expect(name.length).toBeLessThanOrEqual(MAX_TRAINING_JOB_NAME);
      expect(name).toMatch(TRAINING_JOB_NAME_PATTERN);
      expect(name.endsWith(`-${trialId}-abc123`)).toBe(true);
    },
  );

  it('keep the job name whole when it fits, and differ between two runs of the same trial', () => {
    expect(trainingJobName('xgb-diabetes', 7, 'a1b2c3')).toBe('xgb-diabetes-7-a1b2c3');
    const suffixes = new Set(Array.from({ length: 50 }, () => newRunSuffix()));
    expect(suffixes.size).toBe(50);
    for (const suffix of suffixes) expect(suffix).toMatch(/^[0-9a-f]{6}$/);
  });
});
