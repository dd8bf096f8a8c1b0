import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isTunekitError, type TunekitError } from '../errors.ts';
import { createSearchSpace } from './searchSpace.ts';
import type { ContinuousParameter, IntegerParameter, Parameter } from './types.ts';

const mixed: Parameter[] = [
  { type: 'continuous', name: 'eta', min: 0.01, max: 0.5, scaling: 'Logarithmic' },
  { type: 'integer', name: 'max_depth', min: 2, max: 10, scaling: 'Linear' },
  { type: 'continuous', name: 'subsample', min: 0.5, max: 0.99, scaling: 'ReverseLogarithmic' },
  { type: 'categorical', name: 'booster', values: ['gbtree', 'gblinear', 'dart'] },
];

/** Continuous ranges of every scaling with bounds those scalings accept. */
const continuousRange: fc.Arbitrary<ContinuousParameter> = fc.oneof(
  fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }))
    .map(([min, width]) => ({ min, max: min + width }))
    .filter(({ min, max }) => min < max)
    .chain(({ min, max }) =>
      fc
        .constantFrom<'Linear' | 'Auto'>('Linear', 'Auto')
        .map((scaling) => ({ type: 'continuous' as const, name: 'x', min, max, scaling })),
    ),
  fc
    .tuple(
      fc.double({ min: 1e-12, max: 1e6, noNaN: true }),
      fc.double({ min: 1.0001, max: 1e6, noNaN: true }),
    )
    .map(([min, ratio]) => ({
      type: 'continuous' as const,
      name: 'x',
      min,
      max: min * ratio,
      scaling: 'Logarithmic' as const,
    })),
  fc
    .tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999999, noNaN: true }))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => ({
      type: 'continuous' as const,
      name: 'x',
      min: Math.min(a, b),
      max: Math.max(a, b),
      scaling: 'ReverseLogarithmic' as const,
    })),
);

const integerRange: fc.Arbitrary<IntegerParameter> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }))
    .map(([min, width]) => ({
      type: 'integer' as const,
      name: 'n',
      min,
      max: min + width,
      scaling: 'Linear' as const,
    })),
  fc
    .tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }))
    .map(([min, width]) => ({
      type: 'integer' as const,
      name: 'n',
      min,
      max: min + width,
      scaling: 'Logarithmic' as const,
    })),
);

const unitCoordinate = fc.double({ min: 0, max: 1, noNaN: true });

describe('createSearchSpace', () => {
  it('lays coordinates out in parameter order and counts discrete points', () => {
    const space = createSearchSpace(mixed);
    expect(space.dimension).toBe(4);
    expect(space.cardinality).toBe(Number.POSITIVE_INFINITY);
    const discrete = createSearchSpace([mixed[1]!, mixed[3]!]);
    expect(discrete.cardinality).toBe(9 * 3);
  });

  it('throws invalidSpec with every issue checkParameters finds', () => {
    const bad: Parameter[] = [
      { type: 'continuous', name: 'eta', min: 0, max: 0.5, scaling: 'Logarithmic' },
      { type: 'integer', name: 'eta', min: 3, max: 3, scaling: 'Linear' },
    ];
    try {
      createSearchSpace(bad);
      expect.unreachable();
    } catch (error) {
      expect(isTunekitError(error) && error.code).toBe('invalidSpec');
      const issues = (error as TunekitError).issues;
      expect(issues.map((issue) => issue.path)).toEqual([
        ['parameters', 0, 'min'],
        ['parameters', 1, 'name'],
        ['parameters', 1, 'min'],
      ]);
      expect((error as Error).message).toContain(
        'parameters[0].min: min must be > 0 for Logarithmic scaling',
      );
    }
  });

  it('is exact at the bounds for every scaling', () => {
    const space = createSearchSpace(mixed.slice(0, 3));
    expect(space.fromUnit([0, 0, 0])).toEqual({ eta: 0.01, max_depth: 2, subsample: 0.5 });
    expect(space.fromUnit([1, 1, 1])).toEqual({ eta: 0.5, max_depth: 10, subsample: 0.99 });
    const low = space.toUnit({ eta: 0.01, max_depth: 2, subsample: 0.5 });
    expect([low[0], low[2]]).toEqual([0, 0]);
    const high = space.toUnit({ eta: 0.5, max_depth: 10, subsample: 0.99 });
    expect([high[0], high[2]]).toEqual([1, 1]);
  });

  it('maps Logarithmic ranges through log x: the middle is the geometric mean', () => {
    const space = createSearchSpace([mixed[0]!]);
    expect(space.fromUnit([0.5]).eta).toBeCloseTo(Math.sqrt(0.01 * 0.5), 12);
  });

  it('is dense near 1 for ReverseLogarithmic: the upper half of the cube covers less than a tenth of the range', () => {
    const space = createSearchSpace([
      { type: 'continuous', name: 'momentum', min: 0, max: 0.999, scaling: 'ReverseLogarithmic' },
    ]);
    const middle = space.fromUnit([0.5]).momentum as number;
    // -log(1 - x) halfway between 0 and -log(0.001): x = 1 - sqrt(0.001).
    expect(middle).toBeCloseTo(1 - Math.sqrt(0.001), 12);
    expect((0.999 - middle) / 0.999).toBeLessThan(0.1);
  });

  it('splits an integer range into equal cells, relaxed by half a step at each end', () => {
    const space = createSearchSpace([{ type: 'integer', name: 'n', min: 1, max: 4, scaling: 'Linear' }]);
    const decoded = [0, 0.24, 0.26, 0.49, 0.51, 0.74, 0.76, 1].map((u) => space.fromUnit([u]).n);
    expect(decoded).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(Array.from(space.toUnit({ n: 3 }))).toEqual([0.625]);
  });

  it('splits a categorical range into k cells and encodes a value at its centre', () => {
    const space = createSearchSpace([mixed[3]!]);
    expect([0, 0.33, 0.34, 0.66, 0.67, 1].map((u) => space.fromUnit([u]).booster)).toEqual([
      'gbtree',
      'gbtree',
      'gblinear',
      'gblinear',
      'dart',
      'dart',
    ]);
    expect(space.toUnit({ booster: 'dart' })[0]).toBeCloseTo(5 / 6, 15);
  });

  it('clamps unit coordinates outside [0, 1] and rejects NaN or a wrong length', () => {
    const space = createSearchSpace(mixed);
    expect(space.fromUnit([-3, -1, 2, 7])).toEqual({
      eta: 0.01,
      max_depth: 2,
      subsample: 0.99,
      booster: 'dart',
    });
    expect(() => space.fromUnit([Number.NaN, 0, 0, 0])).toThrow(/NaN/);
    expect(() => space.fromUnit([0.5])).toThrow(/4 coordinates, not 1/);
  });

  it('rejects points outside the space, naming the parameter and what it must be', () => {
    const space = createSearchSpace(mixed);
    const good = { eta: 0.1, max_depth: 3, subsample: 0.9, booster: 'dart' };
    expect(() => space.toUnit({ ...good, eta: 0.6 })).toThrow(
      'eta is 0.6; it must be a number in [0.01, 0.5]',
    );
    expect(() => space.toUnit({ ...good, max_depth: 3.5 })).toThrow(
      'max_depth is 3.5; it must be a whole number in [2, 10]',
    );
    expect(() => space.toUnit({ ...good, booster: 'linear' })).toThrow(
      /booster is "linear"; it must be one of/,
    );
    const { eta: _, ...missing } = good;
    expect(() => space.key(missing)).toThrow('eta is nothing');
  });

  it('gives equal keys to points that decode alike, and different keys otherwise', () => {
    const space = createSearchSpace([mixed[1]!, mixed[3]!]);
    const a = space.fromUnit([0.5, 0.1]);
    const b = space.fromUnit([0.52, 0.2]);
    expect(space.key(a)).toBe(space.key(b));
    expect(space.key(a)).not.toBe(space.key(space.fromUnit([0.5, 0.9])));
    expect(space.key({ booster: 'gbtree', max_depth: 6 })).toBe(
      space.key({ max_depth: 6, booster: 'gbtree' }),
    );
  });
});

describe('unit-cube properties', () => {
  test.prop([continuousRange, unitCoordinate, unitCoordinate])(
    'continuous: values stay in [min, max] and decoding is monotone',
    (parameter, u, v) => {
      const space = createSearchSpace([parameter]);
      const x = space.fromUnit([u]).x as number;
      const y = space.fromUnit([v]).x as number;
      expect(x).toBeGreaterThanOrEqual(parameter.min);
      expect(x).toBeLessThanOrEqual(parameter.max);
      if (u <= v) expect(x).toBeLessThanOrEqual(y);
    },
  );

  test.prop([continuousRange, unitCoordinate])(
    'continuous: fromUnit then toUnit returns the coordinate',
    (parameter, u) => {
      const space = createSearchSpace([parameter]);
      const back = space.toUnit(space.fromUnit([u]))[0]!;
      expect(back).toBeGreaterThanOrEqual(0);
      expect(back).toBeLessThanOrEqual(1);
      // Where the map is very flat (ReverseLogarithmic near 1) x has too few digits to tell nearby u apart,
      // so compare the decoded values.
      const x = space.fromUnit([u]).x as number;
      const again = space.fromUnit([back]).x as number;
      expect(Math.abs(again - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
    },
  );

  test.prop([continuousRange, fc.double({ min: 0, max: 1, noNaN: true })])(
    'continuous: toUnit then fromUnit returns the value',
    (parameter, fraction) => {
      const space = createSearchSpace([parameter]);
      const x = Math.min(parameter.max, parameter.min + fraction * (parameter.max - parameter.min));
      const back = space.fromUnit(space.toUnit({ x })).x as number;
      expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
    },
  );

  test.prop([integerRange, unitCoordinate, unitCoordinate])(
    'integer: decoded values are whole, inside [min, max], and monotone',
    (parameter, u, v) => {
      const space = createSearchSpace([parameter]);
      const n = space.fromUnit([u]).n as number;
      const m = space.fromUnit([v]).n as number;
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(parameter.min);
      expect(n).toBeLessThanOrEqual(parameter.max);
      if (u <= v) expect(n).toBeLessThanOrEqual(m);
    },
  );

  test.prop([integerRange, fc.double({ min: 0, max: 1, noNaN: true })])(
    'integer: every value round-trips exactly through the centre of its cell',
    (parameter, fraction) => {
      const space = createSearchSpace([parameter]);
      const n = parameter.min + Math.floor(fraction * (parameter.max - parameter.min + 1 - 1e-9));
      expect(space.fromUnit(space.toUnit({ n })).n).toBe(n);
      for (const edge of [parameter.min, parameter.max])
        expect(space.fromUnit(space.toUnit({ n: edge })).n).toBe(edge);
    },
  );

  test.prop([
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 30 }),
    unitCoordinate,
  ])(
    'categorical: every value round-trips, and snapUnit lands on the centre of the decoded cell',
    (values, u) => {
      const space = createSearchSpace([{ type: 'categorical', name: 'c', values }]);
      for (const value of values) expect(space.fromUnit(space.toUnit({ c: value })).c).toBe(value);
      const snapped = space.snapUnit([u]);
      expect(space.fromUnit(snapped).c).toBe(space.fromUnit([u]).c);
      expect(snapped[0]).toBe(space.toUnit(space.fromUnit([u]))[0]);
    },
  );

  test.prop([fc.array(unitCoordinate, { minLength: 4, maxLength: 4 })])(
    'snapUnit keeps continuous coordinates and decodes to the same point, with the same key',
    (unit) => {
      const space = createSearchSpace(mixed);
      const snapped = space.snapUnit(unit);
      expect(snapped[0]).toBe(unit[0]);
      expect(snapped[2]).toBe(unit[2]);
      expect(space.fromUnit(snapped)).toEqual(space.fromUnit(unit));
      expect(space.key(space.fromUnit(snapped))).toBe(space.key(space.fromUnit(unit)));
      expect(space.snapUnit(snapped)).toEqual(snapped);
    },
  );
});
