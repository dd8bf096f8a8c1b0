/**
 * Reads the parents of a job's `warmStart` from their journals, for the ask/tell driver (local and `sagemaker`
 * executors; `sagemaker-managed` sends SageMaker's WarmStartConfig instead, which SageMaker checks itself).
 *
 * A parent is a job name (`<rootDir>/.tunekit/jobs/<name>`) or, when it holds a `/` or starts with `.`, a job's
 * folder relative to the folder tunekit runs in. It must fit this job as SageMaker's rules say: the same objective
 * metric and type, and the same ranges (names and types; bounds may differ, and trials outside this job's bounds
 * are dropped by the tuner). Each refusal names `warmStart.parents[i]` and what differs.
 *
 * Only the parents' trials that finished before this job was created count: a parent may run on meanwhile, and a
 * resumed child must see the same parents' trials as when it began, or it would not replay its own suggestions.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { TunerOptions, TuningJobSpec } from '@tunekit/core';
import { RunnerError } from '../errors.ts';
import { jobDirOf, journalPathOf } from '../journal/jobPaths.ts';
import { readJournal } from '../journal/jobStore.ts';
import { createJobViewFolder, type JobView } from '../journal/jobView.ts';

/** What the tuner takes as `warmStart`. */
export type WarmStartPrior = NonNullable<TunerOptions['warmStart']>;

/**
 * The parents' Completed trials, or undefined when the spec has no warm start.
 *
 * @param spec - This job's spec.
 * @param rootDir - The folder holding `.tunekit/`.
 * @param createdAt - When this job was created (epoch ms): later parent trials are left out.
 * @returns The prior for `createTuner`.
 * @throws RunnerError `invalidTuningFile` naming `warmStart.parents[i]` for a parent that is missing, unreadable or
 *   does not fit this job.
 */
export function readWarmStartParents(
  spec: TuningJobSpec,
  rootDir: string,
  createdAt = Number.POSITIVE_INFINITY,
): WarmStartPrior | undefined {
  const warmStart = spec.warmStart;
  if (warmStart === undefined) return undefined;
  const trials: WarmStartPrior['trials'][number][] = [];
  warmStart.parents.forEach((parent, index) => {
    const at = `warmStart.parents[${index}]`;
    const isFolder = parent.includes('/') || parent.includes('\\') || parent.startsWith('.');
    if (!isFolder && parent === spec.name) {
      throw new RunnerError('invalidTuningFile', `${at}: ${parent} is this job itself: name an earlier job`);
    }
    const jobDir = isFolder
      ? isAbsolute(parent)
        ? parent
        : resolve(rootDir, parent)
      : jobDirOf(rootDir, parent);
    if (!existsSync(journalPathOf(jobDir))) {
      throw new RunnerError(
        'invalidTuningFile',
        `${at}: no job ${JSON.stringify(parent)} (no journal at ${journalPathOf(jobDir)}): name a job of ${rootDir}/.tunekit/jobs or a job's folder`,
      );
    }
    const view = readParent(jobDir, at);
    checkFits(view.spec, spec, at, parent);
    for (const trial of view.trials) {
      const finishedBefore = trial.finishedAt !== undefined && trial.finishedAt < createdAt;
      if (trial.status === 'Completed' && trial.objective !== undefined && finishedBefore)
        trials.push({ params: trial.params, objective: trial.objective });
    }
  });
  return { type: warmStart.type, trials };
}

function readParent(jobDir: string, at: string): JobView {
  const folder = createJobViewFolder();
  try {
    readJournal(jobDir, (event) => folder.add(event));
    return folder.view();
  } catch (error) {
    throw new RunnerError(
      'invalidTuningFile',
      `${at}: the journal at ${journalPathOf(jobDir)} cannot be read as a job: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** SageMaker's warm-start rules: same objective metric and type, same ranges' names and types. */
function checkFits(parent: TuningJobSpec, spec: TuningJobSpec, at: string, name: string): void {
  const problems: string[] = [];
  if (parent.objective.metric !== spec.objective.metric || parent.objective.type !== spec.objective.type) {
    problems.push(
      `its objective is ${parent.objective.type} ${parent.objective.metric}, this job's is ${spec.objective.type} ${spec.objective.metric}`,
    );
  }
  const parentTypes = new Map(parent.parameters.map((p) => [p.name, p.type]));
  const ownTypes = new Map(spec.parameters.map((p) => [p.name, p.type]));
  const onlyHere = spec.parameters.filter((p) => !parentTypes.has(p.name)).map((p) => p.name);
  const onlyThere = parent.parameters.filter((p) => !ownTypes.has(p.name)).map((p) => p.name);
  if (onlyHere.length > 0) problems.push(`it has no range ${onlyHere.join(', ')}`);
  if (onlyThere.length > 0) problems.push(`it also tunes ${onlyThere.join(', ')}, which this job does not`);
  for (const p of spec.parameters) {
    const type = parentTypes.get(p.name);
    if (type !== undefined && type !== p.type)
      problems.push(`its range ${p.name} is ${type}, here ${p.type}`);
  }
  if (problems.length > 0) {
    throw new RunnerError(
      'invalidTuningFile',
      `${at}: job ${name} cannot warm-start this one: ${problems.join('; ')} (SageMaker's warm start needs the same objective metric and type, and the same ranges' names and types; bounds may differ)`,
    );
  }
}
