/**
 * Progress for logs and pipes: one plain line per event, no colours, no cursor movement.
 */
import type { JobEvent, JobEventListener } from '../session/jobEvents.ts';
import { failureDetail, formatCounters, formatElapsed, formatOutcome, formatParams } from './format.ts';

/**
 * Creates a listener that writes one line per job event (metrics excepted: too many for a log).
 *
 * @param write - Where lines go (for example `process.stderr.write`).
 * @param objectiveMetric - The objective metric's name.
 * @returns The listener.
 */
export function createPlainProgress(
  write: (text: string) => void,
  objectiveMetric: string,
): JobEventListener {
  return (event: JobEvent) => {
    const text = describe(event, objectiveMetric);
    if (text !== undefined) write(`[${formatElapsed(event.progress.elapsedMs)}] ${text}\n`);
  };
}

/**
 * One line for an event, or undefined for events a log does not need.
 *
 * @param event - The event.
 * @param objectiveMetric - The objective metric's name.
 * @returns The line, without a newline.
 */
export function describe(event: JobEvent, objectiveMetric: string): string | undefined {
  switch (event.type) {
    case 'jobStarted': {
      const lines = [
        `${event.resumed ? 'resuming' : 'starting'} job ${event.name}: ${formatCounters(event.progress)}`,
      ];
      for (const change of event.changes) {
        lines.push(
          `  tuning file changed (harmless): ${change.path}: ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`,
        );
      }
      if (event.rerun.length > 0)
        lines.push(`  running again the trials that were in flight: ${event.rerun.join(', ')}`);
      return lines.join('\n');
    }
    case 'trialStarted':
      return `trial ${event.trialId} ${event.rerun ? 'restarted' : 'started'}: ${formatParams(event.params)}`;
    case 'trialMetric':
      return undefined;
    case 'trialFinished':
      return `trial ${event.trialId} ${formatOutcome(event.outcome, objectiveMetric)}${event.isBest ? ' (new best)' : ''} | ${formatCounters(event.progress)}${failureDetail(event.outcome)}`;
    case 'trialInterrupted':
      return `trial ${event.trialId} interrupted: it runs again when the job is resumed`;
    case 'interrupting':
      return `stopping ${event.running} running trial${event.running === 1 ? '' : 's'} (Ctrl-C again to kill at once)`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'jobFinished':
      return `job ${event.status.toLowerCase()}: ${event.reason} | ${formatCounters(event.progress)}`;
  }
}
