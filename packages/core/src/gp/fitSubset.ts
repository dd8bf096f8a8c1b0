/**
 * Choosing the observations a hyperparameter fit uses when there are too many for an O(n³) fit per step.
 *
 * Shapes: targets y has length n; the result lists m < n distinct row indices in increasing order.
 * Half the budget goes to the lowest targets (the region a minimising search cares about: the strategy passes
 * targets to be minimised), the rest is spread evenly over the other observations in their order, so the
 * length scales still see the whole history. Deterministic: no randomness involved.
 * @internal
 */

/**
 * Indices of the observations to fit hyperparameters on.
 *
 * @param targets - y, length n.
 * @param maximum - m, the most observations to keep (at least 1).
 * @returns m indices in increasing order (all n indices when n ≤ m).
 */
export function selectFitSubset(targets: ArrayLike<number>, maximum: number): Int32Array {
  const n = targets.length;
  const m = Math.max(1, Math.floor(maximum));
  if (n <= m) return Int32Array.from({ length: n }, (_, i) => i);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => targets[a]! - targets[b]! || a - b);
  const chosen = new Uint8Array(n);
  const best = Math.ceil(m / 2);
  for (let k = 0; k < best; k++) chosen[order[k]!] = 1;
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (!chosen[i]) rest.push(i);
  const spread = m - best;
  for (let k = 0; k < spread; k++) chosen[rest[Math.floor(((k + 0.5) * rest.length) / spread)]!] = 1;
  const out = new Int32Array(m);
  let next = 0;
  for (let i = 0; i < n; i++) if (chosen[i]) out[next++] = i;
  return out;
}
