/**
 * The `tunekit` executable end to end: real CLI processes running real training processes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, useWorkspaces } from './helpers/cli.ts';
import { embeddedReportJob } from './helpers/reportHtml.ts';

const workspace = useWorkspaces();

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split('\n');
  const names = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, index) => [names[index]!, cell])));
}

describe('tunekit tune, trials, best, status', () => {
  const ws = workspace('quadratic');

  it('runs a job to its end, exits 0 and prints the result as JSON', async () => {
    const file = ws.writeTuningFile();
    const run = await runCliProcess(['tune', file, '--json'], ws.dir);
    expect(run.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      status: string;
      counts: { total: number; completed: number };
      best: { trialId: number; objective: number; hyperparameters: { x: number; y: number } };
    };
    expect(result.status).toBe('Completed');
    expect(result.counts).toMatchObject({ total: 6, completed: 6 });
    // The script's last line is the loss itself: (x - 0.3)^2 + (y - 0.6)^2, to 6 decimals.
    const { x, y } = result.best.hyperparameters;
    expect(result.best.objective).toBeCloseTo((x - 0.3) ** 2 + (y - 0.6) ** 2, 5);
    // The progress went to stderr, one plain line per event.
    expect(run.stderr).toMatch(/trial 1 started: x=/);
    expect(ws.runs()).toHaveLength(6);
  });

  it('lists the trials as CSV and JSON, one row a trial, and the best as JSON', async () => {
    const csv = await runCliProcess(['trials', 'quadratic', '--format', 'csv'], ws.dir);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows.map((row) => row.trial)).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const row of rows) {
      expect(row.status).toBe('Completed');
      expect(Number(row.objective)).toBeCloseTo((Number(row.x) - 0.3) ** 2 + (Number(row.y) - 0.6) ** 2, 5);
      expect(Date.parse(row.end!) - Date.parse(row.start!)).toBeCloseTo(
        Number(row.durationSeconds) * 1000,
        -1,
      );
    }
    const json = await runCliProcess(['trials', 'quadratic', '--format', 'json'], ws.dir);
    const trials = JSON.parse(json.stdout) as {
      trial: number;
      objective: number;
      hyperparameters: { x: number };
    }[];
    expect(trials.map((trial) => trial.objective)).toEqual(rows.map((row) => Number(row.objective)));
    expect(trials.map((trial) => String(trial.hyperparameters.x))).toEqual(rows.map((row) => row.x));

    const best = await runCliProcess(['best', 'quadratic'], ws.dir);
    expect(best.code).toBe(0);
    const lowest = rows.reduce((a, b) => (Number(a.objective) <= Number(b.objective) ? a : b));
    expect(JSON.parse(best.stdout)).toEqual({
      steps: '3',
      sleep_ms: '0',
      x: Number(lowest.x),
      y: Number(lowest.y),
    });

    const status = await runCliProcess(['status', 'quadratic', '--json'], ws.dir);
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'Completed',
      counts: { total: 6, completed: 6, failed: 0 },
      best: { trial: Number(lowest.trial) },
    });
  });

  it('prints a trial log and writes reports', async () => {
    const logs = await runCliProcess(['logs', 'quadratic', '2'], ws.dir);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/step 1 loss=[\d.]+\nstep 2 loss=[\d.]+\nstep 3 loss=[\d.]+/);
    const html = await runCliProcess(['report', 'quadratic'], ws.dir);
    expect(html.code).toBe(0);
    // The dashboard's page with the job embedded, every step of each trial's objective among it.
    const report = embeddedReportJob(readFileSync(html.stdout.trim(), 'utf8'));
    expect(report.trials).toHaveLength(6);
    expect(report.trials.map((trial) => trial.curve.map(([step]) => step))).toEqual(Array(6).fill([0, 1, 2]));
    const markdown = await runCliProcess(
      ['report', 'quadratic', '--format', 'markdown', '--out', 'out/report.md'],
      ws.dir,
    );
    expect(readFileSync(markdown.stdout.trim(), 'utf8')).toContain('```mermaid');
    expect(readFileSync(`${ws.dir}/out/report-by-x.svg`, 'utf8')).toMatch(/^<svg/);
  });

  it('says which trials and jobs exist when asked for one that does not', async () => {
    const noTrial = await runCliProcess(['logs', 'quadratic', '99'], ws.dir);
    expect(noTrial.code).toBe(2);
    expect(noTrial.stderr).toBe('tunekit: job quadratic has no trial 99 (trials: 1 to 6)\n');
    const noJob = await runCliProcess(['status', 'nope'], ws.dir);
    expect(noJob.code).toBe(2);
    expect(noJob.stderr).toMatch(/^tunekit: no job named nope in .*\(jobs there: quadratic\)\n$/);
  });
});

describe('exit codes', () => {
  it('exits 1 when no trial succeeds, and best then has nothing to give', async () => {
    const ws = workspace('crashing');
    const file = ws.writeTuningFile({ static: { crash: 'yes' }, limits: { maxTrials: 2, maxParallel: 2 } });
    const run = await runCliProcess(['tune', file], ws.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/trial 1 Failed: .*exit/i);
    // Why it failed shows under the progress line: the last lines of the trial's output.
    expect(run.stdout).toMatch(/trial 1 Failed: [^\n]*\n {4}crashing on purpose\n/);
    expect(run.stdout).toMatch(/job crashing failed/);
    const best = await runCliProcess(['best', 'crashing'], ws.dir);
    expect(best.code).toBe(1);
    expect(best.stderr).toBe(
      'tunekit: job crashing has no completed trial yet, so no best hyperparameters\n',
    );
    // A pipeline reading the status must not take the job for a success.
    const json = await runCliProcess(['status', 'crashing', '--json'], ws.dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'Failed',
      finishReason: 'maxTrials; no trial succeeded',
      counts: { total: 2, completed: 0, failed: 2 },
    });
    const text = await runCliProcess(['status', 'crashing'], ws.dir);
    expect(text.stdout).toMatch(/^job crashing: failed \(maxTrials; no trial succeeded\)\n/);
  });

  it('names the journal line of an event that is of the wrong shape or contradicts the history', async () => {
    const ws = workspace('damaged');
    const file = ws.writeTuningFile({ limits: { maxTrials: 1, maxParallel: 1 } });
    expect((await runCliProcess(['tune', file], ws.dir)).code).toBe(0);
    const path = join(ws.dir, '.tunekit', 'jobs', 'damaged', 'journal.jsonl');
    const good = readFileSync(path, 'utf8');
    const lineCount = good.trimEnd().split('\n').length;
    writeFileSync(path, `${good}{"type":"trialFinished","t":1,"trialId":1}\n`);
    const shape = await runCliProcess(['status', 'damaged'], ws.dir);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toMatch(
      new RegExp(
        `^tunekit: \\S*journal\\.jsonl line ${lineCount + 1} is not a valid trialFinished event: outcome must be an object;`,
      ),
    );
    expect(shape.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(
      path,
      `${good}{"type":"trialFinished","t":1,"trialId":7,"outcome":{"status":"Failed","reason":"x"}}\n`,
    );
    for (const args of [
      ['status', 'damaged'],
      ['tune', file],
    ]) {
      const run = await runCliProcess(args, ws.dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `^tunekit: \\S*journal\\.jsonl line ${lineCount + 1}: trialFinished for trial 7, which was never asked;`,
        ),
      );
    }
  });

  it('exits 2 on bad input without a stack trace, and shows one with --debug', async () => {
    const ws = workspace();
    const missing = await runCliProcess(['tune', 'missing.yaml'], ws.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tunekit: cannot read the tuning file missing\.yaml: ENOENT/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCliProcess(['tune', 'missing.yaml', '--debug'], ws.dir);
    expect(debug.stderr).toMatch(/\n\s+at /);
    const unknownOption = await runCliProcess(['trials', 'x', '--format', 'xml'], ws.dir);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/xml/);
    const badOverride = await runCliProcess(['tune', ws.writeTuningFile(), '--max-trials', '0'], ws.dir);
    expect(badOverride.code).toBe(2);
    expect(badOverride.stderr).toBe('tunekit: --max-trials must be a whole number of at least 1, got "0"\n');
  });

  it('shows help with an example on every command', async () => {
    const ws = workspace();
    for (const command of [
      'tune',
      'validate',
      'status',
      'best',
      'trials',
      'logs',
      'report',
      'jobs',
      'stop',
      'rm',
    ]) {
      const help = await runCliProcess([command, '--help'], ws.dir);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(
        new RegExp(`Usage: tunekit ${command} [\\s\\S]*Examples?:\\n  \\$ tunekit ${command} `),
      );
    }
  });
});

describe('tunekit validate', () => {
  it('accepts a good file and prints every problem of a bad one with its path', async () => {
    const ws = workspace();
    const good = await runCliProcess(['validate', ws.writeTuningFile()], ws.dir);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/ok\. Job e2e: Random search over 2 hyperparameters/);
    const bad = ws.writeTuningFile(
      {
        parameters: {
          x: { type: 'continuous', min: 1, max: 0 },
          y: { type: 'continuous', min: 0, max: 1, scaling: 'Logarithmic' },
        },
        metrics: [{ name: 'loss', regex: 'loss=\\S+' }],
      },
      'bad.json',
    );
    const run = await runCliProcess(['validate', bad], ws.dir);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/bad\.json: \d+ problems/);
    expect(run.stderr).toMatch(/^ {2}parameters\.x(\.min|\.max)?: /m);
    expect(run.stderr).toMatch(/^ {2}parameters\.y(\.min|\.scaling)?: .*(> 0|positive|Logarithmic)/m);
    expect(run.stderr).toMatch(/^ {2}metrics\[0\]\.regex: .*capture group/m);
  });
});
