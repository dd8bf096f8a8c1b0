/**
 * Multi-fidelity search (issue 13): what early stopping and Hyperband save, and what they lose, on learning
 * curves. Every trial runs in process on a simulated clock: each step (epoch) of a running trial costs one time
 * unit, and `--parallel` trials (2) run side by side, so the wall time of a job is the number of time units until
 * it is done. The loop is the runner's: ask for free slots, feed each value to the tuner (`report` for the median
 * rule, `reportRung` for Hyperband), tell Stopped or Completed.
 *
 * Problems:
 * - `diabetes`: real learning curves, the validation RMSE by epoch of examples/diabetes-ts/train.ts (120 epochs),
 *   trained in process through its `trainEpochs` generator (lazily: a stopped trial's later epochs are trained
 *   only when the benchmark needs its final value), memoised by configuration;
 * - `branin`, `hartmann6`: synthetic curves with a fidelity (81 steps): the value at step t approaches f(x) as
 *   f(x) + gap(x) * exp(-rate(x) * t), where configurations with a good f converge more slowly (their early values
 *   mislead: curves cross, as in the BOHB and DEHB papers' benchmarks), plus a small deterministic noise.
 *
 * Methods: full-budget Bayesian (`full`); Bayesian with the median rule as it was (`median-old`: any step, 3
 * trials) and with the new defaults (`median-new`: plain Auto); Hyperband with random configurations
 * (`hyperband`) and with the model (`hyperband-model`, BOHB-style sampling);
 * `median:<minSteps>x<minTrials>[x<minFraction>]` for the sweep that chose the defaults.
 *
 * Measures (per problem and method, medians over the seeds): each seed's target is the best value full-budget
 * Bayesian reaches in 30 trials with that seed; epochs and wall time until a Completed trial of the method reaches
 * it (Infinity, printed null, when the run never does within `--cap` full trials' worth of epochs, default 60);
 * the same for easier targets, the best of full-budget Bayesian's first 10 and 20 trials (`byFullTrials`, with each
 * method's epochs over full's in the summary's `epochRatioToFull`: how much of the saving depends on how close to
 * full's best a user needs to get); the best value after 10 and 30 full trials' worth of epochs; for the median
 * rule, the seeds in which the configuration that a full run ranks best among the run's configurations was
 * stopped (each stopped configuration is run to the end to know).
 *
 * Run from the repository root, alone (CPU-bound; no other benchmark at the same time):
 *   node --conditions=@tunekit/source --import tsx bench/multiFidelity.ts
 *     [--problems branin,hartmann6,diabetes] [--methods full,median-old,median-new,hyperband,hyperband-model]
 *     [--seeds 10] [--cap 60] [--parallel 2] [--quick]
 * Prints one JSON line per (problem, method) and one summary line per problem with the targets met.
 */
import { parseArgs } from 'node:util';
import {
  createTuner,
  type Parameter,
  type ParameterValues,
  type StrategyName,
  type TuningJobSpec,
} from '@tunekit/core';
import { DIABETES_EPOCHS, DIABETES_PARAMETERS, diabetesEpochs } from './diabetes.ts';
import {
  type BenchmarkFunction,
  branin,
  braninAtFidelity,
  hartmann6,
  hartmann6AtFidelity,
} from './functions.ts';
import { benchSpec, median, round } from './runLoop.ts';

const { values: args } = parseArgs({
  options: {
    problems: { type: 'string' },
    methods: { type: 'string', default: 'full,median-old,median-new,hyperband,hyperband-model' },
    seeds: { type: 'string' },
    cap: { type: 'string', default: '60' },
    parallel: { type: 'string', default: '2' },
    quick: { type: 'boolean', default: false },
  },
});
const seedCount = Number(args.seeds ?? (args.quick ? 3 : 10));
const capTrials = Number(args.cap);
const parallel = Number(args.parallel);
const problemNames = (
  args.problems ?? (args.quick ? 'branin' : 'branin,hartmann6,branin-fidelity,hartmann6-fidelity,diabetes')
).split(',');
const methodNames = args.methods.split(',');

/** A learning curve read step by step; `at(t)` computes up to step t on demand. */
interface Curve {
  readonly steps: number;
  at(step: number): number;
}

interface Problem {
  readonly name: string;
  readonly parameters: readonly Parameter[];
  readonly steps: number;
  /** Hyperband's minResource for the problem. */
  readonly minResource: number;
  curve(params: ParameterValues): Curve;
}

// ---------------------------------------------------------------------------------------------------------------
// Problems

/** A deterministic number in [0, 1) from a configuration and a salt (a hash of the values' text). */
function hashUnit(params: ParameterValues, salt: number): number {
  let hash = 2166136261 ^ salt;
  for (const character of JSON.stringify(params)) {
    hash = Math.imul(hash ^ character.charCodeAt(0), 16777619);
  }
  hash = Math.imul(hash ^ (hash >>> 15), 2246822507);
  hash = Math.imul(hash ^ (hash >>> 13), 3266489909);
  return ((hash ^ (hash >>> 16)) >>> 0) / 4294967296;
}

/**
 * A synthetic multi-fidelity problem: value(t) = f(x) + gap * exp(-rate * t) + noise. `quality` in [0, 1] (0 =
 * the optimum, 1 = the worst tenth of the space) sets the rate: good configurations converge slowly, so their
 * early values are worse than those of fast mediocre ones and curves cross.
 */
function syntheticProblem(fn: BenchmarkFunction, scale: number, steps = 81): Problem {
  return {
    name: fn.name,
    parameters: fn.parameters,
    steps,
    minResource: 1,
    curve(params) {
      const final = fn.evaluate(params);
      const quality = Math.min(1, Math.max(0, (final - fn.optimum) / scale));
      const rate = 0.03 + 0.3 * (0.6 * quality + 0.4 * hashUnit(params, 1));
      const gap = scale * (0.5 + hashUnit(params, 2));
      return {
        steps,
        at: (t) => final + gap * Math.exp(-rate * t) + 0.01 * scale * (hashUnit(params, 100 + t) - 0.5),
      };
    },
  };
}

/**
 * A multi-fidelity problem whose low fidelities approximate the objective (the usual kind in the multi-fidelity
 * literature, unlike `syntheticProblem`'s crossing curves): the value at step t is `atFidelity(x, z)` with
 * z = (t + 1) / steps, the same small deterministic noise added.
 */
function fidelityProblem(
  name: string,
  fn: BenchmarkFunction,
  atFidelity: (params: ParameterValues, z: number) => number,
  scale: number,
  steps = 81,
): Problem {
  return {
    name,
    parameters: fn.parameters,
    steps,
    minResource: 1,
    curve(params) {
      return {
        steps,
        at: (t) => atFidelity(params, (t + 1) / steps) + 0.01 * scale * (hashUnit(params, 100 + t) - 0.5),
      };
    },
  };
}

const diabetesCurves = new Map<string, Curve>();

/** The diabetes MLP's validation RMSE by epoch, trained lazily in process (bench/diabetes.ts). */
const diabetes: Problem = {
  name: 'diabetes',
  parameters: DIABETES_PARAMETERS,
  steps: DIABETES_EPOCHS,
  minResource: 4,
  curve(params) {
    const key = JSON.stringify(params);
    const known = diabetesCurves.get(key);
    if (known !== undefined) return known;
    const epochs = diabetesEpochs(params);
    const values: number[] = [];
    const curve: Curve = {
      steps: DIABETES_EPOCHS,
      at(step) {
        while (values.length <= step) {
          const next = epochs.next();
          if (next.done) throw new Error(`diabetes curve ended at ${values.length} epochs`);
          values.push(next.value);
        }
        return values[step]!;
      },
    };
    diabetesCurves.set(key, curve);
    return curve;
  },
};

const PROBLEMS: Record<string, Problem> = {
  branin: syntheticProblem(branin, 50),
  hartmann6: syntheticProblem(hartmann6, 2),
  'branin-fidelity': fidelityProblem('branin-fidelity', branin, braninAtFidelity, 50),
  'hartmann6-fidelity': fidelityProblem('hartmann6-fidelity', hartmann6, hartmann6AtFidelity, 2),
  diabetes,
};

// ---------------------------------------------------------------------------------------------------------------
// Methods

interface Method {
  readonly strategy: StrategyName;
  readonly earlyStopping: TuningJobSpec['earlyStopping'];
  readonly sampler?: 'Bayesian' | 'Random';
}

function methodOf(name: string): Method {
  if (name === 'full') return { strategy: 'Bayesian', earlyStopping: 'Off' };
  if (name === 'median-old')
    return {
      strategy: 'Bayesian',
      earlyStopping: { type: 'Auto', minSteps: 0, minTrials: 3, minFraction: 0 },
    };
  if (name === 'median-new') return { strategy: 'Bayesian', earlyStopping: 'Auto' };
  if (name === 'hyperband') return { strategy: 'Hyperband', earlyStopping: 'Off', sampler: 'Random' };
  if (name === 'hyperband-model') return { strategy: 'Hyperband', earlyStopping: 'Off', sampler: 'Bayesian' };
  const grace = /^median:(\d+)x(\d+)(?:x([\d.]+))?$/.exec(name);
  if (grace !== null) {
    return {
      strategy: 'Bayesian',
      earlyStopping: {
        type: 'Auto',
        minSteps: Number(grace[1]),
        minTrials: Number(grace[2]),
        minFraction: Number(grace[3] ?? 0),
      },
    };
  }
  throw new Error(
    `unknown method ${name}: use full, median-old, median-new, hyperband, hyperband-model, median:<steps>x<trials>[x<fraction>]`,
  );
}

function specFor(problem: Problem, method: Method, seed: number, maxTrials: number): TuningJobSpec {
  return {
    ...benchSpec({
      name: `mf-${problem.name}`,
      strategy: method.strategy,
      parameters: problem.parameters,
      seed,
      maxTrials,
      maxParallel: parallel,
    }),
    earlyStopping: method.earlyStopping,
    ...(method.sampler === undefined
      ? {}
      : {
          hyperband: {
            minResource: problem.minResource,
            maxResource: problem.steps,
            eta: 3,
            sampler: method.sampler,
          },
        }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The simulated job

interface Run {
  /** Completed trials: epochs used and wall time when each completed, with its objective. */
  readonly completions: { readonly epochs: number; readonly time: number; readonly objective: number }[];
  /**
   * Every configuration tried: whether a rule stopped it, or the epoch cap cut it (the run ended while it ran:
   * not a decision of the rule, so it does not count as a stopped best configuration).
   */
  readonly configurations: {
    readonly curve: Curve;
    readonly stopped: boolean;
    readonly cut?: boolean;
    /** Steps it had run when it ended. */
    readonly steps: number;
  }[];
  epochs: number;
  time: number;
}

interface Running {
  readonly id: number;
  readonly curve: Curve;
  step: number;
}

async function simulate(
  problem: Problem,
  method: Method,
  seed: number,
  capEpochs: number,
  maxTrials: number,
): Promise<Run> {
  let clock = 0;
  const tuner = createTuner(specFor(problem, method, seed, maxTrials), { now: () => clock * 1000 });
  const run: Run = { completions: [], configurations: [], epochs: 0, time: 0 };
  const running: Running[] = [];
  const hyperband = method.strategy === 'Hyperband';
  const finish = (entry: Running, stopped: boolean, value: number, completed: boolean, cut = false) => {
    running.splice(running.indexOf(entry), 1);
    run.configurations.push({ curve: entry.curve, stopped, steps: entry.step, ...(cut ? { cut } : {}) });
    if (completed) {
      tuner.tell(entry.id, { status: 'Completed', objective: value });
      run.completions.push({ epochs: run.epochs, time: clock, objective: value });
    } else {
      tuner.tell(entry.id, { status: 'Stopped', reason: 'stopped', objective: value });
    }
  };
  for (;;) {
    if (running.length < parallel && run.epochs < capEpochs) {
      const asked = await tuner.ask(parallel - running.length);
      for (const trial of asked) running.push({ id: trial.id, curve: problem.curve(trial.params), step: 0 });
    }
    if (running.length === 0) break;
    clock += 1;
    for (const entry of [...running]) {
      const step = entry.step;
      const value = entry.curve.at(step);
      run.epochs += 1;
      entry.step += 1;
      const observation = { metric: 'f', value, step, line: step + 1 };
      if (hyperband) {
        const report = tuner.reportRung(entry.id, observation);
        if (report.stop !== undefined) finish(entry, true, value, false);
        else if (report.reachedMaxResource || entry.step === problem.steps) finish(entry, false, value, true);
        continue;
      }
      const decision = tuner.report(entry.id, observation);
      if (decision.action === 'stop') finish(entry, true, value, false);
      else if (entry.step === problem.steps) finish(entry, false, value, true);
    }
    // The cap: what still runs is stopped where it is (its configuration counts as tried, not completed).
    if (run.epochs >= capEpochs) {
      for (const entry of [...running]) finish(entry, false, entry.curve.at(entry.step - 1), false, true);
    }
  }
  run.time = clock;
  await tuner.close();
  return run;
}

/** Best completed objective within an epoch budget (Infinity when none completed). */
function bestWithin(run: Run, epochs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const completion of run.completions)
    if (completion.epochs <= epochs) best = Math.min(best, completion.objective);
  return best;
}

/** Epochs and wall time when a completed trial first reached the target (Infinity when never). */
function toTarget(run: Run, target: number): { epochs: number; time: number } {
  const hit = run.completions.find((completion) => completion.objective <= target);
  return hit === undefined ? { epochs: Infinity, time: Infinity } : { epochs: hit.epochs, time: hit.time };
}

/**
 * The configuration a full run ranks best among this run's configurations, when the rule stopped it (each stopped
 * configuration is run to the end to know): at which step, its final value, and the best final value of the run's
 * completed trials (how much the stop cost).
 */
function stoppedBestConfiguration(
  run: Run,
  steps: number,
): { stoppedAtStep: number; final: number; bestCompleted: number } | undefined {
  let best: Run['configurations'][number] | undefined;
  let bestFinal = Number.POSITIVE_INFINITY;
  for (const configuration of run.configurations) {
    const final = configuration.curve.at(steps - 1);
    if (final < bestFinal) {
      bestFinal = final;
      best = configuration;
    }
  }
  if (best === undefined || !best.stopped) return undefined;
  const completed = run.configurations.filter(
    (configuration) => !configuration.stopped && !configuration.cut,
  );
  return {
    stoppedAtStep: best.steps,
    final: round(bestFinal),
    bestCompleted: round(Math.min(...completed.map((configuration) => configuration.curve.at(steps - 1)))),
  };
}

const finite = (value: number): number | null => (Number.isFinite(value) ? round(value) : null);

// ---------------------------------------------------------------------------------------------------------------

for (const problemName of problemNames) {
  const problem = PROBLEMS[problemName];
  if (problem === undefined)
    throw new Error(`unknown problem ${problemName}: use ${Object.keys(PROBLEMS).join(', ')}`);
  const started = performance.now();
  const capEpochs = capTrials * problem.steps;
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  // Full-budget Bayesian first, 30 trials: the best value it reaches is the seed's target for every method. Each
  // method's line is printed as soon as its seeds ran.
  const fullRuns: Run[] = [];
  for (const seed of seeds)
    fullRuns.push(await simulate(problem, methodOf('full'), seed, Number.POSITIVE_INFINITY, 30));
  const targets = fullRuns.map((run) => bestWithin(run, Number.POSITIVE_INFINITY));
  // Easier targets beside it: the best value full-budget Bayesian reaches in its first 10 and 20 trials.
  const targetsAfter = (trials: number) =>
    fullRuns.map((run) => Math.min(...run.completions.slice(0, trials).map((c) => c.objective)));
  const easierTargets = { 10: targetsAfter(10), 20: targetsAfter(20), 30: targets };
  const summary: Record<
    string,
    {
      epochsToTarget: number;
      timeToTarget: number;
      /** Median epochs to the best of full's first 10 / 20 / 30 trials (Infinity: most seeds never got there). */
      epochsByFullTrials: Record<string, number>;
      bestStopped?: number;
    }
  > = {};
  for (const name of methodNames) {
    const method = methodOf(name);
    const list: Run[] = [];
    if (name === 'full') list.push(...fullRuns);
    else for (const seed of seeds) list.push(await simulate(problem, method, seed, capEpochs, 10_000));
    const hits = list.map((run, index) => toTarget(run, targets[index]!));
    const isMedianRule = method.earlyStopping !== 'Off';
    const bestStops = isMedianRule
      ? list.flatMap((run, index) => {
          const stop = stoppedBestConfiguration(run, problem.steps);
          return stop === undefined ? [] : [{ seed: seeds[index], ...stop }];
        })
      : undefined;
    const stoppedBest = bestStops?.length;
    const byFullTrials = Object.fromEntries(
      Object.entries(easierTargets).map(([trials, perSeed]) => {
        const reached = list.map((run, index) => toTarget(run, perSeed[index]!).epochs);
        return [
          trials,
          {
            medianTarget: round(median(perSeed)),
            seedsReaching: reached.filter(Number.isFinite).length,
            medianEpochs: finite(median(reached)),
          },
        ];
      }),
    );
    const line = {
      bench: 'multiFidelity',
      problem: problem.name,
      method: name,
      seeds: seedCount,
      parallel,
      steps: problem.steps,
      medianTarget: round(median(targets)),
      seedsReachingTarget: hits.filter((hit) => Number.isFinite(hit.epochs)).length,
      medianEpochsToTarget: finite(median(hits.map((hit) => hit.epochs))),
      medianTimeToTarget: finite(median(hits.map((hit) => hit.time))),
      // Epochs to reach the best of full-budget Bayesian's first 10, 20 and 30 trials (30 is the target above).
      byFullTrials,
      medianBestAt10Trials: finite(median(list.map((run) => bestWithin(run, 10 * problem.steps)))),
      medianBestAt30Trials: finite(median(list.map((run) => bestWithin(run, 30 * problem.steps)))),
      medianEpochs: median(list.map((run) => run.epochs)),
      medianConfigurations: median(list.map((run) => run.configurations.length)),
      medianCompleted: median(list.map((run) => run.completions.length)),
      ...(stoppedBest === undefined
        ? {}
        : {
            medianStopped: median(list.map((run) => run.configurations.filter((c) => c.stopped).length)),
            medianCut: median(list.map((run) => run.configurations.filter((c) => c.cut === true).length)),
            seedsBestConfigurationStopped: stoppedBest,
            bestConfigurationStopped: bestStops,
          }),
    };
    summary[name] = {
      epochsToTarget: median(hits.map((hit) => hit.epochs)),
      timeToTarget: median(hits.map((hit) => hit.time)),
      epochsByFullTrials: Object.fromEntries(
        Object.entries(byFullTrials).map(([trials, entry]) => [trials, entry.medianEpochs ?? Infinity]),
      ),
      ...(stoppedBest === undefined ? {} : { bestStopped: stoppedBest / seedCount }),
    };
    console.log(JSON.stringify(line));
  }
  const full = summary.full;
  const hb = summary.hyperband;
  const model = summary['hyperband-model'];
  const medianNew = summary['median-new'];
  console.log(
    JSON.stringify({
      bench: 'multiFidelity',
      problem: problem.name,
      summary: true,
      seconds: round((performance.now() - started) / 1000),
      targets: {
        hyperbandThirdOfFullEpochs:
          full === undefined || hb === undefined ? null : hb.epochsToTarget <= full.epochsToTarget / 3,
        modelBeatsPlainHyperband:
          hb === undefined || model === undefined ? null : model.epochsToTarget < hb.epochsToTarget,
        // tunekit's Hyperband samples with the model by default (hyperband.sampler: Bayesian).
        modelHyperbandThirdOfFullEpochs:
          full === undefined || model === undefined ? null : model.epochsToTarget <= full.epochsToTarget / 3,
        medianNewBestStoppedUnder5Percent:
          medianNew?.bestStopped === undefined ? null : medianNew.bestStopped < 0.05,
      },
      // Each method's median epochs over full-budget Bayesian's, to the best of full's first 10 / 20 / 30 trials.
      epochRatioToFull:
        full === undefined
          ? null
          : Object.fromEntries(
              Object.entries(summary)
                .filter(([name]) => name !== 'full')
                .map(([name, { epochsByFullTrials }]) => [
                  name,
                  Object.fromEntries(
                    Object.entries(epochsByFullTrials).map(([trials, epochs]) => [
                      trials,
                      finite(epochs / full.epochsByFullTrials[trials]!),
                    ]),
                  ),
                ]),
            ),
    }),
  );
}
