/**
 * Journals written before core parsed SageMaker settings (issue 11) hold `executor.settings` as the tuning file
 * gave them. Resuming such a job with the same tuning file must find no change at all: no breaking change, no
 * harmless one journaled, and the journaled spec hash kept as written.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTuningFile, type TuningJobSpec } from '@tunekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { jobDirOf, journalPathOf } from '../journal/jobPaths.ts';
import { journaledSpec } from '../journal/journaledSpec.ts';
import { openJob } from './openJob.ts';
import { specHash } from './specHash.ts';

const root = mkdtempSync(join(tmpdir(), 'tunekit-old-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';

function tuningFile(name: string, executor: Record<string, unknown>): string {
  return JSON.stringify({
    name,
    objective: { metric: 'validation:rmse', type: 'Minimize' },
    metrics: [{ name: 'validation:rmse', regex: 'rmse=([0-9.]+)' }],
    strategy: 'Random',
    parameters: { eta: { type: 'continuous', min: 0.01, max: 0.5, scaling: 'Logarithmic' } },
    limits: { maxTrials: 4, maxParallel: 1 },
    seed: 3,
    executor,
  });
}

/** Writes the journal the tuner wrote before: the spec of today with the raw settings in place of the typed. */
function writeOldJournal(spec: TuningJobSpec, rawSettings: Record<string, unknown>): string {
  const old = { ...spec, executor: { kind: spec.executor.kind, settings: rawSettings } };
  const hash = specHash(old);
  const jobDir = jobDirOf(root, spec.name);
  mkdirSync(jobDir, { recursive: true });
  writeFileSync(
    journalPathOf(jobDir),
    `${JSON.stringify({ type: 'jobCreated', t: 1_000, spec: old, specHash: hash })}\n`,
  );
  return hash;
}

describe('a job journaled with raw SageMaker settings', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    [
      'old-sagemaker',
      'sagemaker',
      {
        roleArn: ROLE,
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:1',
        channels: {
          train: 's3://bucket/train/',
          validation: { s3Uri: 's3://bucket/val/', contentType: 'text/csv' },
        },
        outputPath: 's3://bucket/out/',
        environment: { MODE: 'fast', THREADS: 2 },
        spot: true,
      },
    ],
    [
      'old-managed',
      'sagemaker-managed',
      {
        region: 'eu-west-1',
        roleArn: ROLE,
        algorithmName: 'xgboost',
        outputPath: 's3://bucket/out/',
        warmStart: { parents: ['parent-job'] },
        tuningJobName: 'short-name',
      },
    ],
  ];

  for (const [name, kind, raw] of cases) {
    it(`resumes ${kind} with the same tuning file without any change`, async () => {
      const parsed = parseTuningFile(tuningFile(name, { [kind]: raw }), { fileName: 'tuning.json' });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const spec = parsed.value;
      const hash = writeOldJournal(spec, raw);
      const opened = await openJob({ spec, rootDir: root, now: () => 2_000 });
      try {
        expect(opened.resumed).toBe(true);
        expect(opened.changes).toEqual([]);
        // Read typed, as the tuning file is: the drivers see settings with their defaults.
        expect(opened.view.spec).toEqual(spec);
        expect(opened.view.specHash).toBe(hash);
        const lines = readFileSync(journalPathOf(opened.jobDir), 'utf8').trim().split('\n');
        expect(JSON.parse(lines[1]!)).toEqual({ type: 'jobResumed', t: 2_000, pid: process.pid });
      } finally {
        await opened.close();
      }
    });
  }

  it('still reports a breaking change of the search', async () => {
    const raw = { roleArn: ROLE, image: 'train:1', outputPath: 's3://bucket/out/' };
    const parsed = parseTuningFile(tuningFile('old-breaking', { sagemaker: raw }), {
      fileName: 'tuning.json',
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    writeOldJournal(parsed.value, raw);
    await expect(
      openJob({ spec: { ...parsed.value, seed: 4 }, rootDir: root, now: () => 2_000 }),
    ).rejects.toThrow(/seed: 3 -> 4/);
  });

  it('reads the typed settings this version journals back unchanged, imported ones included', () => {
    for (const [name, kind, raw] of cases) {
      const parsed = parseTuningFile(tuningFile(name, { [kind]: raw }), { fileName: 'tuning.json' });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const journaled = JSON.parse(JSON.stringify(parsed.value)) as TuningJobSpec;
      expect(journaledSpec(journaled)).toEqual(parsed.value);
    }
    const imported = parseTuningFile(
      readFileSync(
        new URL('../../../core/src/spec/fixtures/createHyperParameterTuningJob.json', import.meta.url),
        'utf8',
      ),
      { fileName: 'request.json' },
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
    const journaled = JSON.parse(JSON.stringify(imported.value)) as TuningJobSpec;
    expect(journaledSpec(journaled)).toBe(journaled);
    expect(journaled).toEqual(imported.value);
  });
});
