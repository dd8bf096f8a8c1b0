/**
 * Panels drawn only near the screen: a job of thousands of trials takes seconds of the page's time to draw every
 * panel (a random forest for the importance and the contour, a chart per range for the slices), and a user looks
 * at one part of the page at a time. A panel out of view keeps what it last drew and catches up when it is scrolled
 * back near the screen.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** How far outside the screen a panel counts as in view: it is drawn just before it is scrolled to. */
const MARGIN = '100px 0px';

/** A panel's visibility: `ref` goes on its element (the placeholder first, then the panel). */
export interface InView {
  readonly ref: (element: Element | null) => void;
  readonly inView: boolean;
}

/**
 * Whether the element given to `ref` is within {@link MARGIN} of the screen. With `enabled` false it is always in
 * view (a small job, or a static report, which draws everything).
 */
export function useInView(enabled: boolean): InView {
  const [inView, setInView] = useState(false);
  const element = useRef<Element | undefined>(undefined);
  const observer = useRef<IntersectionObserver | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    const watcher = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) if (entry.target === element.current) setInView(entry.isIntersecting);
      },
      { rootMargin: MARGIN },
    );
    observer.current = watcher;
    if (element.current !== undefined) watcher.observe(element.current);
    return () => {
      watcher.disconnect();
      observer.current = undefined;
    };
  }, [enabled]);
  // The placeholder and the panel are different elements: the latest one given is the one watched.
  const ref = useCallback((next: Element | null) => {
    if (next === null || next === element.current) return;
    element.current = next;
    observer.current?.disconnect();
    observer.current?.observe(next);
  }, []);
  return { ref, inView: !enabled || inView };
}

/** `value` while in view; out of view, the value it had when last in view (undefined if never). */
export function useWhileInView<T>(value: T, inView: boolean): T | undefined {
  const last = useRef<T | undefined>(undefined);
  if (inView) last.current = value;
  return last.current;
}
