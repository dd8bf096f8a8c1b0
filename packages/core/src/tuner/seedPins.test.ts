/**
 * Regression pins of "same seed, same history: same suggestions on any machine".
 *
 * The values below were computed once (Node 20.20, x86-64) and are pinned exactly. Every random draw comes from
 * xoshiro128** on 32-bit integer words (`Math.imul`, shifts) and the Sobol points from integer direction numbers
 * and an integer scramble, so the unit points do not depend on the CPU or the operating system; the
 * hyperparameters add one exp/log per Logarithmic range, computed by core's own fdlibm port (`math/`), so they
 * do not depend on the JavaScript engine either. A change here means the suggestions of saved jobs changed. If
 * a strategy is changed on purpose, recompute the pins and say so in the commit: users' resumed jobs and
 * published seeds then give other trials.
 *
 * The Bayesian strategy is pinned through its initial design (the scrambled Sobol points of the seed). Its
 * later, model-based suggestions go through floating-point model fitting that is still being tuned; their
 * determinism is asserted instead by rebuilding a tuner from its state (`tunerState.test.ts`) and by the
 * strategy's own tests.
 */
import { describe, expect, it } from 'vitest';
import type { StrategyName } from '../strategy.ts';
import { createTuner } from './createTuner.ts';
import { testSpec } from './testSpec.ts';

const SEED = 20261123;

async function firstThree(strategy: StrategyName) {
  const tuner = createTuner(testSpec({ strategy, seed: SEED, limits: { maxTrials: 20, maxParallel: 3 } }));
  const trials = await tuner.ask(3);
  return { units: trials.map((t) => t.unit), params: trials.map((t) => t.params) };
}

const SOBOL_UNITS = [
  [0.7379807378165424, 0.5678941556252539, 0.1875, 0.8333333333333334],
  [0.350613220827654, 0.05107355397194624, 0.5625, 0.5],
  [0.22840535105206072, 0.8991622994653881, 0.4375, 0.5],
];
const SOBOL_PARAMS = [
  { learning_rate: 0.08952059318429101, dropout: 0.28394707781262696, layers: 2, optimizer: 'rmsprop' },
  { learning_rate: 0.002526113636725191, dropout: 0.02553677698597312, layers: 5, optimizer: 'sgd' },
  { learning_rate: 0.0008196367152907968, dropout: 0.44958114973269403, layers: 4, optimizer: 'sgd' },
];

describe(`the first suggestions of seed ${SEED} (regression pins)`, () => {
  it('Random', async () => {
    expect(await firstThree('Random')).toEqual({
      units: [
        [0.08810857279665851, 0.45031622157867024, 0.0625, 0.8333333333333334],
        [0.49765186152077046, 0.6351256407892382, 0.9375, 0.16666666666666666],
        [0.3107733393548219, 0.49649926941594125, 0.9375, 0.5],
      ],
      params: [
        {
          learning_rate: 0.00022513047682617726,
          dropout: 0.22515811078933512,
          layers: 1,
          optimizer: 'rmsprop',
        },
        { learning_rate: 0.009786050353922831, dropout: 0.3175628203946191, layers: 8, optimizer: 'adam' },
        { learning_rate: 0.0017502228820542361, dropout: 0.24824963470797062, layers: 8, optimizer: 'sgd' },
      ],
    });
  });

  it('Sobol (scrambled with the seed)', async () => {
    expect(await firstThree('Sobol')).toEqual({ units: SOBOL_UNITS, params: SOBOL_PARAMS });
  });

  it('Bayesian (its initial design: the same scrambled Sobol points)', async () => {
    expect(await firstThree('Bayesian')).toEqual({ units: SOBOL_UNITS, params: SOBOL_PARAMS });
  });

  it('Grid (no seed: SageMaker order, the first range slowest)', async () => {
    const tuner = createTuner(
      testSpec({
        strategy: 'Grid',
        seed: SEED,
        parameters: [
          { type: 'integer', name: 'layers', min: 1, max: 3, scaling: 'Linear' },
          { type: 'categorical', name: 'optimizer', values: ['adam', 'sgd'] },
        ],
        limits: { maxTrials: 6, maxParallel: 6 },
      }),
    );
    const trials = await tuner.ask(6);
    expect(trials.map((t) => t.params)).toEqual([
      { layers: 1, optimizer: 'adam' },
      { layers: 1, optimizer: 'sgd' },
      { layers: 2, optimizer: 'adam' },
      { layers: 2, optimizer: 'sgd' },
      { layers: 3, optimizer: 'adam' },
      { layers: 3, optimizer: 'sgd' },
    ]);
    expect(trials.map((t) => t.unit)).toEqual([
      [1 / 6, 0.25],
      [1 / 6, 0.75],
      [0.5, 0.25],
      [0.5, 0.75],
      [5 / 6, 0.25],
      [5 / 6, 0.75],
    ]);
  });
});
