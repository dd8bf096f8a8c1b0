/**
 * The HTML report: the dashboard's job page frozen in one self-contained file. The job is built into the same
 * ApiJobDetail the dashboard's API serves and embedded in the built page (@tunekit/dashboard/assets), so the report
 * and the live dashboard draw with one chart code: history, intermediate values, parallel coordinates, importance,
 * slices, contour and the trials table, with nothing fetched when it is opened.
 */
import { renderReportHtml } from '@tunekit/dashboard/assets';
import { apiJobDetail } from '../dashboard/apiValues.ts';
import { createMetricCurves, type MetricCurves } from '../dashboard/metricCurves.ts';
import type { JobView } from '../journal/jobView.ts';

/** What the report knows beside the view fold. */
export interface HtmlReportOptions {
  /** Every trial's metric values by step (the intermediate values chart); none when absent. */
  readonly curves?: MetricCurves;
  /** The live tuner running the job, if any. */
  readonly tunerPid?: number;
  /** The journal offset the view reflects. */
  readonly offset?: number;
}

/**
 * Renders the report as one HTML document with no external resources.
 *
 * @param view - The job.
 * @param options - Its metric curves and the tuner running it.
 * @returns HTML text.
 * @throws Error when @tunekit/dashboard's page is not built.
 */
export function htmlReport(view: JobView, options: HtmlReportOptions = {}): string {
  return renderReportHtml(
    apiJobDetail(view, options.curves ?? createMetricCurves(), options.tunerPid, options.offset ?? 0),
  );
}
