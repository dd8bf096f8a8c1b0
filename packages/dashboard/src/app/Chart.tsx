/**
 * One ECharts chart in a div: created for the scheme (light or dark), given new options in place (series replaced
 * by id, axes and brushes kept), resized with its box, disposed when it leaves.
 */
import { useEffect, useRef } from 'preact/hooks';
import { type ChartOption, chartLabel } from '../charts/common.ts';
import { cancelDraw, queueDraw } from './drawQueue.ts';
import { createChart, type ECharts } from './echarts.ts';
import { useScheme } from './scheme.ts';

/** Props of {@link Chart}. */
export interface ChartProps {
  readonly option: ChartOption | undefined;
  /** What the chart shows, for its text description (`aria-label`). */
  readonly title: string;
  readonly height?: number;
  readonly testId?: string;
  /** Called with the chart once it exists (again after a scheme change), to attach events. */
  readonly onChart?: (chart: ECharts) => void;
  /** Shown instead of the chart when there is no option. */
  readonly empty?: string;
}

export function Chart({ option, title, height = 320, testId, onChart, empty }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);
  const scheme = useScheme();
  const hasOption = option !== undefined;
  useEffect(() => {
    if (box.current === null || !hasOption) return;
    const instance = createChart(box.current, scheme === 'dark');
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    onChart?.(instance);
    return () => {
      cancelDraw(instance);
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, [scheme, hasOption]);
  useEffect(() => {
    const instance = chart.current;
    if (option === undefined || instance === undefined) return;
    queueDraw(
      instance,
      () => {
        if (!instance.isDisposed()) instance.setOption(option, { replaceMerge: ['series'] });
      },
      title,
    );
  }, [option, scheme]);
  if (!hasOption)
    return (
      // As tall as the chart will be: the page does not jump when it is drawn.
      <div class="chart empty" style={{ minHeight: `${height}px` }} data-testid={testId}>
        {empty ?? 'No data yet.'}
      </div>
    );
  return (
    <div
      class="chart"
      style={{ height: `${height}px` }}
      ref={box}
      role="img"
      aria-label={chartLabel(title, option)}
      data-testid={testId}
    />
  );
}
