/**
 * Keeping the Action's token in the Action. Twice over:
 * - trials start from an environment without it ({@link trialEnvironment}): no `INPUT_*` (the Action's inputs,
 *   the token among them), no token of the runner, and no variable whose value holds the token, while the
 *   variables a workflow sets for the step on purpose (a tracking service's key, a data path) still reach them;
 * - everything the Action writes (the comment, the job summary, the outputs, `report.md`, its log) goes through
 *   {@link createRedactor}, as a last line of defence when a trial prints the token anyway (read from a file, say).
 * The runner's log mask covers only the step's log; comments, summaries and files are not masked by GitHub.
 */
import { Buffer } from 'node:buffer';

/** Variables of the runner that hold credentials the training code has no use for. */
const RUNNER_SECRETS: readonly string[] = [
  'GITHUB_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
];

/** What a redacted secret reads as: what the runner's log mask shows. */
export const REDACTED = '***';

/** Secrets shorter than this are not redacted: replacing every `a` or `1` would garble everything and hide nothing. */
const SHORTEST_SECRET = 4;

/**
 * The environment trials start from: the Action's, without its inputs, the runner's tokens, and any variable
 * whose value contains one of the secrets.
 *
 * @param environment - The Action's environment (`process.env`).
 * @param secrets - The values that must not reach a trial (the token).
 * @returns A copy without them.
 */
export function trialEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
  secrets: readonly string[],
): Record<string, string> {
  const kept = secrets.filter((secret) => secret.length >= SHORTEST_SECRET);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) continue;
    if (name.toUpperCase().startsWith('INPUT_') || RUNNER_SECRETS.includes(name.toUpperCase())) continue;
    if (kept.some((secret) => value.includes(secret))) continue;
    out[name] = value;
  }
  return out;
}

/**
 * A function that replaces every occurrence of the secrets in a text with `***`, and of their Base64 forms: the
 * secret alone, and the `x-access-token:<token>` basic credential that actions/checkout leaves in `.git/config`
 * (which training code can read and print).
 *
 * @param secrets - The values to hide (empty and very short ones are ignored).
 * @returns The redacting function.
 * @example createRedactor(['ghs_abc123'])('token ghs_abc123') // 'token ***'
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const values = secrets
    .filter((secret) => secret.length >= SHORTEST_SECRET)
    .flatMap((secret) => [secret, ...base64(secret), ...base64(`x-access-token:${secret}`)]);
  const kept = [...new Set(values)].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of kept) out = out.replaceAll(secret, REDACTED);
    return out;
  };
}

/** Base64 with its padding (the value encoded alone) and without (the value followed by more text). */
function base64(text: string): string[] {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  return [encoded, encoded.replace(/=+$/, '')];
}
