/**
 * Hyperband's arithmetic (Li, Jamieson, DeSalvo, Rostamizadeh, Talwalkar, "Hyperband: A Novel Bandit-Based
 * Approach to Hyperparameter Optimization", JMLR 18, 2018, Algorithm 1), with SageMaker's resource bounds.
 *
 * Symbols: R = maxResource, r = minResource, η = eta (integers, r < R, η >= 2).
 * - s_max = floor(log_η(R / r)), computed in integers (no floating-point log): the largest s with r·η^s <= R.
 * - Bracket s (s = s_max, ..., 0; s_max is the most aggressive) starts n_s = ceil((s_max + 1) / (s + 1) · η^s)
 *   configurations at resource r·η^(s_max - s). The paper, in units where r = 1 and R = η^s_max, writes the
 *   start as R·η^(-s): the same number. When R / r is not a power of η, tunekit keeps the rungs on the grid
 *   r·η^k that the asynchronous version (ASHA, Li et al. MLSys 2020) uses, and the last rung is R itself.
 * - Successive halving inside bracket s, rung i = 0..s: n_i = floor(n_s · η^(-i)) configurations at
 *   r_i = r·η^(s_max - s + i) (rung s at R).
 * For R = 81, r = 1, η = 3 this is the paper's table: s = 4 runs (81, 1) (27, 3) (9, 9) (3, 27) (1, 81).
 */

/** The resources Hyperband works with. */
export interface HyperbandResources {
  readonly minResource: number;
  readonly maxResource: number;
  readonly eta: number;
}

/** One rung of a bracket in synchronous successive halving: how many configurations, at which resource. */
export interface SuccessiveHalvingRung {
  readonly configurations: number;
  readonly resource: number;
}

/** One bracket of Hyperband: its index s and its rungs. */
export interface HyperbandBracket {
  readonly s: number;
  /** n_s, the configurations the bracket starts. */
  readonly configurations: number;
  readonly rungs: readonly SuccessiveHalvingRung[];
}

/** s_max = floor(log_eta(maxResource / minResource)), in integers. */
export function maxBracket({ minResource, maxResource, eta }: HyperbandResources): number {
  let s = 0;
  let resource = minResource;
  while (resource * eta <= maxResource) {
    resource *= eta;
    s += 1;
  }
  return s;
}

/**
 * The resources of a bracket's rungs: r·η^(s_max - s + i) for i < s, and maxResource last.
 *
 * @param resources - minResource, maxResource, eta.
 * @param s - The bracket (0..s_max).
 * @returns s + 1 increasing resources; the last is maxResource.
 */
export function rungResources(resources: HyperbandResources, s: number): number[] {
  const sMax = maxBracket(resources);
  const out: number[] = [];
  let resource = resources.minResource * resources.eta ** (sMax - s);
  for (let i = 0; i < s; i++) {
    out.push(resource);
    resource *= resources.eta;
  }
  out.push(resources.maxResource);
  return out;
}

/**
 * Hyperband's brackets, as the paper's table lists them (s_max first).
 *
 * @param resources - minResource, maxResource, eta.
 * @returns One bracket for each s = s_max..0.
 */
export function hyperbandBrackets(resources: HyperbandResources): HyperbandBracket[] {
  const sMax = maxBracket(resources);
  const brackets: HyperbandBracket[] = [];
  for (let s = sMax; s >= 0; s--) {
    const configurations = bracketSize(sMax, s, resources.eta);
    const rungs = rungResources(resources, s).map((resource, i) => ({
      configurations: Math.floor(configurations / resources.eta ** i),
      resource,
    }));
    brackets.push({ s, configurations, rungs });
  }
  return brackets;
}

/** n_s = ceil((s_max + 1) / (s + 1) · η^s), in integers. */
function bracketSize(sMax: number, s: number, eta: number): number {
  return Math.floor(((sMax + 1) * eta ** s + s) / (s + 1));
}

/**
 * The bracket of a new configuration: brackets take turns in Hyperband's proportions (bracket s gets n_s of every
 * Σ n_s configurations), interleaved by smooth weighted round-robin so that a short job still tries every bracket
 * early. A pure function of the configuration's index, so a resumed job assigns the same brackets.
 *
 * @param resources - minResource, maxResource, eta.
 * @param configIndex - The configuration's 0-based index.
 * @returns Its bracket s (0..s_max).
 */
export function bracketOf(resources: HyperbandResources, configIndex: number): number {
  return bracketSequence(resources)[configIndex % cycleLength(resources)]!;
}

const sequences = new Map<string, number[]>();

/** One cycle of the smooth weighted round-robin over the brackets (weights n_s), cached by resources. */
function bracketSequence(resources: HyperbandResources): number[] {
  const key = `${resources.minResource}/${resources.maxResource}/${resources.eta}`;
  const cached = sequences.get(key);
  if (cached !== undefined) return cached;
  const sMax = maxBracket(resources);
  const weights = Array.from({ length: sMax + 1 }, (_, s) => bracketSize(sMax, s, resources.eta));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const current = new Array<number>(sMax + 1).fill(0);
  const sequence: number[] = [];
  for (let step = 0; step < total; step++) {
    let chosen = 0;
    for (let s = 0; s <= sMax; s++) {
      current[s]! += weights[s]!;
      // Ties go to the more aggressive bracket (larger s), which starts the most configurations.
      if (current[s]! >= current[chosen]!) chosen = s;
    }
    current[chosen]! -= total;
    sequence.push(chosen);
  }
  sequences.set(key, sequence);
  return sequence;
}

function cycleLength(resources: HyperbandResources): number {
  return bracketSequence(resources).length;
}
