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
