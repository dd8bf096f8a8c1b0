/**
 * What a trial's process receives, the way SageMaker hands hyperparameters to a training container so that a
 * script written for SageMaker runs unchanged:
 * - `--name value` arguments after the command (script mode), names in sorted order as sagemaker-training does;
 * - `SM_HPS` (a JSON object, each value decoded from JSON where it is JSON, as sagemaker-training does) and
 *   `SM_HP_<NAME>` (upper-cased name, the value as a string);
 * - `hyperparameters.json` (every value a string, as in `/opt/ml/input/config/hyperparameters.json`), its path in
 *   `TUNEKIT_HYPERPARAMETERS`;
 * - `SM_MODEL_DIR`, `SM_OUTPUT_DIR`, `SM_OUTPUT_DATA_DIR` folders of the trial, `SM_CHANNEL_<NAME>` and
 *   `SM_CHANNELS` for the input channels, plus `SM_CURRENT_HOST`, `SM_HOSTS`, `SM_NUM_CPUS`, `SM_NUM_GPUS`;
 * - `TUNEKIT_METRICS_FILE` for JSON-line metrics, `TUNEKIT_TRIAL_ID`, `TUNEKIT_TRIAL_DIR`.
 * The rest of the environment is the tuner's (`process.env`), or the one its embedder passes instead (the GitHub
 * Action passes its own without its token), then `executor.local.env` on top.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalExecutorSpec, ParameterValues } from '@tunekit/core';
import {
  HYPERPARAMETERS_FILE,
  METRICS_FILE,
  MODEL_DIR,
  OUTPUT_DATA_DIR,
  OUTPUT_DIR,
  TRIAL_LOG_FILE,
} from './trialFiles.ts';

/** Everything needed to spawn a trial. */
export interface PreparedTrial {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly logPath: string;
  readonly metricsPath: string;
  /** The hyperparameters as strings, static then tuned. */
  readonly hyperparameters: Readonly<Record<string, string>>;
}

/**
 * The hyperparameters of a trial as SageMaker passes them: every value a string, static ones first.
 *
 * @param staticValues - The spec's static hyperparameters.
 * @param params - The trial's tuned hyperparameters.
 * @returns Name to string value.
 */
export function hyperparameterStrings(
  staticValues: Readonly<Record<string, string>>,
  params: ParameterValues,
): Record<string, string> {
  // Without a prototype, so that no name (__proto__) is dropped by the assignments below.
  const out: Record<string, string> = Object.assign(Object.create(null), staticValues);
  for (const [name, value] of Object.entries(params)) out[name] = String(value);
  return out;
}

/** Environment variables by name; unset ones may be present as undefined, as in `process.env`. */
export type BaseEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * Creates a trial's folders and files and computes its command line and environment.
 *
 * @param local - The executor settings of the tuning file.
 * @param launch - The trial: its id, folder, hyperparameters and the folder relative paths start from.
 * @param baseEnvironment - The environment the trial starts from, before the tuning file's and SageMaker's
 *   variables; `process.env` by default.
 * @returns The prepared trial, or a string saying what is wrong with the settings (the trial then fails).
 */
export function prepareTrial(
  local: LocalExecutorSpec,
  launch: {
    readonly trialId: number;
    readonly trialDir: string;
    readonly baseDir: string;
    readonly staticValues: Readonly<Record<string, string>>;
    readonly params: ParameterValues;
  },
  baseEnvironment: BaseEnvironment = process.env,
): PreparedTrial | string {
  const [file, ...commandArgs] = local.command;
  if (file === undefined || file === '') return 'executor.local.command is empty: give the program to run';
  const cwd = resolve(launch.baseDir, local.cwd ?? '.');
  if (!isDirectory(cwd)) return `executor.local.cwd: the folder ${cwd} does not exist`;
  const channels: Record<string, string> = {};
  for (const [name, folder] of Object.entries(local.channels)) {
    const path = resolve(launch.baseDir, folder);
    if (!existsSync(path)) return `executor.local.channels.${name}: ${path} does not exist`;
    channels[name] = path;
  }

  const trialDir = resolve(launch.trialDir);
  const modelDir = join(trialDir, MODEL_DIR);
  const outputDir = join(trialDir, OUTPUT_DIR);
  const outputDataDir = join(trialDir, OUTPUT_DATA_DIR);
  mkdirSync(modelDir, { recursive: true });
  mkdirSync(outputDataDir, { recursive: true });
  const hyperparameters = hyperparameterStrings(launch.staticValues, launch.params);
  const hyperparametersPath = join(trialDir, HYPERPARAMETERS_FILE);
  writeFileSync(hyperparametersPath, `${JSON.stringify(hyperparameters, null, 2)}\n`);
  const metricsPath = join(trialDir, METRICS_FILE);
  writeFileSync(metricsPath, '');

  const names = Object.keys(hyperparameters).sort();
  const userArgs: string[] = [];
  for (const name of names) userArgs.push(`--${name}`, hyperparameters[name]!);
  const decoded: Record<string, unknown> = Object.create(null);
  for (const name of names) decoded[name] = decodeJson(hyperparameters[name]!);

  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(baseEnvironment)) if (value !== undefined) env[name] = value;
  Object.assign(env, local.env);
  for (const name of names) env[`SM_HP_${name.toUpperCase()}`] = hyperparameters[name]!;
  const channelNames = Object.keys(channels).sort();
  for (const name of channelNames) env[`SM_CHANNEL_${name.toUpperCase()}`] = channels[name]!;
  Object.assign(env, {
    SM_HPS: JSON.stringify(decoded),
    SM_USER_ARGS: JSON.stringify(userArgs),
    SM_CHANNELS: JSON.stringify(channelNames),
    SM_MODEL_DIR: modelDir,
    SM_OUTPUT_DIR: outputDir,
    SM_OUTPUT_DATA_DIR: outputDataDir,
    SM_CURRENT_HOST: 'algo-1',
    SM_HOSTS: JSON.stringify(['algo-1']),
    SM_NUM_CPUS: String(availableParallelism()),
    SM_NUM_GPUS: '0',
    TUNEKIT_HYPERPARAMETERS: hyperparametersPath,
    TUNEKIT_METRICS_FILE: metricsPath,
    TUNEKIT_TRIAL_ID: String(launch.trialId),
    TUNEKIT_TRIAL_DIR: trialDir,
  });
  return {
    file,
    args: [...commandArgs, ...userArgs],
    cwd,
    env,
    logPath: join(trialDir, TRIAL_LOG_FILE),
    metricsPath,
    hyperparameters,
  };
}

/** sagemaker-training decodes each hyperparameter from JSON when it is JSON (`"0.1"` -> 0.1), else keeps it. */
function decodeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
