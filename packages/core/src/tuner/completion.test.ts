import { describe, expect, it } from 'vitest';
import { createStrategy } from '../strategies/createStrategy.ts';
import type { Strategy } from '../strategy.ts';
import { CONVERGENCE_PATIENCE, CONVERGENCE_THRESHOLD, createTuner } from './createTuner.ts';
import { manualClock, testSpec } from './testSpec.ts';
import type { Tuner } from './tuner.ts';

/** Asks one trial and completes it with the given objective. */
async function run(tuner: Tuner, objective: number): Promise<void> {
  const [trial] = await tuner.ask(1);
  if (trial === undefined) throw new Error('the tuner gave no trial');
  tuner.tell(trial.id, { status: 'Completed', objective });
}

describe('completion criteria', () => {
  it('targetObjective: a Minimize job ends at a value at or below the target, even with trials running', async () => {
    const tuner = createTuner(testSpec({ completion: { targetObjective: 0.5 }, limits: { maxParallel: 3 } }));
    const [a, b] = await tuner.ask(2);
    tuner.tell(a!.id, { status: 'Completed', objective: 0.51 });
    expect(tuner.completion().done).toBe(false);
    tuner.tell(b!.id, { status: 'Completed', objective: 0.5 });
    expect(tuner.completion()).toEqual({ done: true, reason: 'targetObjective' });
    expect(await tuner.ask(1)).toEqual([]);
  });

  it('targetObjective: a Maximize job ends at a value at or above the target', async () => {
    const tuner = createTuner(
      testSpec({ objective: { metric: 'loss', type: 'Maximize' }, completion: { targetObjective: 0.9 } }),
    );
    await run(tuner, 0.89);
    expect(tuner.completion().done).toBe(false);
    await run(tuner, 0.95);
    expect(tuner.completion()).toEqual({ done: true, reason: 'targetObjective' });
  });

  it('targetObjective is not reached by a stopped trial', async () => {
    const tuner = createTuner(testSpec({ completion: { targetObjective: 1 } }));
    const [trial] = await tuner.ask(1);
    tuner.tell(trial!.id, { status: 'Stopped', reason: 'user', objective: 0 });
    expect(tuner.completion().done).toBe(false);
  });

  it('maxTrialsNotImproving: ends after that many trials without a gain of more than 1%', async () => {
    const tuner = createTuner(testSpec({ completion: { maxTrialsNotImproving: 3 } }));
    await run(tuner, 10);
    await run(tuner, 9.95); // 0.5% better: not an improvement
    await run(tuner, 12);
    expect(tuner.completion().done).toBe(false);
    await run(tuner, 9); // more than 1% better than 9.95: the count starts again
    await run(tuner, 9);
    await run(tuner, 8.95);
    expect(tuner.completion().done).toBe(false);
    await run(tuner, 20);
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrialsNotImproving' });
    expect(await tuner.ask(1)).toEqual([]);
  });

  it('maxTrialsNotImproving: Stopped trials count as not improving, Failed ones do not count', async () => {
    const tuner = createTuner(
      testSpec({ completion: { maxTrialsNotImproving: 3 }, limits: { maxTrials: 20, maxRetries: 0 } }),
    );
    await run(tuner, 10);
    for (let i = 0; i < 4; i++) {
      const [crashed] = await tuner.ask(1);
      tuner.tell(crashed!.id, { status: 'Failed', reason: 'exit code 1' });
    }
    expect(tuner.completion().done).toBe(false);
    const [stopped] = await tuner.ask(1);
    tuner.tell(stopped!.id, { status: 'Stopped', reason: 'early-stopping', objective: 1 });
    await run(tuner, 10);
    expect(tuner.completion().done).toBe(false);
    await run(tuner, 11);
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrialsNotImproving' });
  });

  it('maxTrialsNotImproving: for Maximize, an improvement is a value more than 1% above the best', async () => {
    const tuner = createTuner(
      testSpec({ objective: { metric: 'loss', type: 'Maximize' }, completion: { maxTrialsNotImproving: 3 } }),
    );
    await run(tuner, 100);
    await run(tuner, 100.9); // 0.9% better: not an improvement, though it becomes the best
    await run(tuner, 101.5); // 0.6% above 100.9
    expect(tuner.best()?.objective).toBe(101.5);
    expect(tuner.completion().done).toBe(false);
    await run(tuner, 103); // more than 1% above 101.5: the count starts again
    await run(tuner, 50);
    await run(tuner, 103.5);
    expect(tuner.completion().done).toBe(false);
    await run(tuner, 1);
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxTrialsNotImproving' });
  });

  it('maxRuntime: ends once maxRuntimeSeconds have passed since the start', async () => {
    const clock = manualClock();
    const tuner = createTuner(testSpec({ limits: { maxRuntimeSeconds: 60 } }), { now: clock.now });
    await run(tuner, 1);
    clock.advance(59_999);
    expect(tuner.completion().done).toBe(false);
    clock.advance(1);
    expect(tuner.completion()).toEqual({ done: true, reason: 'maxRuntime' });
    expect(await tuner.ask(1)).toEqual([]);
  });

  it('exhausted: a Grid job ends when every combination has run', async () => {
    const spec = testSpec({
      strategy: 'Grid',
      parameters: [
        { type: 'integer', name: 'layers', min: 1, max: 2, scaling: 'Linear' },
        { type: 'categorical', name: 'optimizer', values: ['adam', 'sgd'] },
      ],
      limits: { maxTrials: 10, maxParallel: 3 },
    });
    const tuner = createTuner(spec);
    const seen = new Set<string>();
    for (let batch = await tuner.ask(3); batch.length > 0; batch = await tuner.ask(3)) {
      for (const trial of batch) {
        seen.add(JSON.stringify(trial.params));
        tuner.tell(trial.id, { status: 'Completed', objective: 1 });
      }
    }
    expect(seen.size).toBe(4);
    expect(tuner.trials()).toHaveLength(4);
    expect(tuner.completion()).toEqual({ done: true, reason: 'exhausted' });
  });

  it('convergence: ends after the strategy reports convergence on several asks in a row', async () => {
    // A user-supplied strategy: Random's points, with a convergence measure the test sets.
    const random = createStrategy(testSpec());
    let measure = 0;
    const strategy: Strategy = {
      name: 'Random',
      capacity: Number.POSITIVE_INFINITY,
      suggest: (request) => random.suggest(request),
      convergence: () => measure,
    };
    const tuner = createTuner(testSpec({ completion: { convergence: true } }), { strategy });
    const ignoring = createTuner(testSpec(), { strategy });
    measure = CONVERGENCE_THRESHOLD;
    for (let i = 0; i < CONVERGENCE_PATIENCE - 1; i++) await run(tuner, 1);
    measure = CONVERGENCE_THRESHOLD - 0.01; // a break in the streak starts it again
    await run(tuner, 1);
    measure = 1;
    for (let i = 0; i < CONVERGENCE_PATIENCE - 1; i++) await run(tuner, 1);
    expect(tuner.completion().done).toBe(false);
    // The ask that completes the streak starts nothing: the strategy says there is nothing left to gain.
    expect(await tuner.ask(1)).toEqual([]);
    expect(tuner.completion()).toEqual({ done: true, reason: 'convergence' });
    for (let i = 0; i < CONVERGENCE_PATIENCE + 1; i++) await run(ignoring, 1);
    expect(ignoring.completion().done).toBe(false);
  });

  it('maxConsecutiveFailures: ends the job after that many failures in a row, with their reasons', async () => {
    const tuner = createTuner(testSpec({ limits: { maxConsecutiveFailures: 3, maxParallel: 3 } }));
    const fail = async (reason: string): Promise<void> => {
      const [trial] = await tuner.ask(1);
      tuner.tell(trial!.id, { status: 'Failed', reason });
    };
    await fail('ImportError');
    await fail('ImportError');
    await run(tuner, 1); // a completed trial resets the count
    await fail('ImportError');
    await fail('exit 3');
    expect(tuner.completion().done).toBe(false);
    // At once, with a trial still running: the caller stops it.
    const [running] = await tuner.ask(1);
    await fail('ImportError');
    expect(tuner.pending().map((trial) => trial.id)).toEqual([running!.id]);
    const ended = {
      done: true,
      reason: 'maxConsecutiveFailures',
      failureReasons: ['ImportError', 'exit 3', 'ImportError'],
    };
    expect(tuner.completion()).toEqual(ended);
    expect(await tuner.ask(1)).toEqual([]);
    // The caller stops the trial still running: its Stopped outcome does not reopen the job.
    tuner.tell(running!.id, { status: 'Stopped', reason: 'completion' });
    expect(tuner.completion()).toEqual(ended);
  });

  it('maxConsecutiveFailures: a Stopped trial resets the count; retries of a configuration count', async () => {
    const tuner = createTuner(testSpec({ limits: { maxConsecutiveFailures: 2, maxRetries: 3 } }));
    const [first] = await tuner.ask(1);
    tuner.tell(first!.id, { status: 'Failed', reason: 'boom' });
    const [stopped] = await tuner.ask(1);
    expect(stopped!.attempt).toBe(1); // the retry
    tuner.tell(stopped!.id, { status: 'Stopped', reason: 'timeout' });
    const [a] = await tuner.ask(1);
    tuner.tell(a!.id, { status: 'Failed', reason: 'boom' });
    const [retry] = await tuner.ask(1);
    expect([retry!.configIndex, retry!.attempt]).toEqual([a!.configIndex, 1]);
    tuner.tell(retry!.id, { status: 'Failed', reason: 'boom' });
    expect(tuner.completion()).toMatchObject({ done: true, reason: 'maxConsecutiveFailures' });
  });

  it('maxConsecutiveFailures: 0 turns the rule off, the default is 5, and a rebuilt tuner starts the count again', async () => {
    const failAll = async (tuner: Tuner, count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const [trial] = await tuner.ask(1);
        tuner.tell(trial!.id, { status: 'Failed', reason: 'boom' });
      }
    };
    const off = createTuner(testSpec({ limits: { maxConsecutiveFailures: 0 } }));
    await failAll(off, 10);
    expect(off.completion().done).toBe(false);
    const byDefault = createTuner(testSpec());
    await failAll(byDefault, 4);
    expect(byDefault.completion().done).toBe(false);
    await failAll(byDefault, 1);
    expect(byDefault.completion().reason).toBe('maxConsecutiveFailures');
    // The user fixed the cause and resumes: the rebuilt tuner asks again.
    const resumed = createTuner(testSpec(), { state: JSON.parse(JSON.stringify(byDefault.state())) });
    expect(resumed.completion().done).toBe(false);
    expect(await resumed.ask(1)).toHaveLength(1);
  });
});
