/**
 * Metric parser speed: throughput on a realistic training log, and the time a hostile regex costs on a line at
 * the parser's bound.
 *
 * - `xgboostLog`: an 8 MB log in XGBoost's shape (one `[round]\ttrain-rmse:…\tvalidation-rmse:…` line a round,
 *   SageMaker's built-in regexes with `.*` and `#011`), with INFO lines, ANSI colours and `\r` progress bars
 *   between, fed in 64 KiB chunks to a parser with 4 definitions. Reported in MB/s (megabytes of UTF-16 text
 *   read as characters) for core's parser, and for the same segments run through V8's own regexes as a baseline.
 * - `hostileRegex`: `(a+)+$` and SageMaker's built-in XGBoost regex on a line of MAX_LINE_LENGTH characters that
 *   nearly matches: the parser's time a line, next to V8's backtracking engine on shorter lines (on the full line
 *   V8 does not finish: `(a+)+$` doubles its time with each character; the XGBoost regex is cubic and took 31 s).
 * - `longLine`: a 4 MB line without a newline, cut to the bound.
 *
 * Run from the repository root: node --conditions=@tunekit/source --import tsx bench/metricParser.ts [--repeats 5]
 * Prints one JSON line a case (medians over the repeats).
 */
import { parseArgs } from 'node:util';
import { createMetricParser, MAX_LINE_LENGTH, type MetricDefinition } from '@tunekit/core';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const repeats = Number(values.repeats);

const NUMBER = '([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';
const DEFINITIONS: MetricDefinition[] = [
  { name: 'train:rmse', regex: `.*\\[[0-9]+\\].*#011train-rmse:${NUMBER}.*` },
  { name: 'validation:rmse', regex: `.*\\[[0-9]+\\].*#011validation-rmse:${NUMBER}.*` },
  { name: 'loss', regex: 'loss=([0-9.eE+-]+)' },
  { name: 'learning_rate', regex: 'lr: (\\S+)' },
];

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A deterministic XGBoost-style log of about `size` characters. */
function xgboostLog(size: number): string {
  const parts: string[] = [];
  let length = 0;
  let round = 0;
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  while (length < size) {
    const train = (3 / (1 + round / 50) + random() * 0.01).toFixed(5);
    const validation = (3.2 / (1 + round / 60) + random() * 0.02).toFixed(5);
    let block = `[${round}]\ttrain-rmse:${train}\tvalidation-rmse:${validation}\n`;
    if (round % 10 === 0) {
      block += `\x1b[32m[2024-05-01 12:00:${String(round % 60).padStart(2, '0')}.123 INFO]\x1b[0m round ${round}, lr: 0.${round % 97}\n`;
      for (let step = 1; step <= 4; step += 1) {
        block += `${String(step * 25).padStart(3)}%|${'#'.repeat(step * 5).padEnd(20)}| ${step}/4 [00:0${step}<00:00, loss=${(Number(train) * 1.1).toFixed(4)}]\r`;
      }
      block += '\n[03:12:45] WARNING: ../src/learner.cc:767: Parameters: { "silent" } are not used.\n';
    }
    parts.push(block);
    length += block.length;
    round += 1;
  }
  return parts.join('');
}

function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += size) chunks.push(text.slice(start, start + size));
  return chunks;
}

function runParser(chunks: readonly string[]): number {
  const parser = createMetricParser(DEFINITIONS);
  let observations = 0;
  for (const chunk of chunks) observations += parser.push(chunk).length;
  return observations + parser.end().length;
}

/** The same work with V8's regexes: split at \n and \r, strip ANSI, #011 as tabs, every regex on every segment. */
function runNative(text: string): number {
  const regexes = DEFINITIONS.map((definition) => new RegExp(definition.regex.replaceAll('#011', '\\t')));
  let observations = 0;
  for (const segment of text.split(/\r?\n|\r/)) {
    const clean = segment.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
    for (const regex of regexes) if (regex.exec(clean)?.[1] !== undefined) observations += 1;
  }
  return observations;
}

function time(run: () => number): { ms: number; result: number } {
  const samples: number[] = [];
  let result = 0;
  for (let r = 0; r < repeats; r += 1) {
    const start = performance.now();
    result = run();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

const log = xgboostLog(8_000_000);
const chunks = chunksOf(log, 64 * 1024);
const megabytes = log.length / 1e6;
const parsed = time(() => runParser(chunks));
const native = time(() => runNative(log));
console.log(
  JSON.stringify({
    benchmark: 'metricParser',
    case: 'xgboostLog',
    definitions: DEFINITIONS.length,
    megabytes: Number(megabytes.toFixed(2)),
    lines: log.split('\n').length - 1,
    observations: parsed.result,
    throughputMBps: Number((megabytes / (parsed.ms / 1000)).toFixed(1)),
    nativeRegexThroughputMBps: Number((megabytes / (native.ms / 1000)).toFixed(1)),
    nativeObservations: native.result,
    repeats,
  }),
);

/** Time of one line through a parser with one definition, in ms. */
function lineTime(regex: string, line: string): number {
  const parser = createMetricParser([{ name: 'hostile', regex }]);
  return time(() => parser.push(line).length).ms;
}

/** V8's own time on a shorter line of the same shape, in ms (one run: they are slow). */
function nativeTime(regex: string, line: string): number {
  const compiled = new RegExp(regex.replaceAll('#011', '\\t'));
  const start = performance.now();
  compiled.exec(line);
  return performance.now() - start;
}

const nearMiss = (length: number) => `${'a'.repeat(length - 1)}!\n`;
const xgboostMiss = (length: number) => `${'[12]\ttrain-rmse:0.5 '.repeat(length).slice(0, length - 1)}\n`;
for (const [name, regex, line] of [
  ['(a+)+$', '(a+)+$', nearMiss],
  ['sagemakerXgboostValidation', DEFINITIONS[1]!.regex, xgboostMiss],
] as const) {
  const nativeLengths = name === '(a+)+$' ? [20, 22, 24] : [1024, 2048, 4096];
  console.log(
    JSON.stringify({
      benchmark: 'metricParser',
      case: 'hostileRegex',
      regex: name,
      lineLength: MAX_LINE_LENGTH,
      parserMsPerLine: Number(lineTime(regex, line(MAX_LINE_LENGTH)).toFixed(2)),
      nativeMsByLineLength: Object.fromEntries(
        nativeLengths.map((length) => [length, Number(nativeTime(regex, line(length)).toFixed(1))]),
      ),
      repeats,
    }),
  );
}

const longLine = `loss=0.5 ${'x'.repeat(4_000_000)}`;
const longChunks = chunksOf(longLine, 64 * 1024);
const long = time(() => {
  let cuts = 0;
  const parser = createMetricParser(DEFINITIONS, { onLineCut: () => (cuts += 1) });
  for (const chunk of longChunks) parser.push(chunk);
  return parser.end().length + cuts;
});
console.log(
  JSON.stringify({
    benchmark: 'metricParser',
    case: 'longLine',
    megabytes: longLine.length / 1e6,
    msPerLine: Number(long.ms.toFixed(2)),
    observationsAndCuts: long.result,
    repeats,
  }),
);
