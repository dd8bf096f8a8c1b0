/**
 * @internal A small valid job for the tuner's tests: two continuous ranges, an integer and a categorical.
 */
import type { TuningJobSpec } from '../spec/types.ts';

type SpecOverrides = Partial<Omit<TuningJobSpec, 'limits' | 'completion'>> & {
  readonly limits?: Partial<TuningJobSpec['limits']>;
  readonly completion?: Partial<TuningJobSpec['completion']>;
};

/** A valid spec with overrides merged in (limits and completion field by field). */
export function testSpec(overrides: SpecOverrides = {}): TuningJobSpec {
  const { limits, completion, ...rest } = overrides;
  return {
    name: 'tuner-test',
    objective: { metric: 'loss', type: 'Minimize' },
    metrics: [{ name: 'loss', regex: 'loss=([-+0-9.eE]+)' }],
    strategy: 'Random',
    parameters: [
      { type: 'continuous', name: 'learning_rate', min: 1e-4, max: 1, scaling: 'Logarithmic' },
      { type: 'continuous', name: 'dropout', min: 0, max: 0.5, scaling: 'Linear' },
      { type: 'integer', name: 'layers', min: 1, max: 8, scaling: 'Linear' },
      { type: 'categorical', name: 'optimizer', values: ['adam', 'sgd', 'rmsprop'] },
    ],
    static: { epochs: '10' },
    earlyStopping: 'Off',
    seed: 7,
    executor: { kind: 'local', command: ['python3', 'train.py'], env: {}, killGraceSeconds: 5, channels: {} },
    ...rest,
    limits: { maxTrials: 20, maxParallel: 2, maxRetries: 0, ...limits },
    completion: { convergence: false, ...completion },
  };
}

/** A smooth objective of the test space, smallest near learning_rate 0.01, dropout 0.1, 3 layers, adam. */
export function testObjective(params: Readonly<Record<string, number | string>>): number {
  const logRate = Math.log10(Number(params.learning_rate));
  const dropout = Number(params.dropout);
  const layers = Number(params.layers);
  return (
    (logRate + 2) ** 2 +
    4 * (dropout - 0.1) ** 2 +
    0.1 * (layers - 3) ** 2 +
    (params.optimizer === 'adam' ? 0 : 0.5)
  );
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}
