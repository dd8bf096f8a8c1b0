/**
 * Tuning-file validation time on hostile sizes: a file whose `static` section has 40,000 keys (issue 10, item 8:
 * the YAML duplicate-key check compared every key with every other and took 14.6 s), as YAML and as JSON.
 * Such a file is refused (SageMaker's limit is 100 static hyperparameters); what is measured is how fast.
 *
 * - `yamlStatic40k`, `jsonStatic40k`: 40,000 distinct keys, the time `parseTuningFile` takes to refuse the file.
 * - `yamlDuplicateLast40k`: the same YAML with its last key repeated, the case the duplicate check must find.
 *
 * Run from the repository root: node --conditions=@tunekit/source --import tsx bench/validate.ts [--repeats 3]
 * Prints one JSON line a case (median milliseconds over the repeats, and the issues' codes).
 */
import { parseArgs } from 'node:util';
import { parseTuningFile } from '@tunekit/core';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
const repeats = Number(values.repeats);
const KEYS = 40_000;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const head = [
  'name: flood',
  'objective: { metric: loss, type: Minimize }',
  "metrics: [{ name: loss, regex: 'loss=(\\S+)' }]",
  'strategy: Random',
  'parameters: { x: { type: continuous, min: 0, max: 1 } }',
  'limits: { maxTrials: 2 }',
  'executor: { local: { command: [python3, train.py] } }',
];
const staticLines = Array.from({ length: KEYS }, (_, index) => `  key${index}: ${index}`);
const yaml = [...head, 'static:', ...staticLines, ''].join('\n');
const yamlDuplicate = [...head, 'static:', ...staticLines, `  key${KEYS - 1}: again`, ''].join('\n');
const json = JSON.stringify({
  name: 'flood',
  objective: { metric: 'loss', type: 'Minimize' },
  metrics: [{ name: 'loss', regex: 'loss=(\\S+)' }],
  strategy: 'Random',
  parameters: { x: { type: 'continuous', min: 0, max: 1 } },
  limits: { maxTrials: 2 },
  executor: { local: { command: ['python3', 'train.py'] } },
  static: Object.fromEntries(Array.from({ length: KEYS }, (_, index) => [`key${index}`, index])),
});

const cases: [string, string, 'yaml' | 'json'][] = [
  ['yamlStatic40k', yaml, 'yaml'],
  ['jsonStatic40k', json, 'json'],
  ['yamlDuplicateLast40k', yamlDuplicate, 'yaml'],
];
for (const [name, text, format] of cases) {
  const samples: number[] = [];
  let codes: string[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    const result = parseTuningFile(text, { format });
    samples.push(performance.now() - start);
    codes = result.ok ? [] : [...new Set(result.issues.map((issue) => issue.code))];
  }
  process.stdout.write(
    `${JSON.stringify({ bench: 'validate', case: name, keys: KEYS, characters: text.length, medianMs: Math.round(median(samples)), repeats, codes })}\n`,
  );
}
