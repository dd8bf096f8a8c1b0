/**
 * The TypeScript client in a browser: @tunekit/client bundled for `platform: 'browser'`, loaded in a page of
 * headless Chromium, runs a worker loop against the real `tunekit serve` until the job is done. The page is
 * served on the server's own origin (Playwright answers one path of it), so its `fetch` calls reach the real
 * server without CORS. Skipped, with the reason, where Chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_LAUNCH } from '../../../tooling/chromium.ts';
import { useWorkspaces } from './helpers/cli.ts';
import { killServe, type Served, startServe } from './helpers/serve.ts';

const skipReason = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
if (skipReason !== undefined) console.warn(`tsClientBrowser.test.ts skipped: ${skipReason}`);

const newWorkspace = useWorkspaces();
let served: Served | undefined;
afterAll(async () => {
  if (served !== undefined && served.child.exitCode === null) await killServe(served);
});

/** @tunekit/client as one browser script that defines the global `tunekitClient`. */
async function bundleClient(): Promise<string> {
  const result = await build({
    // Resolved as the runner resolves it: the workspace package, from its sources.
    stdin: { contents: "export * from '@tunekit/client';", resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'tunekitClient',
    target: 'es2022',
    conditions: ['@tunekit/source'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe.skipIf(skipReason !== undefined)('the TypeScript client in headless Chromium', () => {
  it('runs a worker loop against tunekit serve until the job is done', async () => {
    const ws = newWorkspace('ts-browser');
    const file = ws.writeTuningFile({
      executor: { remote: { leaseSeconds: 10, heartbeatSeconds: 1 } },
      limits: { maxTrials: 3, maxParallel: 1 },
    });
    served = await startServe(file, ws.dir);
    const script = await bundleClient();
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.route(`${served.url}/worker.html`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>worker</title>' }),
      );
      await page.goto(`${served.url}/worker.html`);
      await page.addScriptTag({ content: script });
      expect(await page.evaluate('[typeof process, typeof Buffer, typeof require]')).toEqual([
        'undefined',
        'undefined',
        'undefined',
      ]);
      const ran = (await page.evaluate(`(async () => {
        const study = await tunekitClient.connect(${JSON.stringify(served.url)}, ${JSON.stringify(served.token)});
        const ran = [];
        for await (const trial of study) {
          const x = Number(trial.params.x);
          let loss = 0;
          for (let step = 0; step < 3; step++) {
            loss = (x - 0.3) ** 2 + 1 / (step + 1);
            await trial.report(step, loss);
          }
          await trial.complete(loss);
          ran.push({ id: trial.id, loss, worker: study.worker });
        }
        return ran;
      })()`)) as { id: number; loss: number; worker: string }[];
      expect(ran).toHaveLength(3);
      expect(ran[0]!.worker).toMatch(/^browser:[0-9a-f]{8}$/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
    expect((await served.done).code).toBe(0);
    const finished = ws.journal().filter((event) => event.type === 'trialFinished');
    expect(finished.map((event) => (event.outcome as { status: string }).status)).toEqual([
      'Completed',
      'Completed',
      'Completed',
    ]);
  }, 90_000);
});
