import { describe, expect, it } from 'vitest';
import { sampleSpec } from '../../test/helpers/journals.ts';
import { diffSpecs, formatChanges } from './specDiff.ts';

describe('diffSpecs', () => {
  it('finds no change between equal specs', () => {
    expect(diffSpecs(sampleSpec(), sampleSpec())).toEqual({ breaking: [], harmless: [] });
  });

  it("accepts a changed grace period of the median rule on resume: it applies to the trials to come, and the past trials' stops stay journaled", () => {
    const auto = sampleSpec({ earlyStopping: 'Auto' });
    const custom = sampleSpec({ earlyStopping: { type: 'Auto', minSteps: 2, minTrials: 6 } });
    const widened = sampleSpec({ earlyStopping: { type: 'Auto', minSteps: 4, minTrials: 6 } });
    expect(diffSpecs(auto, custom)).toEqual({
      breaking: [],
      harmless: [{ path: 'earlyStopping', before: 'Auto', after: custom.earlyStopping, breaking: false }],
    });
    expect(formatChanges(diffSpecs(custom, widened).harmless)).toEqual(['  earlyStopping.minSteps: 2 -> 4']);
  });

  it('calls a changed range breaking and names the field', () => {
    const before = sampleSpec();
    const after = sampleSpec({
      parameters: [
        { type: 'continuous', name: 'eta', min: 0.001, max: 0.5, scaling: 'Logarithmic' },
        ...before.parameters.slice(1),
      ],
    });
    const diff = diffSpecs(before, after);
    expect(diff.harmless).toEqual([]);
    expect(formatChanges(diff.breaking)).toEqual(['  parameters.eta.max: 1 -> 0.5']);
  });

  it("calls a change of Hyperband's resources breaking: the journaled rung decisions were made on the old rungs", () => {
    const hyperband = { minResource: 1, maxResource: 81, eta: 3, sampler: 'Bayesian' as const };
    const before = sampleSpec({ strategy: 'Hyperband', hyperband });
    const after = sampleSpec({ strategy: 'Hyperband', hyperband: { ...hyperband, eta: 2 } });
    expect(formatChanges(diffSpecs(before, after).breaking)).toEqual(['  hyperband.eta: 3 -> 2']);
  });

  it('calls strategy, objective, seed, static, metric and parameter-order changes breaking', () => {
    const before = sampleSpec();
    const [eta, depth, booster] = before.parameters;
    const after = sampleSpec({
      strategy: 'Sobol',
      objective: { metric: 'validation:rmse', type: 'Maximize' },
      seed: 2,
      static: { rounds: '20' },
      metrics: [{ name: 'validation:rmse', regex: 'rmse: (\\S+)' }],
      parameters: [depth!, eta!, booster!],
    });
    const paths = diffSpecs(before, after).breaking.map((change) => change.path);
    expect(paths.sort()).toEqual(
      [
        'parameters (order)',
        'strategy',
        'objective.type',
        'seed',
        'static.rounds',
        'metrics.validation:rmse.regex',
      ].sort(),
    );
  });

  it('calls budget, parallelism, timeouts and completion changes harmless', () => {
    const before = sampleSpec();
    const after = sampleSpec({
      limits: { maxTrials: 20, maxParallel: 4, maxRetries: 1, maxRuntimeSeconds: 60 },
      completion: { convergence: true, maxTrialsNotImproving: 5 },
      executor: {
        kind: 'local',
        command: ['node', 'train.js'],
        env: {},
        killGraceSeconds: 5,
        channels: {},
        timeoutSeconds: 30,
      },
    });
    const diff = diffSpecs(before, after);
    expect(diff.breaking).toEqual([]);
    expect(formatChanges(diff.harmless)).toEqual([
      '  limits.maxTrials: 10 -> 20',
      '  limits.maxParallel: 2 -> 4',
      '  limits.maxRetries: 0 -> 1',
      '  limits.maxRuntimeSeconds: (unset) -> 60',
      '  completion.convergence: false -> true',
      '  completion.maxTrialsNotImproving: (unset) -> 5',
      '  executor.timeoutSeconds: (unset) -> 30',
    ]);
  });

  it('reports an added and a removed parameter', () => {
    const before = sampleSpec();
    const after = sampleSpec({
      parameters: [
        ...before.parameters.slice(0, 2),
        { type: 'continuous', name: 'gamma', min: 0, max: 1, scaling: 'Linear' },
      ],
    });
    const lines = formatChanges(diffSpecs(before, after).breaking);
    expect(lines).toContain(
      '  parameters.booster: {"type":"categorical","values":["gbtree","dart"]} -> (unset)',
    );
    expect(lines).toContain(
      '  parameters.gamma: (unset) -> {"type":"continuous","min":0,"max":1,"scaling":"Linear"}',
    );
  });
});
