/**
 * Every trial's metric values by step, kept by the dashboard beside the view fold: the fold keeps only the last
 * value of each metric (and the objective's curve only under early stopping Auto), while the page draws each
 * trial's intermediate values. Fed the same journal events as the fold, in the same order.
 *
 * Shapes: trial id → metric name → [step, value] pairs in the order journaled (steps rise within a run; the
 * journal may have thinned them, session/metricThinning.ts). A `trialStarted` starts the trial's curves afresh,
 * as the fold does for its last values: a rerun's values replace the interrupted run's.
 */
import type { JournalEvent } from '../journal/events.ts';

/** One metric's values in a trial's last run, as [step, value] pairs. */
export type MetricCurve = [number, number][];

/** Per-trial metric curves, folded from journal events. */
export interface MetricCurves {
  /**
   * Folds one event: `jobCreated` and `jobResumed` name the spec's metrics, `trialStarted` starts a trial's curves
   * afresh, a valid `metric` value of one of the spec's metrics is added; other events change nothing.
   */
  add(event: JournalEvent): void;
  /**
   * @param trialId - The trial.
   * @param metric - The metric's name.
   * @returns Its values by step in the trial's last run, empty when it reported none.
   */
  curve(trialId: number, metric: string): readonly (readonly [number, number])[];
  /**
   * @param trialId - The trial.
   * @returns Every metric's curve in the trial's last run, by name (no prototype: a metric may be `__proto__`).
   */
  curves(trialId: number): Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

const EMPTY: readonly (readonly [number, number])[] = Object.freeze([]);

/**
 * Creates the curves of a job.
 *
 * @returns The curves, empty.
 */
export function createMetricCurves(): MetricCurves {
  const byTrial = new Map<number, Map<string, MetricCurve>>();
  // The spec's metric names, as the fold keeps last values only for them.
  let known = new Set<string>();
  return {
    add(event) {
      if (event.type === 'jobCreated' || (event.type === 'jobResumed' && event.spec !== undefined)) {
        known = new Set(event.spec!.metrics.map((metric) => metric.name));
        return;
      }
      if (event.type === 'trialStarted') {
        byTrial.delete(event.trialId);
        return;
      }
      if (event.type !== 'metric') return;
      const { metric, value, invalid, step } = event.observation;
      if (invalid !== undefined || !Number.isFinite(value) || !known.has(metric)) return;
      let curves = byTrial.get(event.trialId);
      if (curves === undefined) {
        curves = new Map();
        byTrial.set(event.trialId, curves);
      }
      let curve = curves.get(metric);
      if (curve === undefined) {
        curve = [];
        curves.set(metric, curve);
      }
      curve.push([step, value]);
    },
    curve(trialId, metric) {
      return byTrial.get(trialId)?.get(metric) ?? EMPTY;
    },
    curves(trialId) {
      const out: Record<string, readonly (readonly [number, number])[]> = Object.create(null);
      for (const [metric, curve] of byTrial.get(trialId) ?? []) out[metric] = curve;
      return out;
    },
  };
}
