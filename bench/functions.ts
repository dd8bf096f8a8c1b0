/**
 * The benchmark functions of the quality benchmark (all minimised), with their search spaces: Branin,
 * Hartmann6, Rosenbrock (4-D), Ackley (5-D) and a mixed learning-rate/depth/activation objective
 * (Surjanovic & Bingham's definitions; see shared/reference/benchmark-functions.md).
 */
import type { Parameter, ParameterValues, ScalingType } from '@tunekit/core';

/** A benchmark objective over a search space. */
export interface BenchmarkFunction {
  readonly name: string;
  readonly parameters: readonly Parameter[];
  /** Global minimum value. */
  readonly optimum: number;
  evaluate(values: ParameterValues): number;
}

const continuous = (name: string, min: number, max: number, scaling: ScalingType = 'Linear'): Parameter => ({
  type: 'continuous',
  name,
  min,
  max,
  scaling,
});

const vector = (values: ParameterValues, count: number): number[] =>
  Array.from({ length: count }, (_, i) => Number(values[`x${i + 1}`]));

export const branin: BenchmarkFunction = {
  name: 'branin',
  parameters: [continuous('x1', -5, 10), continuous('x2', 0, 15)],
  optimum: 0.397887,
  evaluate(values) {
    const [x1, x2] = vector(values, 2) as [number, number];
    const b = 5.1 / (4 * Math.PI * Math.PI);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
  },
};

const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((value) => value * 1e-4));

export const hartmann6: BenchmarkFunction = {
  name: 'hartmann6',
  parameters: Array.from({ length: 6 }, (_, i) => continuous(`x${i + 1}`, 0, 1)),
  optimum: -3.32237,
  evaluate(values) {
    const x = vector(values, 6);
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += HARTMANN_A[i]![j]! * (x[j]! - HARTMANN_P[i]![j]!) ** 2;
      sum += HARTMANN_ALPHA[i]! * Math.exp(-inner);
    }
    return -sum;
  },
};

/**
 * Branin at fidelity z in (0, 1] (z = 1: `branin`), as the multi-fidelity benchmark of Kandasamy et al., "Multi-fidelity
 * Bayesian Optimisation with Continuous Approximations" (ICML 2017), with one fidelity for its three:
 * b(z) = 5.1/(4π²) - 0.01(1 - z), c(z) = 5/π - 0.1(1 - z), t(z) = 1/(8π) + 0.05(1 - z).
 */
export function braninAtFidelity(values: ParameterValues, z: number): number {
  const [x1, x2] = vector(values, 2) as [number, number];
  const b = 5.1 / (4 * Math.PI * Math.PI) - 0.01 * (1 - z);
  const c = 5 / Math.PI - 0.1 * (1 - z);
  const t = 1 / (8 * Math.PI) + 0.05 * (1 - z);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

/** Hartmann6 at fidelity z in (0, 1] (z = 1: `hartmann6`), as the same paper's: α'_i = α_i - 0.1(1 - z). */
export function hartmann6AtFidelity(values: ParameterValues, z: number): number {
  const x = vector(values, 6);
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += HARTMANN_A[i]![j]! * (x[j]! - HARTMANN_P[i]![j]!) ** 2;
    sum += (HARTMANN_ALPHA[i]! - 0.1 * (1 - z)) * Math.exp(-inner);
  }
  return -sum;
}

export const rosenbrock4: BenchmarkFunction = {
  name: 'rosenbrock4',
  parameters: Array.from({ length: 4 }, (_, i) => continuous(`x${i + 1}`, -2, 2)),
  optimum: 0,
  evaluate(values) {
    const x = vector(values, 4);
    let sum = 0;
    for (let i = 0; i < 3; i++) sum += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (x[i]! - 1) ** 2;
    return sum;
  },
};

export const ackley5: BenchmarkFunction = {
  name: 'ackley5',
  parameters: Array.from({ length: 5 }, (_, i) => continuous(`x${i + 1}`, -32.768, 32.768)),
  optimum: 0,
  evaluate(values) {
    const x = vector(values, 5);
    let squares = 0;
    let cosines = 0;
    for (const xi of x) {
      squares += xi * xi;
      cosines += Math.cos(2 * Math.PI * xi);
    }
    return -20 * Math.exp(-0.2 * Math.sqrt(squares / 5)) - Math.exp(cosines / 5) + 20 + Math.E;
  },
};

const ACTIVATION_PENALTY: Readonly<Record<string, number>> = { relu: 0.3, gelu: 0, tanh: 0.8 };

/**
 * The mixed objective with the learning rate's scaling as given (Logarithmic in the reference definition;
 * Auto and Linear for the input-warping comparison).
 *
 * @param scaling - the learning rate's scaling.
 * @returns the benchmark function.
 */
export function mixed(scaling: ScalingType = 'Logarithmic'): BenchmarkFunction {
  return {
    name: scaling === 'Logarithmic' ? 'mixed' : `mixed-${scaling.toLowerCase()}`,
    parameters: [
      continuous('lr', 1e-6, 1, scaling),
      { type: 'integer', name: 'depth', min: 1, max: 16, scaling: 'Linear' },
      { type: 'categorical', name: 'act', values: ['relu', 'gelu', 'tanh'] },
    ],
    optimum: 0,
    evaluate(values) {
      const lr = Number(values.lr);
      const depth = Number(values.depth);
      return (Math.log10(lr) + 3) ** 2 + 0.05 * (depth - 6) ** 2 + ACTIVATION_PENALTY[String(values.act)]!;
    },
  };
}

export const rosenbrock20: BenchmarkFunction = {
  name: 'rosenbrock20',
  parameters: Array.from({ length: 20 }, (_, i) => continuous(`x${i + 1}`, -5, 10)),
  optimum: 0,
  evaluate(values) {
    const x = vector(values, 20);
    let sum = 0;
    for (let i = 0; i < 19; i++) sum += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (x[i]! - 1) ** 2;
    return sum;
  },
};

export const ellipsoid25: BenchmarkFunction = {
  name: 'ellipsoid25',
  parameters: Array.from({ length: 25 }, (_, i) => continuous(`x${i + 1}`, -5, 5)),
  optimum: 0,
  evaluate(values) {
    const x = vector(values, 25);
    let sum = 0;
    for (let i = 0; i < 25; i++) sum += 10 ** ((3 * i) / 24) * (x[i]! - (1 - 0.04 * i)) ** 2;
    return sum;
  },
};

/** Hartmann6 of six of thirty ranges (0-based 2, 7, 11, 19, 23, 28); the other 24 do nothing. */
export const hartmann6In30: BenchmarkFunction = {
  name: 'hartmann6_in_30',
  parameters: Array.from({ length: 30 }, (_, i) => continuous(`x${i + 1}`, 0, 1)),
  optimum: -3.32237,
  evaluate(values) {
    const x = vector(values, 30);
    const active: ParameterValues = Object.fromEntries(
      [2, 7, 11, 19, 23, 28].map((index, k) => [`x${k + 1}`, x[index]!]),
    );
    return hartmann6.evaluate(active);
  },
};

/**
 * Branin on the unit square (u in [0, 1]^2 mapped to x1 = -5 + 15 u1, x2 = 15 u2) plus Gaussian noise of standard
 * deviation 1 on every evaluation: `clean` is the noise-free function, `noise(seed)` a seeded noise stream.
 */
export const noisyBranin = {
  clean: {
    name: 'noisy_branin',
    parameters: [continuous('u1', 0, 1), continuous('u2', 0, 1)],
    optimum: 0.397887,
    evaluate(values: ParameterValues) {
      return branin.evaluate({ x1: -5 + 15 * Number(values.u1), x2: 15 * Number(values.u2) });
    },
  } satisfies BenchmarkFunction,
  noise(seed: number): () => number {
    // mulberry32 and Box-Muller: a reproducible N(0, 1) stream per seed.
    let state = (seed * 0x9e3779b9) >>> 0;
    const uniform = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  },
};

/** The five functions of the reference, by name. */
export const BENCHMARK_FUNCTIONS: readonly BenchmarkFunction[] = [
  branin,
  hartmann6,
  rosenbrock4,
  ackley5,
  mixed(),
];
