/**
 * The colour scheme: the system's (prefers-color-scheme) unless the user picked one with the toggle (kept in
 * localStorage). The root element carries `data-scheme` for the stylesheet; charts re-create themselves on change.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Scheme = 'light' | 'dark';

const KEY = 'tunekit.scheme';

/** The scheme to start with. */
export function initialScheme(): Scheme {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // No storage (a file:// report in some browsers): follow the system.
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies a scheme to the page and remembers a user's choice. */
export function applyScheme(scheme: Scheme, remember: boolean): void {
  document.documentElement.dataset.scheme = scheme;
  if (!remember) return;
  try {
    localStorage.setItem(KEY, scheme);
  } catch {
    // Not remembered; the page still switches.
  }
}

export const SchemeContext = createContext<Scheme>('light');

/** The current scheme. */
export function useScheme(): Scheme {
  return useContext(SchemeContext);
}
