/**
 * Settings every chart shares: no animation (live updates redraw often), a transparent background so the page's
 * light or dark scheme shows through, and axis titles placed beside their axes.
 */
import { axisTitle } from './format.ts';

/** An ECharts option object (the charts build plain data; the page hands it to ECharts). */
export type ChartOption = Record<string, unknown>;

/** The base of every option. */
export const BASE = { animation: false, backgroundColor: 'transparent' } as const;

/** A value axis with a title in the middle of it. */
export function valueAxis(
  name: string,
  unit: string | undefined,
  side: 'x' | 'y',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'value',
    name: axisTitle(name, unit),
    nameLocation: 'middle',
    nameGap: side === 'x' ? 28 : 52,
    nameTextStyle: { fontWeight: 'bold' },
    splitLine: { lineStyle: { opacity: 0.4 } },
    ...extra,
  };
}

/** A legend at the top, scrolling when it does not fit. */
export const LEGEND = { type: 'scroll', top: 0, left: 'center' } as const;

/** The `name` of each entry of an option's component, which may be one object or a list. */
function names(component: unknown): string[] {
  const list = Array.isArray(component) ? component : component === undefined ? [] : [component];
  return list
    .map((entry) => (entry as { name?: unknown }).name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

/**
 * A text description of a chart for screen readers (a canvas has no text): its axes' titles and its legend's
 * entries (the series' names, or the colour bar's text).
 *
 * @param title - What the chart shows.
 */
export function chartLabel(title: string, option: ChartOption): string {
  const parts = [title];
  const x = names(option.xAxis);
  const y = names(option.yAxis);
  const parallel = names(option.parallelAxis);
  if (x.length > 0) parts.push(`x axis: ${x.join(', ')}`);
  if (y.length > 0) parts.push(`y axis: ${y.join(', ')}`);
  if (parallel.length > 0) parts.push(`axes: ${parallel.map((name) => name.replace(/\n/g, ' ')).join(', ')}`);
  const legend = [...new Set(names(option.series))];
  if (legend.length > 0) parts.push(`legend: ${legend.join(', ')}`);
  const colorBar = (option.visualMap as { text?: string[] } | undefined)?.text;
  if (colorBar !== undefined) parts.push(`colour: ${[...colorBar].reverse().join(' to ')}`);
  return `${parts.join('; ')}.`;
}
