import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { minimizeBounded, minimizeBoundedSteps } from './lbfgsb.ts';

function rosenbrock(x: Float64Array) {
  const d = x.length;
  let value = 0;
  const gradient = new Float64Array(d);
  for (let i = 0; i < d - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    value += 100 * a * a + b * b;
    gradient[i] = gradient[i]! - 400 * a * x[i]! - 2 * b;
    gradient[i + 1] = gradient[i + 1]! + 200 * a;
  }
  return { value, gradient };
}

describe('minimizeBounded', () => {
  it('finds the minimum of an ill-conditioned quadratic inside the box', () => {
    const centre = [0.3, -0.2, 0.7];
    const weights = [1, 100, 1e4];
    const f = (x: Float64Array) => {
      let value = 0;
      const gradient = new Float64Array(3);
      for (let i = 0; i < 3; i++) {
        const r = x[i]! - centre[i]!;
        value += weights[i]! * r * r;
        gradient[i] = 2 * weights[i]! * r;
      }
      return { value, gradient };
    };
    const result = minimizeBounded(f, [0, 0, 0], [-1, -1, -1], [1, 1, 1], { tolerance: 1e-9 });
    expect(result.converged).toBe(true);
    for (let i = 0; i < 3; i++) expect(result.x[i]).toBeCloseTo(centre[i]!, 6);
    expect(result.value).toBeLessThan(1e-10);
  });

  it('solves the 2-D and 5-D Rosenbrock functions', () => {
    for (const d of [2, 5]) {
      const lower = new Array(d).fill(-2);
      const upper = new Array(d).fill(2);
      const result = minimizeBounded(rosenbrock, new Array(d).fill(-1.2), lower, upper, {
        maxIterations: 1000,
        tolerance: 1e-8,
      });
      for (let i = 0; i < d; i++) expect(result.x[i]).toBeCloseTo(1, 4);
      expect(result.value).toBeLessThan(1e-8);
    }
  });

  it('stops on an active bound with the projected gradient zero there', () => {
    // Unconstrained minimum at (2, -3, 0.5); the box [0,1]^3 puts it at (1, 0, 0.5).
    const f = (x: Float64Array) => {
      const a = x[0]! - 2;
      const b = x[1]! + 3;
      const c = x[2]! - 0.5;
      return { value: a * a + b * b + 3 * c * c + a * c, gradient: [2 * a + c, 2 * b, 6 * c + a] };
    };
    const result = minimizeBounded(f, [0.5, 0.5, 0.5], [0, 0, 0], [1, 1, 1], { tolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBe(1);
    expect(result.x[1]).toBe(0);
    // With x0 = 1 fixed: minimise 3c^2 + (1-2)c -> c = 1/6.
    expect(result.x[2]! - 0.5).toBeCloseTo(1 / 6, 8);
  });

  it('handles infinite bounds and a dimension pinned by equal bounds', () => {
    const f = (x: Float64Array) => ({
      value: (x[0]! - 3) ** 2 + (x[1]! + 1) ** 2 + x[0]! * x[1]!,
      gradient: [2 * (x[0]! - 3) + x[1]!, 2 * (x[1]! + 1) + x[0]!],
    });
    const free = minimizeBounded(f, [0, 0], [-Infinity, -Infinity], [Infinity, Infinity], {
      tolerance: 1e-10,
    });
    // Stationary point of the quadratic: 2x + y = 6, x + 2y = -2 -> x = 14/3, y = -10/3.
    expect(free.x[0]).toBeCloseTo(14 / 3, 7);
    expect(free.x[1]).toBeCloseTo(-10 / 3, 7);
    const pinned = minimizeBounded(f, [0, 0], [-Infinity, 0.5], [Infinity, 0.5], { tolerance: 1e-10 });
    expect(pinned.x[1]).toBe(0.5);
    expect(pinned.x[0]).toBeCloseTo(3 - 0.25, 7);
  });

  it('backtracks out of a region where the objective is NaN or infinite', () => {
    // log barrier: undefined for x <= 0.1, minimum of x - 0.5 log(x - 0.1) at x = 0.6.
    const f = (x: Float64Array) => {
      const t = x[0]! - 0.1;
      if (t <= 0) return { value: Number.NaN, gradient: [Number.NaN] };
      return { value: x[0]! - 0.5 * Math.log(t), gradient: [1 - 0.5 / t] };
    };
    const result = minimizeBounded(f, [3], [-5], [5], { tolerance: 1e-10 });
    expect(result.x[0]).toBeCloseTo(0.6, 7);
    const infinite = (x: Float64Array) =>
      x[0]! > 2
        ? { value: Number.POSITIVE_INFINITY, gradient: [0] }
        : { value: (x[0]! - 1.9) ** 2, gradient: [2 * (x[0]! - 1.9)] };
    expect(minimizeBounded(infinite, [0], [0], [10]).x[0]).toBeCloseTo(1.9, 6);
  });

  it('returns the start, unconverged, when the objective is never finite', () => {
    const result = minimizeBounded(() => ({ value: Number.NaN, gradient: [0] }), [0.5], [0], [1]);
    expect(result.converged).toBe(false);
    expect(result.x[0]).toBe(0.5);
  });

  it('takes the same steps as a generator, evaluated by the caller, and validates at once', () => {
    const lower = [-2, -2, -2];
    const upper = [2, 2, 2];
    const direct = minimizeBounded(rosenbrock, [-1.2, 1, 0.5], lower, upper, { maxIterations: 200 });
    const asked: number[][] = [];
    const steps = minimizeBoundedSteps([-1.2, 1, 0.5], lower, upper, { maxIterations: 200 });
    let request = steps.next();
    while (!request.done) {
      asked.push(Array.from(request.value));
      request = steps.next(rosenbrock(request.value));
    }
    expect(Array.from(request.value.x)).toEqual(Array.from(direct.x));
    expect(request.value.value).toBe(direct.value);
    expect(asked.length).toBe(direct.evaluations);
    expect(() => minimizeBoundedSteps([0], [1], [0])).toThrow(/lower\[0\]/);
  });

  it('rejects mismatched lengths and crossed bounds', () => {
    const f = () => ({ value: 0, gradient: [0] });
    expect(() => minimizeBounded(f, [0], [0, 0], [1])).toThrow(RangeError);
    expect(() => minimizeBounded(f, [0], [1], [0])).toThrow(/lower\[0\]/);
  });

  test.prop([fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 6 })])(
    'never leaves the box and never ends above the starting value',
    (centre) => {
      const d = centre.length;
      const f = (x: Float64Array) => {
        let value = 0;
        const gradient = new Float64Array(d);
        for (let i = 0; i < d; i++) {
          const r = x[i]! - centre[i]!;
          value += (i + 1) * r * r + Math.sin(3 * x[i]!);
          gradient[i] = 2 * (i + 1) * r + 3 * Math.cos(3 * x[i]!);
        }
        return { value, gradient };
      };
      const x0 = new Array(d).fill(0.5);
      const result = minimizeBounded(f, x0, new Array(d).fill(0), new Array(d).fill(1));
      for (const xi of result.x) {
        expect(xi).toBeGreaterThanOrEqual(0);
        expect(xi).toBeLessThanOrEqual(1);
      }
      expect(result.value).toBeLessThanOrEqual(f(Float64Array.from(x0)).value);
    },
  );
});
