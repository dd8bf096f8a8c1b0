/**
 * Where the page's data comes from: the dashboard's JSON API, or, in a static report, the job embedded in the page
 * as `<script type="application/json" id="tunekit-data">` (then nothing is fetched and nothing is live).
 */
import type { ApiJobDetail, ApiJobListing, ApiTrialDetail } from '../api.ts';

/** The embedded job of a static report, or undefined on the live dashboard. */
export function embeddedJob(): ApiJobDetail | undefined {
  const element = document.getElementById('tunekit-data');
  if (element === null || element.textContent === null) return undefined;
  return JSON.parse(element.textContent) as ApiJobDetail;
}

/** An API URL, relative to the page (so a proxy may serve the dashboard under a path). */
export function apiUrl(path: string): string {
  return new URL(`api/${path}`, new URL('.', location.href)).toString();
}

/** GETs JSON from the API; an error answer throws with its message. */
async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(apiUrl(path), { cache: 'no-store' });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      message = ((await response.json()) as { error?: string }).error ?? message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new Error(message);
  }
  return (await response.json()) as T;
}

export const fetchJobs = () => getJson<ApiJobListing[]>('jobs');
export const fetchJob = (name: string) => getJson<ApiJobDetail>(`jobs/${encodeURIComponent(name)}`);
export const fetchTrial = (name: string, trial: number) =>
  getJson<ApiTrialDetail>(`jobs/${encodeURIComponent(name)}/trials/${trial}`);

/** A piece of a trial's log: the text from `from`, the offset to ask from next, and the trial's status. */
export async function fetchLog(
  name: string,
  trial: number,
  from: number,
): Promise<{ text: string; next: number; status: string | null }> {
  const response = await fetch(apiUrl(`jobs/${encodeURIComponent(name)}/trials/${trial}/log?from=${from}`), {
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const text = await response.text();
  const header = Number(response.headers.get('X-Log-Offset'));
  return {
    text,
    next: Number.isFinite(header) && header >= from ? header : from + new TextEncoder().encode(text).length,
    status: response.headers.get('X-Trial-Status'),
  };
}
