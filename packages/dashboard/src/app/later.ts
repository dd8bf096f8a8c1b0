/**
 * The page's deferred work (drawing a chart, building a chart's option, the next stage of a page's first drawing)
 * runs at background priority where the browser schedules tasks by priority (`scheduler.postTask`, in Chromium and
 * Firefox): an event from the stream or the user's input that arrives meanwhile is handled before the next piece of
 * drawing, not after all of it. Elsewhere it is a plain timer.
 */

interface PostTaskScheduler {
  postTask(
    task: () => void,
    options: { priority: 'background'; delay: number; signal: AbortSignal },
  ): Promise<unknown>;
}

const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;

/**
 * Runs `task` in a task of its own, after `delayMs`, behind events and input.
 *
 * @returns Cancels it if it has not run.
 */
export function later(task: () => void, delayMs = 0): () => void {
  if (typeof scheduler?.postTask === 'function') {
    const controller = new AbortController();
    scheduler
      .postTask(task, { priority: 'background', delay: delayMs, signal: controller.signal })
      .catch((error: unknown) => {
        // An aborted task rejects with the abort reason: nothing to report. A task that threw is reported as a
        // timer's would be.
        if (!controller.signal.aborted) reportError(error);
      });
    return () => controller.abort();
  }
  const timer = setTimeout(task, delayMs);
  return () => clearTimeout(timer);
}
