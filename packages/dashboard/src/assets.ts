/**
 * The built page, for Node: where its files are (`tunekit dashboard` serves them) and the static report, which is
 * the same page with a job embedded in it, frozen in one self-contained HTML file.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiJobDetail } from './api.ts';
import { DashboardError } from './errors.ts';

export { DashboardError, type DashboardErrorCode } from './errors.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The absolute path of the built page's folder (`index.html` and `assets/`): `dist/app` of this package, from its
 * sources (`src/`) or its build (`dist/`) alike. It exists once the package is built (`vite build`).
 */
export const appDir: string = basename(here) === 'src' ? join(here, '..', 'dist', 'app') : join(here, 'app');

/** Options of {@link renderReportHtml}. */
export interface ReportHtmlOptions {
  /** The document's title; `tunekit: <job name>` by default. */
  readonly title?: string;
  /** The built page's folder; {@link appDir} by default. */
  readonly appDir?: string;
}

/** Text safe inside an HTML element: `&`, `<` and `>` escaped. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * JSON safe inside `<script type="application/json">`: every `<`, `>` and `&` as a \u escape (so no `</script` or
 * `<!--` can end or change the element), and U+2028/2029 escaped too. `JSON.parse` reads it back unchanged.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Script text safe inside `<script>`: a `</script` in a string or regular expression becomes `<\/script`. */
function scriptSafeCode(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * Renders a job as one self-contained HTML file: the dashboard's job page (its script and stylesheet inlined)
 * booting from the embedded job instead of the API. Nothing is fetched when it is opened; it works offline.
 *
 * @param detail - The job, as `/api/jobs/<name>` answers it.
 * @returns The HTML text.
 * @throws DashboardError `pageNotBuilt` when the page is not built (run `pnpm --filter @tunekit/dashboard build`).
 * @example
 * writeFileSync('report.html', renderReportHtml(detail));
 */
export function renderReportHtml(detail: ApiJobDetail, options: ReportHtmlOptions = {}): string {
  const folder = options.appDir ?? appDir;
  let html: string;
  try {
    html = readFileSync(join(folder, 'index.html'), 'utf8');
  } catch (cause) {
    throw new DashboardError(
      'pageNotBuilt',
      `the dashboard's page is not built in ${folder}: run \`pnpm --filter @tunekit/dashboard build\``,
      { cause },
    );
  }
  const asset = (relative: string) => readFileSync(join(folder, relative.replace(/^\.?\//, '')), 'utf8');
  html = html.replace(
    /<script type="module"[^>]*\ssrc="([^"]+)"[^>]*><\/script>/g,
    (_, src: string) => `<script type="module">${scriptSafeCode(asset(src))}</script>`,
  );
  html = html.replace(
    /<link rel="stylesheet"[^>]*\shref="([^"]+)"[^>]*>/g,
    (_, href: string) => `<style>${asset(href).replace(/<\/(style)/gi, '<\\/$1')}</style>`,
  );
  const title = options.title ?? `tunekit: ${detail.summary.name}`;
  html = html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`);
  // A function replacement: `$` in the JSON must not be read as a replacement pattern.
  return html.replace(
    '<div id="root"></div>',
    () =>
      `<div id="root"></div>\n    <script type="application/json" id="tunekit-data">${scriptSafeJson(detail)}</script>`,
  );
}
