import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricObservation } from '@tunekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsFileReader, parseMetricLine } from './metricsFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunekit-metrics-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const counter = (): ((metric: string) => number) => {
  const counts = new Map<string, number>();
  return (metric) => {
    const step = counts.get(metric) ?? 0;
    counts.set(metric, step + 1);
    return step;
  };
};

describe('parseMetricLine', () => {
  it('reads a metric, its value and its step, counting steps per metric when none is given', () => {
    const next = counter();
    expect(parseMetricLine('{"metric":"rmse","value":3.5,"step":7}', 1, next)).toMatchObject({
      metric: 'rmse',
      value: 3.5,
      step: 7,
      line: 1,
    });
    expect(parseMetricLine('{"metric":"rmse","value":3}', 2, next)).toMatchObject({ step: 0 });
    expect(parseMetricLine('{"metric":"rmse","value":"2.5"}', 3, next)).toMatchObject({
      value: 2.5,
      step: 1,
    });
    expect(parseMetricLine('{"metric":"acc","value":1}', 4, next)).toMatchObject({ step: 0 });
  });

  it.each([
    ['{"metric":"rmse","value":NaN}', '"NaN" is not a finite number'],
    ['{"metric":"rmse","value":-Infinity}', '"-Infinity" is not a finite number'],
    ['{"metric":"rmse","value":null}', 'null is not a finite number'],
    ['{"metric":"rmse","value":"nan"}', '"nan" is not a finite number'],
    ['{"metric":"rmse","value":""}', '"" is not a finite number'],
  ])('records %s as invalid, never as a number', (line, reason) => {
    const observation = parseMetricLine(line, 1, counter()) as MetricObservation;
    expect(observation.invalid).toBe(reason);
    expect(observation.value).toBeNaN();
  });

  it.each([
    ['rmse 3.5', /^not JSON/],
    ['[1]', /^not a JSON object/],
    ['{"value":1}', /^no "metric" name/],
    ['{"metric":"rmse"}', /^no "value" for rmse/],
  ])('says what is wrong with %s', (line, problem) => {
    expect(parseMetricLine(line, 1, counter())).toMatch(problem);
  });
});

describe('MetricsFileReader', () => {
  it('reads only what was appended since the last poll, and a last line without newline at the end', () => {
    const path = join(dir, 'metrics.jsonl');
    writeFileSync(path, '');
    const seen: MetricObservation[] = [];
    const reader = new MetricsFileReader(path, (observation) => seen.push(observation));
    appendFileSync(path, '{"metric":"a","value":1}\n{"metric":"a","va');
    reader.poll();
    expect(seen.map((o) => o.value)).toEqual([1]);
    appendFileSync(path, 'lue":2}\nbroken\n{"metric":"a","value":3}');
    reader.poll();
    expect(seen.map((o) => o.value)).toEqual([1, 2]);
    reader.poll(true);
    expect(seen.map((o) => [o.value, o.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
    ]);
    expect(reader.problems).toEqual([`${path} line 3: not JSON (${problemOf('broken')})`]);
  });

  it('reads nothing from a file that does not exist', () => {
    const reader = new MetricsFileReader(join(dir, 'none.jsonl'), () => {
      throw new Error('no observation expected');
    });
    reader.poll(true);
    expect(reader.problems).toEqual([]);
  });
});

function problemOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}
