/**
 * `@tunekit/core` runs unchanged in a browser: its entry point bundles for `platform: 'browser'` with no Node
 * built-in and no Node global, the bundle runs an ask/tell loop (Bayesian and Sobol) in a realm that has only
 * what a browser has (with the same suggestions as in Node), and, when a Chromium is installed, in headless
 * Chromium. There a 50-trial Bayesian job and a Sobol job equal Node's bit for bit: scaling, the Gaussian
 * process, the acquisition and the random draws use core's fdlibm exp/log (`src/math/`), never Math.exp, Math.log
 * or trigonometry, which are not correctly rounded and which V8 changed between Node 20 and a current Chromium
 * (they disagreed on about 1 exp in 10, and the runs parted after a few model-based trials). CI installs
 * Chromium; where none can be installed, the Chromium part is skipped with the reason.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_LAUNCH } from '../../../tooling/chromium.ts';
import * as core from '../src/index.ts';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Core's entry bundled for a browser: one IIFE script that defines `tunekit`. */
async function bundle() {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'tunekit',
    target: 'es2022',
    conditions: ['@tunekit/source'],
    write: false,
    metafile: true,
    minify: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * A small job through the public API, as a page would run it. It is serialised with `toString()` and run in
 * other realms, so it uses nothing but its arguments.
 */
async function askTellJob(tunekit: typeof core, strategy: string, maxTrials = 9) {
  const file = [
    `name: browser-${strategy.toLowerCase()}`,
    'objective: { metric: loss, type: Minimize }',
    "metrics: [{ name: loss, regex: 'loss=([-+0-9.eE]+)' }]",
    `strategy: ${strategy}`,
    'parameters:',
    '  x: { type: continuous, min: 0.001, max: 10, scaling: Logarithmic }',
    '  y: { type: continuous, min: -2, max: 2 }',
    '  kind: { type: categorical, values: [a, b] }',
    `limits: { maxTrials: ${maxTrials}, maxParallel: 2 }`,
    'seed: 11',
    'executor: { local: { command: [python3, train.py] } }',
  ].join('\n');
  const parsed = tunekit.parseTuningFile(file);
  if (!parsed.ok) throw new Error(parsed.issues.map(tunekit.formatIssue).join('\n'));
  const tuner = tunekit.createTuner(parsed.value);
  for (let batch = await tuner.ask(2); batch.length > 0; batch = await tuner.ask(2)) {
    for (const trial of batch) {
      // Only exact-rounded arithmetic (Math.log10 or ** would differ between engines in the last bit, and so
      // would the job: the objective is the test's, not the tuner's).
      const x = Math.sqrt(Number(trial.params.x));
      const y = Number(trial.params.y);
      const loss = (x - 1.8) * (x - 1.8) + (y - 1) * (y - 1) + (trial.params.kind === 'a' ? 0 : 0.3);
      // The objective goes through the metric parser, as a training job's log line would.
      const parser = tunekit.createMetricParser(parsed.value.metrics);
      const seen = [...parser.push(`epoch 1 loss=${loss}\n`), ...parser.end()];
      tuner.tell(trial.id, { status: 'Completed', objective: tunekit.objectiveOf(seen, 'loss')! });
    }
  }
  return {
    completion: tuner.completion(),
    units: tuner.trials().map((trial) => trial.unit),
    params: tuner.trials().map((trial) => trial.params),
    best: tuner.best()?.objective,
  };
}

describe('core in a browser', () => {
  it('bundles for the browser with no Node built-in and no Node global', async () => {
    const { code, inputs } = await bundle();
    expect(
      inputs.filter((input) => input.startsWith('node:') || !/\.(ts|js|mjs|cjs|json)$/.test(input)),
    ).toEqual([]);
    expect(
      code.match(
        /\b(process|Buffer|global)\s*[.[(]|\brequire\s*\(|\b__(dirname|filename)\b|\bsetImmediate\b/g,
      ),
    ).toBeNull();
  }, 60_000);

  it("runs an ask/tell loop with only a browser's globals, with the same suggestions as in Node", async () => {
    const { code } = await bundle();
    // A fresh realm has only the language's built-ins; add what every browser has and nothing of Node's.
    const realm = createContext({
      console,
      TextEncoder,
      TextDecoder,
      URL,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      structuredClone,
    });
    runInContext(code, realm);
    expect(runInContext('[typeof process, typeof Buffer, typeof require, typeof global]', realm)).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
    for (const strategy of ['Bayesian', 'Sobol']) {
      const inRealm = await runInContext(
        `(${askTellJob.toString()})(tunekit, ${JSON.stringify(strategy)})`,
        realm,
      );
      const inNode = await askTellJob(core, strategy);
      expect(inNode.completion).toEqual({ done: true, reason: 'maxTrials' });
      expect(inNode.params).toHaveLength(9);
      // Through JSON: objects made in the other realm have that realm's prototypes.
      expect(JSON.parse(JSON.stringify(inRealm))).toEqual(inNode);
    }
  }, 60_000);

  it('runs the ask/tell loop in headless Chromium with the same trials as Node bit for bit: Sobol, and Bayesian for 50 trials', async (context) => {
    if (!existsSync(CHROMIUM)) {
      context.skip(`no Chromium at ${CHROMIUM} (install it with apt-get install chromium to run this test)`);
    }
    const { chromium } = await import('playwright-core');
    const { code } = await bundle();
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.addScriptTag({ content: code });
      expect(await page.evaluate('[typeof process, typeof Buffer, typeof require]')).toEqual([
        'undefined',
        'undefined',
        'undefined',
      ]);
      for (const [strategy, maxTrials] of [
        ['Sobol', 9],
        ['Bayesian', 50],
      ] as const) {
        const inBrowser = (await page.evaluate(
          `(${askTellJob.toString()})(tunekit, ${JSON.stringify(strategy)}, ${maxTrials})`,
        )) as Awaited<ReturnType<typeof askTellJob>>;
        const inNode = await askTellJob(core, strategy, maxTrials);
        expect(inNode.params).toHaveLength(maxTrials);
        // Every unit coordinate, hyperparameter and the best value: the same bits as in Node.
        expect(inBrowser).toEqual(inNode);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
