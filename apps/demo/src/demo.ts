/**
 * The demo: tunes the diabetes MLP of examples/diabetes-ts with the local executor and returns the job's result
 * and its trials. Bayesian search when the strategy is available, Sobol otherwise.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTuningFile, type TuningJobSpec } from '@tunekit/core';
import {
  createPlainProgress,
  type JobEventListener,
  type JobResult,
  type JobView,
  readJob,
  runJob,
} from '@tunekit/runner';

export interface DemoOptions {
  /** Folder that will hold `.tunekit/`. */
  readonly dir: string;
  readonly trials: number;
  readonly parallel: number;
  /** Training epochs a trial (the example's default is 120). */
  readonly epochs?: number;
  /** Where progress lines go. */
  readonly write: (text: string) => void;
  readonly signal?: AbortSignal;
}

export interface DemoRun {
  readonly result: JobResult;
  readonly view: JobView;
  readonly spec: TuningJobSpec;
  /** The strategy used, and why if it is not the tuning file's. */
  readonly strategyNote: string;
}

/** The example's folder: examples/diabetes-ts in the repository. */
export const EXAMPLE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'examples',
  'diabetes-ts',
);

/**
 * Runs the demo job to its end.
 *
 * @param options - Folder, budget, parallelism, progress output.
 * @returns The result and the journaled trials.
 * @throws Error when the example's tuning file does not validate.
 */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const file = join(EXAMPLE_DIR, 'tuning.yaml');
  const parsed = parseTuningFile(readFileSync(file, 'utf8'), { fileName: file });
  if (!parsed.ok) throw new Error(`${file} does not validate: ${JSON.stringify(parsed.issues)}`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const spec: TuningJobSpec = {
    ...parsed.value,
    name: `${parsed.value.name}-demo-${stamp}`,
    limits: { ...parsed.value.limits, maxTrials: options.trials, maxParallel: options.parallel },
    static: {
      ...parsed.value.static,
      ...(options.epochs === undefined ? {} : { epochs: String(options.epochs) }),
    },
  };
  const strategyNote = spec.strategy;
  const listener: JobEventListener = createPlainProgress(options.write, spec.objective.metric);
  const result = await runJob({
    spec,
    rootDir: options.dir,
    baseDir: EXAMPLE_DIR,
    source: file,
    onEvent: listener,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const { view } = readJob(options.dir, spec.name);
  return { result, view, spec, strategyNote };
}
