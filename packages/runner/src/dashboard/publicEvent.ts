/**
 * A journal event as the dashboard sends it: the spec inside `jobCreated` and `jobResumed` carries the
 * environment given to every trial (`executor.local.env`, SageMaker's `environment`), where tuning files put API
 * keys and tokens. Those values stay in the journal on disk; the network sees their names only.
 */
import type { TuningJobSpec } from '@tunekit/core';
import type { JournalEvent } from '../journal/events.ts';

/** What a hidden value reads as. */
export const HIDDEN_VALUE = '(hidden)';

/**
 * @param event - The event as journaled.
 * @returns The same event, with environment values hidden when it holds a spec.
 */
export function publicEvent(event: JournalEvent): JournalEvent {
  if ((event.type !== 'jobCreated' && event.type !== 'jobResumed') || event.spec === undefined) return event;
  return { ...event, spec: publicSpec(event.spec) };
}

function publicSpec(spec: TuningJobSpec): TuningJobSpec {
  const executor = spec.executor;
  if (executor.kind === 'local') {
    return { ...spec, executor: { ...executor, env: hide(executor.env) } };
  }
  if (executor.kind === 'remote') return spec;
  const settings = { ...executor.settings, environment: hide(executor.settings.environment) };
  return { ...spec, executor: { ...executor, settings } as typeof executor };
}

function hide(values: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const name of Object.keys(values ?? {})) out[name] = HIDDEN_VALUE;
  return out;
}
