/**
 * The dashboard end to end, as a user meets it: a real job run by `tunekit tune` with a slow training script, the
 * real `tunekit dashboard --port 0`, and the built page in headless Chromium. The trial count rises on the job page
 * without a reload, a running trial's log grows on its page, brushing a parallel-coordinates axis filters the
 * trials table, and a screenshot is saved (to docs/dashboard.png with TUNEKIT_SCREENSHOT=1, else to a temporary
 * folder, so that CI does not change the tree). Skipped, with the reason, where Chromium is not installed.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiJobDetail } from '@tunekit/dashboard/api';
import { appDir } from '@tunekit/dashboard/assets';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_LAUNCH } from '../../../tooling/chromium.ts';
import { type StartedCli, startCli, useWorkspaces, waitFor } from './helpers/cli.ts';

const skipReason = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`
  : !existsSync(join(appDir, 'index.html'))
    ? `the dashboard's page is not built in ${appDir} (pnpm build)`
    : undefined;
if (skipReason !== undefined) console.warn(`dashboard end-to-end test skipped: ${skipReason}`);

const workspace = useWorkspaces();
const TRIALS = 8;

describe.skipIf(skipReason !== undefined)('the dashboard in Chromium, on a job being run', () => {
  let browser: Browser;
  let page: Page;
  let tuner: StartedCli;
  let dashboard: StartedCli;
  let url: string;

  beforeAll(async () => {
    const ws = workspace('e2e');
    const file = ws.writeTuningFile({
      // 16 lines over 4.8 s a trial: a trial opened while it runs still has lines to print once its page is up,
      // even on a loaded machine (with 8 over 2.4 s, a trial had printed them all by then in one CI run).
      static: { steps: '16', sleep_ms: '4800' },
      limits: { maxTrials: TRIALS, maxParallel: 2 },
    });
    tuner = startCli(['tune', file], ws.dir);
    dashboard = startCli(['dashboard', '--port', '0'], ws.dir);
    await waitFor(() => /http:\/\/\S+\//.test(dashboard.output().stdout), 30_000, "the dashboard's URL");
    url = /tunekit dashboard: (http:\/\/\S+\/)/.exec(dashboard.output().stdout)![1]!;
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    tuner?.child.kill('SIGINT');
    dashboard?.child.kill('SIGTERM');
    await Promise.all([tuner?.done, dashboard?.done]);
  });

  const detail = async (): Promise<ApiJobDetail> =>
    (await (await fetch(`${url}api/jobs/e2e`)).json()) as ApiJobDetail;
  const trialCount = async (): Promise<number> =>
    Number((await page.getByTestId('trial-count').first().textContent())!.split('/')[0]);

  it('shows the trial count rising without a reload', async () => {
    // Under the server's content security policy, nothing the page does is refused.
    await page.addInitScript({
      content: `globalThis.refused = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          globalThis.refused.push(event.violatedDirective + ' ' + event.blockedURI));`,
    });
    const response = await page.goto(`${url}#/jobs/e2e`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByTestId('trial-count').waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const first = await trialCount();
    const seen = new Set([first]);
    const start = Date.now();
    while (seen.size < 3 && Date.now() - start < 40_000) {
      seen.add(await trialCount());
      await page.waitForTimeout(100);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen)).toBeGreaterThan(first);
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    expect(await page.evaluate(() => (globalThis as unknown as { refused: string[] }).refused)).toEqual([]);
  }, 60_000);

  it("follows a running trial's log as it grows", async () => {
    // The trial that started last: it has the most of its log still to print.
    let running: number | undefined;
    for (let tries = 0; running === undefined && tries < 200; tries++) {
      running = (await detail()).trials
        .filter((trial) => trial.status === 'Running')
        .sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''))[0]?.trial;
      if (running === undefined) await page.waitForTimeout(100);
    }
    expect(running).toBeDefined();
    await page.goto(`${url}#/jobs/e2e/trials/${running}`);
    const log = page.getByTestId('log');
    await log.filter({ hasText: 'loss=' }).waitFor({ timeout: 20_000 });
    const lines = async (): Promise<number> =>
      ((await log.textContent()) ?? '').split('\n').filter(Boolean).length;
    const before = await lines();
    const start = Date.now();
    while ((await lines()) <= before && Date.now() - start < 10_000) await page.waitForTimeout(100);
    expect(await lines()).toBeGreaterThan(before);
    expect(await page.getByTestId('trial-status').textContent()).toBe('Running');
  }, 60_000);

  it('filters the trials table by brushing the objective axis of the parallel coordinates', async () => {
    const result = await tuner.done;
    expect(result.code, result.stderr).toBe(0);
    await page.goto(`${url}#/jobs/e2e`);
    await page
      .getByTestId('trial-count')
      .filter({ hasText: `${TRIALS}/${TRIALS}` })
      .waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="parallel-coordinates"] canvas').first().waitFor();
    const rowIds = async (): Promise<number[]> =>
      (
        await page
          .locator('[data-testid^="trial-row-"]')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!))
      ).map((id) => Number(id.slice('trial-row-'.length)));
    expect(await rowIds()).toHaveLength(TRIALS);
    // The mouse reaches only what is in the viewport.
    await page.getByTestId('parallel-coordinates').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('parallel-coordinates').boundingBox())!;
    // The objective is the last axis, at the right edge of the plot area (the page's layout,
    // dashboard/src/charts/parallelChart.ts: right 150, top 56, bottom 36): brush its upper half.
    const x = box.x + box.width - 150;
    const top = box.y + 56;
    const bottom = box.y + box.height - 36;
    await page.mouse.move(x, top + 2);
    await page.mouse.down();
    await page.mouse.move(x, top + (bottom - top) * 0.5, { steps: 8 });
    await page.mouse.up();
    await page.getByTestId('clear-brush').waitFor();
    const shown = await rowIds();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(TRIALS);
    // A brush on the objective keeps one side of the values: every trial shown is on the same side of every
    // trial hidden.
    const objective = new Map((await detail()).trials.map((trial) => [trial.trial, trial.objective!]));
    const shownValues = shown.map((id) => objective.get(id)!);
    const hiddenValues = [...objective].filter(([id]) => !shown.includes(id)).map(([, value]) => value);
    const above = Math.min(...shownValues) > Math.max(...hiddenValues);
    const below = Math.max(...shownValues) < Math.min(...hiddenValues);
    expect(above || below).toBe(true);

    const path =
      process.env.TUNEKIT_SCREENSHOT === '1'
        ? join(import.meta.dirname, '..', '..', '..', 'docs', 'dashboard.png')
        : join(mkdtempSync(join(tmpdir(), 'tunekit-dashboard-')), 'dashboard.png');
    await page.getByTestId('clear-brush').click();
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(10_000);
    console.log(`dashboard screenshot: ${path}`);
  }, 90_000);
});
