/**
 * A piscina pool that runs the Bayesian strategy's acquisition work on worker threads.
 *
 * A score job's candidates are cut into contiguous chunks, one a thread (none smaller than
 * MIN_CANDIDATES_PER_TASK); a refine job's starts are dealt out the same way. Each task gets its own copy of
 * the model and its slice of points, all moved (transferred), not cloned. Every candidate and start is
 * computed by the same pure function as in one thread, so the pool returns exactly what
 * `createLocalEvaluator()` returns.
 *
 * The thread script is `acquisitionTask.js` beside this file once built; when this file runs from its
 * TypeScript source (tests, `--conditions=@tunekit/source`), threads load `acquisitionTask.ts` through tsx
 * with the same condition, so they never pick up a stale `core/dist`.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  type AcquisitionEvaluator,
  keepTopScores,
  type RefineJob,
  type RefineResult,
  type ScoreJob,
} from '@tunekit/core/acquisition';
import { Piscina } from 'piscina';
import { type AcquisitionTask, transferableModel } from './taskTypes.ts';

/** Chunks smaller than this are not worth a message to a thread. */
const MIN_CANDIDATES_PER_TASK = 256;

/** Options of {@link createAcquisitionPool}. */
export interface AcquisitionPoolOptions {
  /** Number of worker threads; default `os.availableParallelism()`. */
  readonly threads?: number;
}

/** An acquisition evaluator backed by worker threads; `close()` ends them (a second call does nothing). */
export interface AcquisitionPool extends AcquisitionEvaluator {
  /** Number of threads of the pool. */
  readonly threads: number;
  /**
   * Resolves once a thread has loaded the task script and answered; rejects when threads cannot start.
   *
   * @returns nothing.
   */
  ready(): Promise<void>;
}

/**
 * Creates a pool of worker threads that evaluates the acquisition function in parallel.
 *
 * @param options - the number of threads (default: the machine's available parallelism).
 * @returns an evaluator to pass to the Bayesian strategy (or the tuner); close it when the job ends.
 * @throws RangeError when `threads` is not a positive integer.
 * @example
 * const pool = createAcquisitionPool({ threads: 2 });
 * const tuner = createTuner(spec, { evaluator: pool });
 * // ... ask / tell ...
 * await tuner.close(); await pool.close();
 */
export function createAcquisitionPool(options: AcquisitionPoolOptions = {}): AcquisitionPool {
  const threads = options.threads ?? Math.max(1, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`createAcquisitionPool: threads must be a positive integer, got ${threads}`);
  }
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './acquisitionTask.ts' : './acquisitionTask.js', import.meta.url)
    .href;
  const execArgv = fromSource
    ? [
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
        '--conditions=@tunekit/source',
      ]
    : [];
  const pool = new Piscina({ filename, minThreads: threads, maxThreads: threads, execArgv });

  // Closed once: the strategy closes its evaluator with the tuner, and the job that created the pool closes it
  // again when it ends. After that, work is refused instead of silently starting new threads.
  let closing: Promise<void> | undefined;
  const run = <T>(task: AcquisitionTask, transferList: ArrayBuffer[]): Promise<T> =>
    closing === undefined
      ? (pool.run(task, { transferList }) as Promise<T>)
      : Promise.reject(new Error('the acquisition pool is closed; create a new one for another job'));

  async function score(job: ScoreJob): Promise<Float64Array> {
    const d = job.model.dimension;
    const count = job.candidates.length / d;
    const ranges = split(count, threads, MIN_CANDIDATES_PER_TASK);
    const parts = await Promise.all(
      ranges.map(([from, to]) => {
        const { model, transferList } = transferableModel(job.model);
        const candidates = job.candidates.slice(from * d, to * d);
        transferList.push(candidates.buffer as ArrayBuffer);
        return run<Float64Array>(
          { kind: 'score', job: { model, incumbent: job.incumbent, candidates, top: job.top } },
          transferList,
        );
      }),
    );
    const scores = concatenate(parts, count);
    // Each chunk kept its own best `top`; the job's best `top` are among them, and only those stay.
    return job.top === undefined ? scores : keepTopScores(scores, job.top);
  }

  async function refine(job: RefineJob): Promise<RefineResult> {
    const d = job.model.dimension;
    const count = job.starts.length / d;
    const ranges = split(count, threads, 1);
    const parts = await Promise.all(
      ranges.map(([from, to]) => {
        const { model, transferList } = transferableModel(job.model);
        const starts = job.starts.slice(from * d, to * d);
        transferList.push(starts.buffer as ArrayBuffer);
        return run<Float64Array>({ kind: 'refine', job: { ...job, model, starts } }, transferList);
      }),
    );
    // Each part is its points (k_i × d) followed by their k_i scores.
    const points = new Float64Array(count * d);
    const values = new Float64Array(count);
    let offset = 0;
    for (const part of parts) {
      const k = part.length / (d + 1);
      points.set(part.subarray(0, k * d), offset * d);
      values.set(part.subarray(k * d), offset);
      offset += k;
    }
    return { points, values };
  }

  async function ready(): Promise<void> {
    const answer = await run<string>({ kind: 'ping' }, []);
    if (answer !== 'pong') throw new Error(`acquisition thread answered ${String(answer)} to a ping`);
  }

  return {
    threads,
    ready,
    score,
    refine,
    close: () => {
      closing ??= pool.destroy();
      return closing;
    },
  };
}

/** Splits [0, count) into at most `parts` contiguous ranges of at least `minimum` items (one range if fewer). */
function split(count: number, parts: number, minimum: number): Array<[number, number]> {
  const chunks = Math.max(1, Math.min(parts, Math.floor(count / minimum)));
  const ranges: Array<[number, number]> = [];
  for (let c = 0; c < chunks; c++) {
    ranges.push([Math.floor((c * count) / chunks), Math.floor(((c + 1) * count) / chunks)]);
  }
  return ranges;
}

function concatenate(parts: readonly Float64Array[], length: number): Float64Array {
  const out = new Float64Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
