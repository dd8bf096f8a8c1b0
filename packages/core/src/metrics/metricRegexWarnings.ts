/**
 * Warnings about metric regexes that are slow in a backtracking engine. tunekit itself runs metric regexes in a
 * linear-time engine, so they cannot hang its tuner; the warnings matter where another engine runs them
 * (SageMaker's, for `sagemaker-managed` jobs and exported requests) and for regexes tunekit must run with
 * JavaScript's backtracking engine (a backreference or lookaround), which then see only the first
 * {@link BACKTRACKING_MAX_INPUT} characters of a line.
 */
import type { Issue } from '../errors.ts';
import type { MetricDefinition } from '../spec/types.ts';
import { MAX_METRIC_REGEX_LENGTH } from './checkMetricDefinitions.ts';
import { BACKTRACKING_MAX_INPUT, withCloudWatchTabs } from './compileMetricRegex.ts';
import { regexRisk } from './regexRisk.ts';

/**
 * Looks for nested quantifiers and backtracking-only features in metric regexes.
 *
 * @param metrics - The definitions, in the tuning file's order (regexes that do not compile are skipped: the
 *   checker reports them).
 * @param basePath - Path of the definitions' list (`['metrics']`); warning paths extend it.
 * @returns One warning a problem found, with the column and what to change; empty when every regex is safe.
 */
export function metricRegexWarnings(
  metrics: readonly MetricDefinition[],
  basePath: readonly (string | number)[],
): Issue[] {
  const warnings: Issue[] = [];
  metrics.forEach((definition, index) => {
    // Too long ones are refused by the checker, and not worth parsing here.
    if (typeof definition.regex !== 'string' || definition.regex.length > MAX_METRIC_REGEX_LENGTH) return;
    try {
      new RegExp(withCloudWatchTabs(definition.regex));
    } catch {
      return;
    }
    const path = [...basePath, index, 'regex'];
    const risk = regexRisk(definition.regex);
    for (const at of risk.nestedQuantifiers) {
      warnings.push({
        code: 'metric.regexNestedQuantifier',
        path,
        message:
          `repeats a part that has a repeat inside it (column ${at + 1}: "${definition.regex.slice(at, at + 20)}"),` +
          ' which can take exponential time on a line that nearly matches in a backtracking engine such as' +
          ' SageMaker\'s; repeat it once, for example "(\\d+)" instead of "(\\d+)+"',
      });
    }
    for (const at of risk.repeatedAlternations) {
      warnings.push({
        code: 'metric.regexRepeatedAlternation',
        path,
        message:
          `repeats an alternation (column ${at + 1}: "${definition.regex.slice(at, at + 20)}"), which can take` +
          " exponential time in a backtracking engine such as SageMaker's when the alternatives overlap; use a" +
          ' character class ("[ab]*" instead of "(a|b)*") or alternatives that cannot start alike',
      });
    }
    for (const { feature, at } of risk.backtrackingFeatures) {
      warnings.push({
        code: 'metric.regexBacktracking',
        path,
        message:
          `uses a ${feature} (column ${at + 1}), which tunekit's linear-time engine does not run: this regex runs in` +
          ` JavaScript's engine on the first ${BACKTRACKING_MAX_INPUT} characters of a line only; write it without one`,
      });
    }
  });
  return warnings;
}
