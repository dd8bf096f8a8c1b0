/**
 * Hash routes: `#/` (jobs), `#/jobs/<name>` (a job), `#/jobs/<name>/trials/<id>` (a trial).
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly page: 'jobs' }
  | { readonly page: 'job'; readonly name: string }
  | { readonly page: 'trial'; readonly name: string; readonly trial: number };

/** The route of a hash. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  try {
    if (parts[0] === 'jobs' && parts[1] !== undefined) {
      const name = decodeURIComponent(parts[1]);
      if (parts[2] === 'trials' && parts[3] !== undefined && /^\d+$/.test(parts[3]))
        return { page: 'trial', name, trial: Number(parts[3]) };
      return { page: 'job', name };
    }
  } catch {
    // A malformed escape: the jobs page.
  }
  return { page: 'jobs' };
}

/** The link to a job, or to one of its trials. */
export function jobHref(name: string, trial?: number): string {
  return `#/jobs/${encodeURIComponent(name)}${trial === undefined ? '' : `/trials/${trial}`}`;
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
