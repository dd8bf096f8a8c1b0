/**
 * The page itself in headless Chromium: built by Vite, served with canned API answers of a fixture job by a small
 * server this test starts on 127.0.0.1 (the real server is driven by the runner's end-to-end test). It checks that
 * the job page draws its charts with axis titles and legends, that the table sorts and filters, that brushing a
 * parallel axis filters the table, that an event on the stream shows without a reload, the trial page's log, the
 * dark scheme, the static report offline, and a noisy job whose reported best is the model's choice, said as such
 * with the best observed trial beside it. Screenshots go to a temporary folder (printed) to look at.
 * Where no Chromium is installed the test is skipped with the reason.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_LAUNCH } from '../../../tooling/chromium.ts';
import type { ApiEventMessage, ApiJobDetail, ApiTrial } from '../src/api.ts';
import { renderReportHtml } from '../src/assets.ts';
import { formatNumber } from '../src/charts/format.ts';
import { noisyJob, noisyRecommendation } from './noisyJob.ts';
import { xgbJob } from './xgbJob.ts';

const require = createRequire(import.meta.url);
const hasChromium = existsSync(CHROMIUM);
const shots = mkdtempSync(join(tmpdir(), 'tunekit-page-'));
const pageDir = join(shots, 'app');

const job: ApiJobDetail = {
  ...xgbJob(60),
  summary: { ...xgbJob(60).summary, status: 'InProgress', tunerPid: 4242 },
};
/** A job past 2,000 trials: its panels below the first screen are drawn only once scrolled near. */
const big: ApiJobDetail = {
  ...xgbJob(2500, 'big'),
  summary: { ...xgbJob(2500, 'big').summary, status: 'InProgress', tunerPid: 4243 },
};
/** A Bayesian job under significant noise: the model's choice (trial 12) is not the best observed trial (7). */
const noisy: ApiJobDetail = {
  ...noisyJob(),
  summary: { ...noisyJob().summary, status: 'InProgress', tunerPid: 4244 },
};
const jobs = new Map([job, big, noisy].map((entry) => [entry.summary.name, entry]));
const NOISY_BEST = 'trial 12 — estimated loss 0.61 (observed 0.52); noise std ≈ 0.3 from 40 trials';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The fixture API and the built page; a job's `/events` streams what `push` sends for it. */
function fixtureServer(): {
  server: Server;
  push: (message: ApiEventMessage, name?: string) => void;
} {
  const streams = new Map<ServerResponse, string>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const json = (value: unknown, status = 200) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (url.pathname === '/api/jobs')
      return json([
        job.summary,
        noisy.summary,
        { name: 'broken', status: 'Damaged', problem: 'journal.jsonl line 3 is not JSON' },
      ]);
    const named = /^\/api\/jobs\/([^/]+)(\/events)?$/.exec(url.pathname);
    const detail = named === null ? undefined : jobs.get(named[1]!);
    if (detail !== undefined && named![2] === undefined) return json(detail);
    if (detail !== undefined) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': hello\n\n');
      streams.set(response, detail.summary.name);
      request.on('close', () => streams.delete(response));
      return;
    }
    const trialMatch = /^\/api\/jobs\/[^/]+\/trials\/(\d+)(\/log)?$/.exec(url.pathname);
    if (trialMatch !== null) {
      const trial = job.trials.find((entry) => entry.trial === Number(trialMatch[1]));
      if (trial === undefined) return json({ error: 'no such trial' }, 404);
      if (trialMatch[2] !== undefined) {
        const text = Array.from(
          { length: 20 },
          (_, step) => `[${step + 1}] validation-rmse:${trial.curve[step]?.[1] ?? ''}\n`,
        ).join('');
        const from = Number(url.searchParams.get('from') ?? 0);
        const piece = Buffer.from(text).subarray(from);
        response.writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          'x-log-offset': String(from + piece.length),
          'x-trial-status': trial.status,
        });
        return response.end(piece);
      }
      return json({
        trial,
        metricCurves: {
          'validation:rmse': trial.curve,
          'train:rmse': trial.curve.map(([s, v]) => [s, v * 0.8]),
        },
        live: false,
      });
    }
    if (url.pathname.startsWith('/api/')) return json({ error: 'not found' }, 404);
    const file = join(pageDir, url.pathname === '/' ? 'index.html' : url.pathname.slice(1));
    if (!file.startsWith(pageDir) || !existsSync(file) || !statSync(file).isFile())
      return json({ error: 'not found' }, 404);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  const push = (message: ApiEventMessage, name = job.summary.name) => {
    for (const [stream, streamed] of streams)
      if (streamed === name)
        stream.write(`id: ${message.offset}\nevent: journal\ndata: ${JSON.stringify(message)}\n\n`);
  };
  return { server, push };
}

/** The text description (aria-label) of a chart. */
async function chartLabel(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().getAttribute('aria-label')) ?? '';
}

/** Trial ids of the table's rows, in order. */
async function rowIds(page: Page): Promise<number[]> {
  const ids = await page
    .locator('[data-testid^="trial-row-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')));
  return ids.map((id) => Number(id!.slice('trial-row-'.length)));
}

describe.skipIf(!hasChromium)('the dashboard page in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let fixture: ReturnType<typeof fixtureServer>;
  let origin: string;

  beforeAll(async () => {
    // Built by Vite's command into a folder of its own: dist/app may be read meanwhile by the runner's tests.
    execFileSync(
      process.execPath,
      [
        join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'),
        'build',
        '--outDir',
        pageDir,
        '--emptyOutDir',
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'ignore' },
    );
    fixture = fixtureServer();
    await new Promise<void>((resolve) => fixture.server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(fixture.server.address() as AddressInfo).port}`;
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
    console.log(`screenshots in ${shots}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => fixture?.server.close(resolve));
    fixture?.server.closeAllConnections();
  });

  it('lists the jobs, live ones marked, and opens a job from its link', async () => {
    await page.goto(`${origin}/#/`);
    await page.getByTestId('job-link-xgb-diabetes').waitFor();
    const row = page.locator('tr', { has: page.getByTestId('job-link-xgb-diabetes') });
    expect(await row.textContent()).toContain('live');
    expect(await row.textContent()).not.toContain("model's choice");
    // Under significant noise the list says the best is the model's choice, the observed best in its title.
    const noisy = page.locator('tr', { has: page.getByTestId('job-link-noisy-branin') });
    await page.screenshot({ path: join(shots, 'jobs.png') });
    const mark = noisy.getByTestId('jobs-mark-choice');
    expect(await mark.textContent()).toBe("model's choice");
    expect(await noisy.textContent()).toContain('0.52');
    expect(await mark.getAttribute('title')).toBe(
      "The objective is noisy (noise std ≈ 0.3): the model's estimate of this trial is 0.61; best observed 0.31 (trial 7)",
    );
    expect(await page.locator('tr', { hasText: 'broken' }).textContent()).toContain(
      'journal.jsonl line 3 is not JSON',
    );
    await page.getByTestId('job-link-xgb-diabetes').click();
    await page.getByTestId('trial-count').waitFor();
    expect(await page.getByTestId('trial-count').textContent()).toBe(`60/70`);
  });

  it('draws every chart with axis titles and a legend', async () => {
    // The charts are drawn one after the other, behind the page's events: wait for the last ones.
    for (const id of ['history', 'parallel-coordinates', 'contour', 'slice-booster'])
      await page.locator(`[data-testid="${id}"] canvas`).first().waitFor();
    expect(await chartLabel(page, 'history')).toBe(
      'Optimization history; x axis: trial number; y axis: validation:rmse (lower is better); legend: Completed, Stopped (early value), Failed, Best so far.',
    );
    expect(await chartLabel(page, 'intermediate')).toMatch(
      /x axis: step; y axis: validation:rmse; legend: Completed, Stopped/,
    );
    expect(await chartLabel(page, 'parallel-coordinates')).toContain(
      'axes: eta, max_depth, subsample, booster, validation:rmse',
    );
    expect(await chartLabel(page, 'importance')).toContain('x axis: importance (share of variance)');
    expect(await chartLabel(page, 'contour')).toContain('x axis: eta; y axis: max_depth');
    expect(await chartLabel(page, 'slice-eta')).toContain('x axis: eta (log scale)');
    for (const id of [
      'history',
      'intermediate',
      'parallel-coordinates',
      'importance',
      'contour',
      'slice-booster',
    ])
      expect(await page.locator(`[data-testid="${id}"] canvas`).count(), id).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, 'job-light.png'), fullPage: true });
  });

  it('sorts the table and filters it by status and objective', async () => {
    await page.getByTestId('sort-objective').click();
    const completed = job.trials.filter(
      (trial) => trial.status === 'Completed' || trial.status === 'Stopped',
    );
    const byObjective = [...completed]
      .sort((a, b) => a.objective! - b.objective!)
      .map((trial) => trial.trial);
    expect((await rowIds(page)).slice(0, 5)).toEqual(byObjective.slice(0, 5));
    await page.getByTestId('sort-objective').click();
    expect((await rowIds(page)).slice(0, 3)).toEqual([...byObjective].reverse().slice(0, 3));
    await page.getByTestId('filter-status-Failed').check();
    const failed = job.trials.filter((trial) => trial.status === 'Failed').map((trial) => trial.trial);
    expect((await rowIds(page)).sort((a, b) => a - b)).toEqual(failed);
    await page.getByTestId('filter-status-Failed').uncheck();
    await page.getByTestId('filter-objective-max').fill('70');
    const under = job.trials.filter((trial) => trial.objective !== undefined && trial.objective <= 70).length;
    expect(await rowIds(page)).toHaveLength(under);
    await page.getByTestId('filter-objective-max').fill('');
    expect(await rowIds(page)).toHaveLength(60);
  });

  it('filters the table by brushing a parallel axis', async () => {
    await page.getByTestId('parallel-coordinates').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('parallel-coordinates').boundingBox())!;
    // The objective axis is the last: at the right edge of the parallel area (left 60, right 150, top 56, bottom 36).
    const x = box.x + box.width - 150;
    const top = box.y + 56;
    const bottom = box.y + box.height - 36;
    await page.mouse.move(x, top + 4);
    await page.mouse.down();
    await page.mouse.move(x, top + (bottom - top) * 0.3, { steps: 8 });
    await page.mouse.up();
    await page.getByTestId('clear-brush').waitFor();
    const ids = await rowIds(page);
    const completed = job.trials
      .filter((trial) => trial.status === 'Completed')
      .map((trial) => trial.objective!);
    const [low, high] = [Math.min(...completed), Math.max(...completed)];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(completed.length);
    // The top 30% of the axis holds the highest (worst) values only.
    for (const id of ids) expect(job.trials[id - 1]!.objective!).toBeGreaterThan(low + (high - low) * 0.5);
    await page.screenshot({ path: join(shots, 'brushed.png'), fullPage: true });
    await page.getByTestId('clear-brush').click();
    expect(await rowIds(page)).toHaveLength(60);
  });

  it('shows an event from the stream without reloading', async () => {
    const marker = await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
      return 1;
    });
    const trial: ApiTrial = {
      ...job.trials[0]!,
      trial: 61,
      status: 'Completed',
      objective: 42,
      curve: [
        [1, 60],
        [2, 42],
      ],
    };
    const summary = {
      ...job.summary,
      counts: { ...job.summary.counts, total: 61, completed: job.summary.counts.completed + 1 },
    };
    const sent = Date.now();
    fixture.push({
      offset: job.offset + 100,
      type: 'trialFinished',
      event: { type: 'trialFinished' },
      trial,
      summary,
    });
    await page.getByTestId('trial-count').filter({ hasText: '61/70' }).waitFor({ timeout: 5000 });
    expect(Date.now() - sent).toBeLessThan(1000);
    await page.getByTestId('trial-row-61').waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(marker);
  });

  it('shows the best as before on a job without a recommendation: no model choice, one best row', async () => {
    await page.goto(`${origin}/#/jobs/xgb-diabetes`);
    await page.getByTestId('best').waitFor();
    const best = job.summary.best!;
    expect(await page.getByTestId('best').textContent()).toBe(
      `${formatNumber(best.objective)} (trial ${best.trial})`,
    );
    expect(await page.locator('dt', { hasText: /^best$/ }).count()).toBe(1);
    expect(await page.getByTestId('best-observed').count()).toBe(0);
    expect(await page.locator('[data-testid^="mark-"]').count()).toBe(0);
    expect(await page.locator('tr.best').count()).toBe(1);
    expect(await page.getByTestId(`trial-row-${best.trial}`).getAttribute('class')).toContain('best');
    expect(await page.locator('tr.best-observed').count()).toBe(0);
  });

  it("says plainly when the reported best is the model's choice under noise, the best observed beside it", async () => {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
    await tab.goto(`${origin}/#/jobs/noisy-branin`);
    await tab.getByTestId('best').waitFor();
    expect(
      await tab
        .locator('dt', { has: tab.locator('xpath=following-sibling::dd[1][@data-testid="best"]') })
        .textContent(),
    ).toBe("best (model's choice under noise)");
    expect(await tab.getByTestId('best').textContent()).toBe(NOISY_BEST);
    expect(await tab.getByTestId('best').locator('a').getAttribute('href')).toBe(
      '#/jobs/noisy-branin/trials/12',
    );
    expect(await tab.getByTestId('best-observed').textContent()).toBe('trial 7, loss 0.31');
    // The table marks both: the model's choice is the best row, the best observed one is marked apart.
    const row12 = tab.getByTestId('trial-row-12');
    const row7 = tab.getByTestId('trial-row-7');
    expect(await row12.getAttribute('class')).toMatch(/\bbest\b/);
    expect(await row12.getByTestId('mark-choice').textContent()).toBe("model's choice");
    expect(await row7.getAttribute('class')).toMatch(/\bbest-observed\b/);
    expect(await row7.getByTestId('mark-observed').textContent()).toBe('best observed');
    expect(await tab.locator('[data-testid^="mark-"]').count()).toBe(2);
    await tab.locator('[data-testid="history"] canvas').first().waitFor();
    expect(await chartLabel(tab, 'history')).toContain(
      "legend: Completed, Stopped (early value), Failed, Best observed so far, Model's choice (estimate).",
    );
    await tab.waitForTimeout(300);
    await tab.screenshot({ path: join(shots, 'noisy-job.png'), fullPage: true });

    // The model stops finding the noise significant: the page shows the best as it does without a recommendation.
    const observed = noisy.trials[6]!;
    fixture.push(
      {
        offset: noisy.offset + 100,
        type: 'recommendation',
        event: {
          type: 'recommendation',
          ...noisyRecommendation,
          significant: false,
          t: noisyRecommendation.t + 1,
        },
        summary: {
          ...noisy.summary,
          best: {
            trial: 7,
            objective: observed.objective!,
            metrics: observed.metrics,
            hyperparameters: observed.hyperparameters,
          },
        },
      },
      'noisy-branin',
    );
    await tab.getByTestId('best').filter({ hasText: '0.31 (trial 7)' }).waitFor({ timeout: 5000 });
    expect(await tab.getByTestId('best-observed').count()).toBe(0);
    expect(await tab.locator('[data-testid^="mark-"]').count()).toBe(0);
    expect(await row7.getAttribute('class')).toMatch(/\bbest\b/);
    await tab.close();
  });

  it("draws a big job's panels below the first screen once scrolled near, and follows its events meanwhile", async () => {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await tab.goto(`${origin}/#/jobs/big`);
    await tab.locator('[data-testid="history"] canvas').first().waitFor();
    await tab.locator('[data-testid="intermediate"] canvas').first().waitFor();
    // The parallel coordinates start on the first screen; importance, contour and slices are below it.
    await tab.locator('[data-testid="parallel-coordinates"] canvas').first().waitFor();
    const waiting = tab.getByText('Drawn when scrolled into view.');
    await waiting.nth(2).waitFor();
    expect(await waiting.count()).toBe(3);
    for (const id of ['importance', 'contour', 'slice-eta'])
      expect(await tab.getByTestId(id).count(), id).toBe(0);

    const summary = {
      ...big.summary,
      counts: { ...big.summary.counts, total: 2501, completed: big.summary.counts.completed + 1 },
    };
    fixture.push(
      {
        offset: big.offset + 100,
        type: 'trialFinished',
        event: { type: 'trialFinished' },
        trial: { ...big.trials[0]!, trial: 2501, status: 'Completed', objective: 42 },
        summary,
      },
      'big',
    );
    await tab.getByTestId('trial-count').filter({ hasText: '2501/' }).waitFor({ timeout: 5000 });
    expect(await tab.getByTestId('importance').count()).toBe(0);

    await tab.locator('section', { hasText: 'Hyperparameter importance' }).scrollIntoViewIfNeeded();
    await tab.locator('[data-testid="importance"] canvas').first().waitFor();
    await tab.locator('[data-testid="contour"] canvas').first().waitFor();
    expect(await chartLabel(tab, 'importance')).toContain('x axis: importance (share of variance)');
    await tab.locator('section', { hasText: 'Slices' }).last().scrollIntoViewIfNeeded();
    await tab.locator('[data-testid="slice-booster"] canvas').first().waitFor();
    expect(await waiting.count()).toBe(0);
    await tab.screenshot({ path: join(shots, 'big-scrolled.png') });
    await tab.close();
  });

  it('opens a trial with its curves and log', async () => {
    await page.getByTestId('sort-trial').first().click();
    await page.getByTestId('trial-link-4').click();
    await page
      .getByTestId('log')
      .filter({ hasText: '[20] validation-rmse' })
      .waitFor()
      .catch(() => undefined);
    expect(await page.getByTestId('log').textContent()).toContain('[3] validation-rmse:');
    expect(await page.getByTestId('trial-reason').textContent()).toContain('early stopping');
    expect(await chartLabel(page, 'metric-train:rmse')).toContain('x axis: step; y axis: train:rmse');
    await page.screenshot({ path: join(shots, 'trial-light.png'), fullPage: true });
  });

  it('switches to the dark scheme and keeps it', async () => {
    await page.goto(`${origin}/#/jobs/xgb-diabetes`);
    await page.locator('[data-testid="history"] canvas').first().waitFor();
    await page.getByTestId('scheme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.scheme)).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(11, 17, 32)',
    );
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, 'job-dark.png'), fullPage: true });
    await page.reload();
    await page.getByTestId('trial-count').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.scheme)).toBe('dark');
    await page.getByTestId('scheme-toggle').click();
  });

  it('follows the system scheme when the user has not picked one', async () => {
    const dark = await browser.newPage({ colorScheme: 'dark' });
    await dark.goto(`${origin}/#/`);
    await dark.getByTestId('job-link-xgb-diabetes').waitFor();
    expect(await dark.evaluate(() => document.documentElement.dataset.scheme)).toBe('dark');
    await dark.close();
  });

  it('opens the static report offline: the same page from the embedded job, no request', async () => {
    const hostile = { ...job, summary: { ...job.summary, name: 'x</script><script>alert(1)</script><!--' } };
    const file = join(shots, 'report.html');
    writeFileSync(file, renderReportHtml(hostile, { appDir: pageDir }));
    const report = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    report.on('request', (request) => requests.push(request.url()));
    const dialogs: string[] = [];
    report.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await report.goto(`file://${file}`);
    await report.getByTestId('trial-count').waitFor();
    expect(await report.getByTestId('trial-count').textContent()).toBe('60/70');
    expect(await report.locator('h1').first().textContent()).toBe(hostile.summary.name);
    await report.locator('[data-testid="parallel-coordinates"] canvas').first().waitFor();
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await report.locator('[data-testid^="trial-link-"]').count()).toBe(0);
    await report.screenshot({ path: join(shots, 'report.png'), fullPage: true });
    await report.close();
  });

  it("shows the model's choice and the best observed trial in the static report too", async () => {
    const file = join(shots, 'noisy-report.html');
    writeFileSync(file, renderReportHtml(noisyJob(), { appDir: pageDir }));
    const report = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await report.goto(`file://${file}`);
    await report.getByTestId('best').waitFor();
    expect(await report.getByTestId('best').textContent()).toBe(NOISY_BEST);
    expect(await report.getByTestId('best').locator('a').count()).toBe(0);
    expect(await report.getByTestId('best-observed').textContent()).toBe('trial 7, loss 0.31');
    expect(await report.getByTestId('trial-row-12').getByTestId('mark-choice').count()).toBe(1);
    expect(await report.getByTestId('trial-row-7').getByTestId('mark-observed').count()).toBe(1);
    await report.close();
  });
});
