/**
 * What a run of failed trials has in common, for the message that ends a job after `limits.maxConsecutiveFailures`
 * failures in a row: the failures grouped by a normalised reason, most frequent first.
 *
 * A local trial's reason is `exited with code 1; last lines of its output:` and the lines quoted below it; the
 * last quoted line is where Python, Node and most runtimes put the error itself (`ModuleNotFoundError: No module
 * named 'xgboost'`), so that line is the reason's gist. Other reasons (a metric that never matched, a SageMaker
 * FailureReason) are grouped by their first line.
 */

/** Characters of a gist at most. */
const GIST_CHARS = 160;

/**
 * The gist of a failure reason.
 *
 * @param reason - A failed trial's reason, as journaled.
 * @returns The last quoted line of a crash's output, otherwise the reason's first line, trimmed.
 */
export function failureGist(reason: string): string {
  const [first = '', ...quoted] = reason.split('\n');
  // Only a crash's quoted output ends with the error; other reasons quote lines that differ from trial to trial.
  const last = first.endsWith('last lines of its output:')
    ? quoted
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .at(-1)
    : undefined;
  const gist = (last ?? first).trim();
  return gist.length <= GIST_CHARS ? gist : `${gist.slice(0, GIST_CHARS)}...`;
}

/**
 * Describes failures in a row.
 *
 * @param reasons - Their reasons, oldest first.
 * @returns `5 trials failed in a row: 4 x "ModuleNotFoundError: ...", 1 x "exited with code 3; it printed nothing"`.
 */
export function describeFailureStreak(reasons: readonly string[]): string {
  const groups = new Map<string, number>();
  for (const reason of reasons) {
    const gist = failureGist(reason);
    groups.set(gist, (groups.get(gist) ?? 0) + 1);
  }
  const sorted = [...groups].sort((a, b) => b[1] - a[1]);
  return `${reasons.length} trials failed in a row: ${sorted.map(([gist, count]) => `${count} x ${JSON.stringify(gist)}`).join(', ')}`;
}
