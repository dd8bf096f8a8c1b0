/**
 * The job page's state, kept current by the events stream: a burst's messages carry each trial it touched, folded,
 * and the summary after it, so applying them is a replacement, never a refold. The model's `recommendation` is
 * the one journal event the page folds itself: the last one stands.
 */
import type { ApiEventMessage, ApiJobDetail, ApiRecommendation, ApiTrial } from '../api.ts';
import { recommendationOf } from './best.ts';

/**
 * Applies a batch of events to the job (events at or before `detail.offset` are ignored: a reconnect may repeat
 * them).
 *
 * @param detail - The job as last drawn.
 * @param messages - Events in order.
 * @returns The job after them (the same object when nothing changed).
 */
export function applyEvents(detail: ApiJobDetail, messages: readonly ApiEventMessage[]): ApiJobDetail {
  const fresh = messages.filter((message) => message.offset > detail.offset);
  if (fresh.length === 0) return detail;
  const changed = new Map<number, ApiTrial>();
  for (const message of fresh)
    if (message.trial !== undefined) changed.set(message.trial.trial, message.trial);
  let trials = detail.trials;
  if (changed.size > 0) {
    const next = trials.map((trial) => {
      const update = changed.get(trial.trial);
      if (update === undefined) return trial;
      changed.delete(trial.trial);
      return update;
    });
    next.push(...[...changed.values()].sort((a, b) => a.trial - b.trial));
    trials = next;
  }
  let summary = detail.summary;
  for (const message of fresh) if (message.summary !== undefined) summary = message.summary;
  let recommendation: ApiRecommendation | undefined = detail.recommendation;
  for (const message of fresh)
    if (message.type === 'recommendation') recommendation = recommendationOf(message.event) ?? recommendation;
  return {
    ...detail,
    summary,
    trials,
    ...(recommendation === undefined ? {} : { recommendation }),
    offset: fresh[fresh.length - 1]!.offset,
  };
}
