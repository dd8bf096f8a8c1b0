/**
 * Reads back the job an HTML report embeds (`<script type="application/json" id="tunekit-data">`), as the page
 * does: the element's text up to the first `</script`, parsed as JSON. A value that broke out of the element would
 * make this fail or differ.
 */
import type { ApiJobDetail } from '@tunekit/dashboard/api';

export function embeddedReportJob(html: string): ApiJobDetail {
  const open = '<script type="application/json" id="tunekit-data">';
  const start = html.indexOf(open);
  if (start < 0) throw new Error('the report embeds no job');
  const end = html.indexOf('</script', start + open.length);
  return JSON.parse(html.slice(start + open.length, end)) as ApiJobDetail;
}
