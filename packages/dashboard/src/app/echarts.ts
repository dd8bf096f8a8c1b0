/**
 * ECharts, tree-shaken to what the dashboard draws: scatter, line, bar, parallel and heatmap series on the canvas
 * renderer (canvas stays fast with 10,000 points; SVG would add a DOM node per point).
 */
import { BarChart, HeatmapChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomInsideComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/** The chart types and components in use, registered before the first chart (the package has no side effects). */
const PARTS = [
  BarChart,
  HeatmapChart,
  LineChart,
  ParallelChart,
  ScatterChart,
  DataZoomInsideComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
];
let registered = false;

/**
 * Creates a chart in an element, in ECharts' dark theme or its default one.
 *
 * @param element - The chart's box.
 * @param dark - Whether to use the dark theme.
 */
export function createChart(element: HTMLElement, dark: boolean): ECharts {
  if (!registered) {
    use(PARTS);
    registered = true;
  }
  return init(element, dark ? 'dark' : undefined, { renderer: 'canvas' });
}

export type { ECharts };
