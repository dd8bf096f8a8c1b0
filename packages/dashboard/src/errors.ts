/**
 * Errors of @tunekit/dashboard: each has a stable `code` and a message that says what to change.
 */

export type DashboardErrorCode =
  /** The page's files are missing (the package was not built): `renderReportHtml` has nothing to inline. */
  'pageNotBuilt';

/** An error of @tunekit/dashboard, with a stable `code`. */
export class DashboardError extends Error {
  override readonly name = 'DashboardError';

  constructor(
    readonly code: DashboardErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
