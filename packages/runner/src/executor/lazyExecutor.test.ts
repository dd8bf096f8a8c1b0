import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TuningJobSpec } from '@tunekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createLazyExecutor } from './lazyExecutor.ts';
import { createLocalExecutor } from './local.ts';
import type { TrialLaunch } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunekit-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'hang.mjs'), "console.log('loss=1'); setInterval(() => {}, 1000);\n");

const spec: TuningJobSpec = {
  name: 'lazy',
  objective: { metric: 'loss', type: 'Minimize' },
  metrics: [{ name: 'loss', regex: 'loss=(\\S+)' }],
  strategy: 'Random',
  parameters: [],
  static: {},
  limits: { maxTrials: 1, maxParallel: 1, maxRetries: 0 },
  completion: { convergence: false },
  earlyStopping: 'Off',
  seed: 1,
  executor: {
    kind: 'local',
    command: [process.execPath, 'hang.mjs'],
    env: {},
    killGraceSeconds: 1,
    channels: {},
  },
};
const launch = (trialId: number): TrialLaunch => ({
  spec,
  trialId,
  params: {},
  trialDir: join(dir, String(trialId)),
  baseDir: dir,
  onMetric: () => {},
});

describe('createLazyExecutor', () => {
  it('loads the executor once, on the first trial, and passes on a stop() that came before it loaded', async () => {
    let loads = 0;
    const executor = createLazyExecutor('local', async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return createLocalExecutor();
    });
    expect(loads).toBe(0);
    const first = executor.start(launch(1));
    const second = executor.start(launch(2));
    await first.stop('early-stopping');
    expect(await first.done).toMatchObject({ status: 'Stopped', reason: 'early-stopping' });
    await second.stop('completion');
    expect(await second.done).toMatchObject({ status: 'Stopped', reason: 'completion' });
    expect(loads).toBe(1);
    await executor.close();
  });

  it('fails the trial, saying why, when the executor cannot be loaded', async () => {
    const executor = createLazyExecutor('sagemaker', async () => {
      throw new Error('Cannot find package @aws-sdk/client-sagemaker');
    });
    expect(await executor.start(launch(3)).done).toEqual({
      status: 'Failed',
      reason: 'the sagemaker executor could not be loaded: Cannot find package @aws-sdk/client-sagemaker',
    });
    await executor.close();
  });
});
