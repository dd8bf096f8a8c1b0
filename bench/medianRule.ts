/**
 * How often the median rule stops the configuration that would have been a job's best, on real learning curves,
 * by grace period (issue 13's target: under 5% of jobs with the default grace period).
 *
 * The curves: the diabetes MLP of `examples/diabetes-ts` (validation RMSE by epoch, 120 epochs, the example's
 * ranges), trained in process for `--configs` random configurations (about 50 s for 300). A job is a random set of
 * `--sizes` of them, tuned by the real tuner (core `createTuner`, one trial at a time, the Random strategy over an
 * integer range of positions in the set, so it runs each configuration once, in its own order) with the median
 * rule: each trial reports its values step by step and stops when the rule says so. Every curve was trained to the
 * end, so whether the rule stopped the set's best configuration (by its final RMSE) is known. Grace periods:
 * tunekit's default (`Auto`: minSteps 20, minTrials 5, minFraction 0.5) and one that judges from step 1 (minSteps
 * 1, minTrials 5, minFraction 0), which stopped the best configuration in issue 13's report. bench/multiFidelity.ts
 * measures the same rule inside full Bayesian runs (40 seeds); this measures it over many more jobs, quickly.
 *
 * Run from the repository root (CPU-bound, about a minute):
 *   node --conditions=@tunekit/source --import tsx bench/medianRule.ts [--configs 300] [--jobs 40]
 *     [--sizes 10,20,40,80] [--seed 1]
 * Progress goes to stderr; one JSON line per (grace period, job size) to stdout.
 */
import { parseArgs } from 'node:util';
import { createSearchSpace, createStrategy, createTuner, type TuningJobSpec } from '@tunekit/core';
import { DIABETES_PARAMETERS, diabetesEpochs } from './diabetes.ts';
import { benchSpec, round } from './runLoop.ts';

const { values: args } = parseArgs({
  options: {
    configs: { type: 'string', default: '300' },
    jobs: { type: 'string', default: '40' },
    sizes: { type: 'string', default: '10,20,40,80' },
    seed: { type: 'string', default: '1' },
  },
});
const configs = Number(args.configs);
const jobs = Number(args.jobs);
const sizes = args.sizes.split(',').map(Number);
const seed = Number(args.seed);

const spec = benchSpec({
  name: 'median-rule',
  strategy: 'Random',
  parameters: DIABETES_PARAMETERS,
  seed,
  maxTrials: configs,
});

const space = createSearchSpace(spec.parameters);
const strategy = createStrategy(spec, { space });
const suggestions = await strategy.suggest({
  count: configs,
  startIndex: 0,
  observations: [],
  pending: [],
  failed: [],
});
const curves: number[][] = [];
const started = performance.now();
for (const [index, suggestion] of suggestions.entries()) {
  curves.push([...diabetesEpochs(space.fromUnit(suggestion.unit))]);
  if ((index + 1) % 25 === 0 || index + 1 === suggestions.length)
    process.stderr.write(
      `trained ${index + 1} of ${suggestions.length} configurations (${Math.round((performance.now() - started) / 1000)} s)\n`,
    );
}

/** A seeded generator of uniform numbers in [0, 1) (the jobs' draws). */
let state = seed;
const uniform = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};

const GRACE: Record<string, TuningJobSpec['earlyStopping']> = {
  default: 'Auto',
  'from-step-1': { type: 'Auto', minSteps: 1, minTrials: 5, minFraction: 0 },
};

/** A job over the configurations `picked` under `earlyStopping`: each finished trial's configuration and outcome. */
async function runJob(
  picked: readonly number[],
  earlyStopping: TuningJobSpec['earlyStopping'],
  jobSeed: number,
): Promise<{ configuration: number; stopped: boolean; epochs: number }[]> {
  const tuner = createTuner({
    ...benchSpec({
      name: 'check-job',
      strategy: 'Random',
      parameters: [{ type: 'integer', name: 'position', min: 0, max: picked.length - 1, scaling: 'Linear' }],
      seed: jobSeed,
      maxTrials: picked.length,
    }),
    objective: { type: 'Minimize', metric: 'f' },
    earlyStopping,
  });
  const finished: { configuration: number; stopped: boolean; epochs: number }[] = [];
  for (;;) {
    const [trial] = await tuner.ask(1);
    if (trial === undefined) break;
    const configuration = picked[Number(trial.params.position)]!;
    const curve = curves[configuration]!;
    let ran = curve.length;
    for (let step = 0; step < curve.length; step++) {
      const decision = tuner.report(trial.id, { metric: 'f', value: curve[step]!, step, line: step + 1 });
      if (decision.action === 'stop') {
        ran = step + 1;
        break;
      }
    }
    const value = curve[ran - 1]!;
    if (ran === curve.length) {
      tuner.tell(trial.id, { status: 'Completed', objective: value });
      finished.push({ configuration, stopped: false, epochs: ran });
    } else {
      tuner.tell(trial.id, { status: 'Stopped', reason: 'median rule', objective: value });
      finished.push({ configuration, stopped: true, epochs: ran });
    }
  }
  await tuner.close();
  if (new Set(finished.map((trial) => trial.configuration)).size !== picked.length)
    throw new Error('the job did not run each configuration of its set once');
  return finished;
}

for (const [graceName, earlyStopping] of Object.entries(GRACE)) {
  for (const size of sizes) {
    let bestStopped = 0;
    let stoppedTrials = 0;
    let epochs = 0;
    for (let job = 0; job < jobs; job++) {
      // `size` configurations without replacement.
      const pool = curves.map((_, i) => i);
      const picked: number[] = [];
      for (let k = 0; k < size; k++) picked.push(pool.splice(Math.floor(uniform() * pool.length), 1)[0]!);
      const finished = await runJob(picked, earlyStopping, job + 1);
      const best = picked.reduce((a, b) => (curves[b]!.at(-1)! < curves[a]!.at(-1)! ? b : a));
      if (finished.find((trial) => trial.configuration === best)!.stopped) bestStopped += 1;
      stoppedTrials += finished.filter((trial) => trial.stopped).length;
      epochs += finished.reduce((sum, trial) => sum + trial.epochs, 0);
    }
    process.stdout.write(
      `${JSON.stringify({
        benchmark: 'medianRule',
        curves: 'diabetes',
        grace: graceName,
        jobSize: size,
        jobs,
        jobsStoppingBest: bestStopped,
        shareStoppingBest: round(bestStopped / jobs),
        meanStoppedTrials: round(stoppedTrials / jobs),
        epochsSaved: round(1 - epochs / (jobs * size * 120)),
        ...(graceName === 'default' ? { targetUnder5Percent: bestStopped / jobs < 0.05 } : {}),
      })}\n`,
    );
  }
}
