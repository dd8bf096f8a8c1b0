import type { TuningJobSpec } from '@tunekit/core';
import type { JobView, TrialRecord } from '@tunekit/runner';
import { describe, expect, test } from 'vitest';
import { actionOutputs } from './runAction.ts';

const spec = {
  name: 'mlp',
  objective: { metric: 'loss', type: 'Minimize' },
  metrics: [{ name: 'loss', regex: 'loss: (\\S+)' }],
  strategy: 'Bayesian',
  parameters: [{ name: 'lr', type: 'continuous', min: 0.001, max: 0.1, scaling: 'Logarithmic' }],
  static: { epochs: '10' },
  staticTypes: { epochs: 'number' },
} as unknown as TuningJobSpec;

function trial(id: number, objective: number): TrialRecord {
  return {
    id,
    configIndex: id,
    attempt: 0,
    params: { lr: 0.001 * (id + 1) },
    unit: [0.5],
    status: 'Completed',
    askedAt: 0,
    objective,
    runs: 1,
    metricCount: 1,
  };
}

function view(recommendation?: JobView['recommendation']): JobView {
  return {
    name: 'mlp',
    spec,
    specHash: 'h',
    createdSpec: spec,
    createdAt: 0,
    sessions: [{ t: 0 }],
    activeMs: 1,
    trials: [trial(0, 2), trial(1, 1), trial(2, 1.5)],
    lastEventAt: 1,
    ...(recommendation === undefined ? {} : { recommendation }),
  };
}

describe('actionOutputs', () => {
  test("best-* are the reported best (the model's choice under noise), best-observed-* the best observed", () => {
    const outputs = actionOutputs(
      view({
        t: 1,
        trialId: 2,
        estimate: 1.2,
        noiseStd: 0.4,
        noiseRatio: 0.8,
        significant: true,
        basedOn: 3,
      }),
      '/r.md',
    );
    expect(outputs).toEqual({
      'job-name': 'mlp',
      'report-path': '/r.md',
      'best-hyperparameters': '{"epochs":10,"lr":0.003}',
      'best-objective': '1.5',
      'best-trial': '2',
      'best-observed-objective': '1',
      'best-observed-trial': '1',
    });
  });

  test('without significant noise both name the best observed trial', () => {
    const outputs = actionOutputs(view(), '/r.md');
    expect(outputs['best-objective']).toBe('1');
    expect(outputs['best-trial']).toBe('1');
    expect(outputs['best-observed-objective']).toBe('1');
    expect(outputs['best-observed-trial']).toBe('1');
    expect(outputs['best-hyperparameters']).toBe('{"epochs":10,"lr":0.002}');
  });
});
