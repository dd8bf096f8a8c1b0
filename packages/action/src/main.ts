/**
 * The Action's entry point: reads `@actions/core` inputs and the runner's environment, calls `runAction`, and
 * reports the outcome. Everything else lives in plain functions that tests call with their own inputs.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { createGitHubClient } from './github.ts';
import { parseInputs } from './inputs.ts';
import { runAction } from './runAction.ts';
import { createRedactor } from './secrets.ts';

/** Redacts the token from an error that escapes runAction; set once the inputs are read. */
let redact: (text: string) => string = (text) => text;

async function main(): Promise<void> {
  const inputs = parseInputs((name) => core.getInput(name));
  if (inputs.token !== '') core.setSecret(inputs.token);
  redact = createRedactor([inputs.token]);
  const env = process.env;
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const payload = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  const repository = env.GITHUB_REPOSITORY ?? '';
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const runUrl = env.GITHUB_RUN_ID ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const github = createGitHubClient({
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    repository,
    token: inputs.token,
  });
  const result = await runAction(
    inputs,
    {
      eventName,
      payload,
      ...(runUrl === undefined ? {} : { runUrl }),
      ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
      variables: env,
    },
    github,
    {
      info: (line) => core.info(line),
      warning: (line) => core.warning(line),
      setOutput: (name, value) => core.setOutput(name, value),
      appendSummary: (markdown) => {
        if (env.GITHUB_STEP_SUMMARY) core.summary.addRaw(markdown, true);
      },
    },
  );
  if (env.GITHUB_STEP_SUMMARY) await core.summary.write();
  if (!result.ok) core.setFailed(result.failure ?? 'tunekit failed');
}

main().catch((error: unknown) => {
  core.setFailed(redact(error instanceof Error ? error.message : String(error)));
});
