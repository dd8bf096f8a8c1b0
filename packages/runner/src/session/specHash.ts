/**
 * A stable fingerprint of a validated spec: SHA-256 of its JSON with keys sorted, so the same tuning file gives
 * the same hash whatever the order of its fields.
 */
import { createHash } from 'node:crypto';

/**
 * Hashes a spec.
 *
 * @param spec - A JSON-serialisable value (a `TuningJobSpec`).
 * @returns `sha256:` and 64 hex digits.
 */
export function specHash(spec: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(spec)).digest('hex')}`;
}

/**
 * JSON with object keys sorted at every level (arrays keep their order).
 *
 * @param value - A JSON-serialisable value.
 * @returns The canonical text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  });
}
