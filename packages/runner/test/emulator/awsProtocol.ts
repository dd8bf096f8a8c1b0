/**
 * The AWS JSON 1.1 protocol as the emulator speaks it: errors with `__type`, timestamps as epoch seconds.
 */

/** An error the emulator answers with: HTTP status, AWS error type and message. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A JSON 1.1 timestamp: epoch seconds. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** Reads a required string field of a request, or answers ValidationException naming it. */
export function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** Reads an optional object field. */
export function objectField(
  body: Record<string, unknown>,
  field: string,
): Record<string, unknown> | undefined {
  const value = body[field];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Pages through a list with SageMaker's NextToken (the index of the next item) and MaxResults. */
export function page<T>(
  items: readonly T[],
  body: Record<string, unknown>,
  defaultMax = 10,
): { items: T[]; nextToken?: string } {
  const start = typeof body.NextToken === 'string' ? Number(body.NextToken) : 0;
  const max = typeof body.MaxResults === 'number' ? body.MaxResults : defaultMax;
  const slice = items.slice(start, start + max);
  const next = start + max;
  return next < items.length ? { items: slice, nextToken: String(next) } : { items: slice };
}
