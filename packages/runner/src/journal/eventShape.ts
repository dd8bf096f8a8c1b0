/**
 * The shape of each journal event, checked when a journal is read: a line that is JSON but not an event the tuner
 * writes (a field missing or of the wrong type, an unknown type) is refused with what is wrong, instead of failing
 * later on a missing property with no line to look at.
 *
 * The events checked are the union of journal/events.ts: `checks` has one entry for each of its types, so an
 * event added there without a check here does not compile. Only what readers use is checked; extra fields are left alone. Whether an event agrees with the events before it (a trial asked before it
 * finishes) is the job view's check.
 */
import type { JournalEvent } from './events.ts';

type Fields = Record<string, unknown>;

/** Checks one event's fields; returns what is wrong, or undefined. */
type EventCheck = (event: Fields) => string | undefined;

const checks: { readonly [Type in JournalEvent['type']]: EventCheck } = {
  jobCreated: (event) =>
    checkSpec(event.spec, 'spec') ??
    expectString(event.specHash, 'specHash') ??
    optional(event.source, 'source', expectString),
  jobResumed: (event) => {
    const pid = expectCount(event.pid, 'pid');
    if (pid !== undefined) return pid;
    if ((event.spec === undefined) !== (event.specHash === undefined))
      return 'spec and specHash must be given together';
    return event.spec === undefined
      ? undefined
      : (checkSpec(event.spec, 'spec') ?? expectString(event.specHash, 'specHash'));
  },
  trialAsked: (event) =>
    expectCount(event.trialId, 'trialId') ??
    expectCount(event.configIndex, 'configIndex') ??
    expectCount(event.attempt, 'attempt') ??
    checkParams(event.params, 'params') ??
    checkNumbers(event.unit, 'unit'),
  trialStarted: (event) =>
    expectCount(event.trialId, 'trialId') ?? optional(event.handle, 'handle', expectObject),
  metric: (event) =>
    expectCount(event.trialId, 'trialId') ?? checkObservation(event.observation, 'observation'),
  trialDecision: (event) =>
    expectCount(event.trialId, 'trialId') ??
    (event.rule === 'hyperband' || event.rule === 'median'
      ? undefined
      : 'rule must be "hyperband" or "median"') ??
    optional(event.bracket, 'bracket', expectCount) ??
    optional(event.rung, 'rung', expectCount) ??
    expectNumber(event.resource, 'resource') ??
    expectNumber(event.value, 'value') ??
    (event.decision === 'promote' || event.decision === 'stop'
      ? undefined
      : 'decision must be "promote" or "stop"') ??
    expectObject(event.basis, 'basis') ??
    optional((event.basis as Fields).threshold, 'basis.threshold', expectNumber) ??
    expectCount((event.basis as Fields).count, 'basis.count') ??
    expectString(event.reason, 'reason'),
  recommendation: (event) =>
    expectCount(event.trialId, 'trialId') ??
    expectNumber(event.estimate, 'estimate') ??
    expectNumber(event.noiseStd, 'noiseStd') ??
    expectNumber(event.noiseRatio, 'noiseRatio') ??
    (typeof event.significant === 'boolean' ? undefined : 'significant must be true or false') ??
    expectCount(event.basedOn, 'basedOn'),
  trialFinished: (event) => expectCount(event.trialId, 'trialId') ?? checkOutcome(event.outcome, 'outcome'),
  trialInterrupted: (event) => expectCount(event.trialId, 'trialId'),
  jobFinished: (event) =>
    expectString(event.reason, 'reason') ??
    optional(event.status, 'status', (value, path) =>
      value === 'Completed' || value === 'Failed' ? undefined : `${path} must be "Completed" or "Failed"`,
    ),
};

/**
 * Checks that a parsed JSON object is a journal event the tuner writes.
 *
 * @param event - The parsed line (a JSON object).
 * @returns What is wrong, with the event's type (`trialFinished event: outcome must be an object`), or undefined.
 */
export function eventShapeProblem(event: Fields): string | undefined {
  const type = event.type;
  const check =
    typeof type === 'string' && Object.hasOwn(checks, type)
      ? checks[type as JournalEvent['type']]
      : undefined;
  if (check === undefined)
    return `journal event: ${typeof type === 'string' ? `unknown type ${JSON.stringify(type.slice(0, 40))}` : 'type must be a string'}`;
  const problem = expectNumber(event.t, 't') ?? check(event);
  return problem === undefined ? undefined : `${type} event: ${problem}`;
}

/** The fields of the spec that readers of a journal use (the spec itself was validated when the job began). */
function checkSpec(value: unknown, path: string): string | undefined {
  const spec = expectObject(value, path);
  if (spec !== undefined) return spec;
  const fields = value as Fields;
  const objective = fields.objective as Fields;
  return (
    expectString(fields.name, `${path}.name`) ??
    expectString(fields.strategy, `${path}.strategy`) ??
    expectObject(fields.objective, `${path}.objective`) ??
    expectString(objective.metric, `${path}.objective.metric`) ??
    (objective.type === 'Minimize' || objective.type === 'Maximize'
      ? undefined
      : `${path}.objective.type must be Minimize or Maximize`) ??
    expectObject(fields.limits, `${path}.limits`) ??
    expectNumber((fields.limits as Fields).maxTrials, `${path}.limits.maxTrials`) ??
    expectObject(fields.executor, `${path}.executor`) ??
    expectString((fields.executor as Fields).kind, `${path}.executor.kind`)
  );
}

function checkParams(value: unknown, path: string): string | undefined {
  const problem = expectObject(value, path);
  if (problem !== undefined) return problem;
  for (const [name, parameter] of Object.entries(value as Fields)) {
    if (typeof parameter !== 'number' && typeof parameter !== 'string')
      return `${path}.${name} must be a number or a string`;
  }
  return undefined;
}

function checkNumbers(value: unknown, path: string): string | undefined {
  if (!Array.isArray(value)) return `${path} must be an array of numbers`;
  const index = value.findIndex((item) => typeof item !== 'number');
  return index === -1 ? undefined : `${path}[${index}] must be a number`;
}

function checkObservation(value: unknown, path: string): string | undefined {
  const problem = expectObject(value, path);
  if (problem !== undefined) return problem;
  const observation = value as Fields;
  return (
    expectString(observation.metric, `${path}.metric`) ??
    // An invalid value is NaN, which JSON writes as null.
    (observation.value === null ? undefined : expectNumber(observation.value, `${path}.value`)) ??
    optional(observation.invalid, `${path}.invalid`, expectString) ??
    expectNumber(observation.line, `${path}.line`) ??
    expectCount(observation.step, `${path}.step`) ??
    optional(observation.time, `${path}.time`, expectNumber)
  );
}

function checkOutcome(value: unknown, path: string): string | undefined {
  const problem = expectObject(value, path);
  if (problem !== undefined) return problem;
  const outcome = value as Fields;
  switch (outcome.status) {
    case 'Completed':
      return (
        expectNumber(outcome.objective, `${path}.objective`) ??
        optional(outcome.finalMetrics, `${path}.finalMetrics`, checkFinalMetrics)
      );
    case 'Failed':
      return expectString(outcome.reason, `${path}.reason`);
    case 'Stopped':
      return (
        expectString(outcome.reason, `${path}.reason`) ??
        optional(outcome.objective, `${path}.objective`, expectNumber)
      );
    default:
      return `${path}.status must be Completed, Failed or Stopped`;
  }
}

function checkFinalMetrics(value: unknown, path: string): string | undefined {
  const problem = expectObject(value, path);
  if (problem !== undefined) return problem;
  for (const [name, metric] of Object.entries(value as Fields)) {
    // A last value that was NaN is written as null.
    if (metric !== null && typeof metric !== 'number') return `${path}.${name} must be a number`;
  }
  return undefined;
}

function optional(
  value: unknown,
  path: string,
  check: (value: unknown, path: string) => string | undefined,
): string | undefined {
  return value === undefined ? undefined : check(value, path);
}

function expectObject(value: unknown, path: string): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? undefined
    : `${path} must be an object`;
}

function expectString(value: unknown, path: string): string | undefined {
  return typeof value === 'string' ? undefined : `${path} must be a string`;
}

function expectNumber(value: unknown, path: string): string | undefined {
  return typeof value === 'number' ? undefined : `${path} must be a number`;
}

function expectCount(value: unknown, path: string): string | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0
    ? undefined
    : `${path} must be a whole number of at least 0`;
}
