import { createRequire as __tunekitCreateRequire } from 'node:module'; const require = __tunekitCreateRequire(import.meta.url);

// ../core/src/errors.ts
var TunekitError = class extends Error {
  name = "TunekitError";
  code;
  issues;
  constructor(code, message, options) {
    super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.code = code;
    this.issues = options?.issues ?? [];
  }
};

// ../core/src/math/words.ts
var buffer = new ArrayBuffer(8);
var float = new Float64Array(buffer);
var words = new Int32Array(buffer);
var HIGH = new Uint8Array(Float64Array.of(1).buffer)[7] === 63 ? 1 : 0;
var LOW = 1 - HIGH;
function highWord(x) {
  float[0] = x;
  return words[HIGH];
}
function lowWord(x) {
  float[0] = x;
  return words[LOW] >>> 0;
}
function fromWords(high, low) {
  words[HIGH] = high;
  words[LOW] = low;
  return float[0];
}
function withHighWord(x, high) {
  float[0] = x;
  words[HIGH] = high;
  return float[0];
}

// ../core/src/math/exp.ts
var HUGE = 1e300;
var TWO_M1000 = fromWords(24117248, 0);
var OVERFLOW_THRESHOLD = fromWords(1082535490, 4277811695);
var UNDERFLOW_THRESHOLD = fromWords(3230091536 | 0, 3576508497);
var LN2_HI = [fromWords(1072049730, 4276092928), fromWords(3219533378 | 0, 4276092928)];
var LN2_LO = [fromWords(1038760431, 897137782), fromWords(3186244079 | 0, 897137782)];
var INV_LN2 = fromWords(1073157447, 1697350398);
var HALF = [0.5, -0.5];
var P1 = fromWords(1069897045, 1431655742);
var P2 = fromWords(3211182444 | 0, 381599123);
var P3 = fromWords(1058100842, 2938494508);
var P4 = fromWords(3199974721 | 0, 3318901745);
var P5 = fromWords(1046886249, 1925096656);
var TWO_1023 = fromWords(2145386496, 0);
var REDUCE = fromWords(1071001155, 0);
var ONE_STEP = fromWords(1072734898, 0);
var TINY = fromWords(1043333120, 0);
var POWER_OFFSET = 1022;
var POWERS = Float64Array.from(
  { length: 1023 + POWER_OFFSET + 1 },
  (_, i) => fromWords(1023 + i - POWER_OFFSET << 20, 0)
);
function exp(x) {
  const magnitude = Math.abs(x);
  if (!(x <= OVERFLOW_THRESHOLD && x >= UNDERFLOW_THRESHOLD && magnitude >= TINY) || x === 1)
    return rareExp(x);
  let hi = x;
  let lo = 0;
  let k = 0;
  if (magnitude >= REDUCE) {
    const xsb = x < 0 ? 1 : 0;
    k = magnitude < ONE_STEP ? 1 - xsb - xsb : Math.trunc(INV_LN2 * x + HALF[xsb]);
    hi = x - k * LN2_HI[0];
    lo = k * LN2_LO[0];
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - (r * c / (c - 2) - r);
  const y = 1 - (lo - r * c / (2 - c) - hi);
  if (k >= -1021 && k < 1024) return y * POWERS[k + POWER_OFFSET];
  return scaleRare(y, k);
}
function scaleRare(y, k) {
  return k === 1024 ? y * 2 * TWO_1023 : y * POWERS[k + 1e3 + POWER_OFFSET] * TWO_M1000;
}
function rareExp(x) {
  if (x === 1) return Math.E;
  if (Number.isNaN(x)) return x + x;
  if (x > OVERFLOW_THRESHOLD) return HUGE * HUGE;
  if (x < UNDERFLOW_THRESHOLD) return TWO_M1000 * TWO_M1000;
  return 1 + x;
}

// ../core/src/gp/kernel.ts
var SQRT5 = Math.sqrt(5);
function scaledSquaredDistance(left, a, right, b, dimension, inverseSquaredLengthScales, categoricalMask) {
  const offsetA = a * dimension;
  const offsetB = b * dimension;
  let sum = 0;
  for (let j = 0; j < dimension; j++) {
    const difference = left[offsetA + j] - right[offsetB + j];
    const squared = categoricalMask[j] ? difference === 0 ? 0 : 1 : difference * difference;
    sum += squared * inverseSquaredLengthScales[j];
  }
  return sum;
}
function scaledSquaredDistancesFour(left, a, right, b, dimension, inverseSquaredLengthScales, out, at, stride) {
  const offsetA = a * dimension;
  const offsetB = b * dimension;
  let first = 0;
  let second = 0;
  let third = 0;
  let fourth = 0;
  for (let j = 0; j < dimension; j++) {
    const x = left[offsetA + j];
    const scale = inverseSquaredLengthScales[j];
    const d1 = x - right[offsetB + j];
    const d2 = x - right[offsetB + dimension + j];
    const d3 = x - right[offsetB + 2 * dimension + j];
    const d4 = x - right[offsetB + 3 * dimension + j];
    first += d1 * d1 * scale;
    second += d2 * d2 * scale;
    third += d3 * d3 * scale;
    fourth += d4 * d4 * scale;
  }
  out[at] = first;
  out[at + stride] = second;
  out[at + 2 * stride] = third;
  out[at + 3 * stride] = fourth;
}
function matern52(squaredDistance) {
  const r = Math.sqrt(squaredDistance);
  return (1 + SQRT5 * r + 5 / 3 * squaredDistance) * exp(-SQRT5 * r);
}
function matern52WithDerivativeFactor(squaredDistance, signalVariance, factors, index) {
  const r = Math.sqrt(squaredDistance);
  const decay = signalVariance * exp(-SQRT5 * r);
  factors[index] = 5 / 3 * (1 + SQRT5 * r) * decay;
  return (1 + SQRT5 * r + 5 / 3 * squaredDistance) * decay;
}
function inverseSquares(lengthScales) {
  const out = new Float64Array(lengthScales.length);
  for (let j = 0; j < out.length; j++) out[j] = 1 / (lengthScales[j] * lengthScales[j]);
  return out;
}
function kernelMatrix(inputs, count, dimension, lengthScales, signalVariance, categoricalMask, out) {
  const inverseSquaredLengthScales = inverseSquares(lengthScales);
  for (let i = 0; i < count; i++) {
    out[i * count + i] = signalVariance;
    for (let j = 0; j < i; j++) {
      const squaredDistance = scaledSquaredDistance(
        inputs,
        i,
        inputs,
        j,
        dimension,
        inverseSquaredLengthScales,
        categoricalMask
      );
      const value = signalVariance * matern52(squaredDistance);
      out[i * count + j] = value;
      out[j * count + i] = value;
    }
  }
  return out;
}

// ../core/src/math/log.ts
var LN2_HI2 = fromWords(1072049730, 4276092928);
var LN2_LO2 = fromWords(1038760431, 897137782);
var TWO54 = fromWords(1129316352, 0);
var LG1 = fromWords(1071994197, 1431655827);
var LG2 = fromWords(1071225241, 2576873988);
var LG3 = fromWords(1070745892, 2485293913);
var LG4 = fromWords(1070363077, 495876271);
var LG5 = fromWords(1070024292, 2529887198);
var LG6 = fromWords(1069783561, 3497576095);
var LG7 = fromWords(1069740306, 3745403460);
function log(x) {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 1048576) {
    if ((hx & 2147483647 | lx) === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0) return Number.NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 2146435072) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 1048575;
  let i = hx + 614244 & 1048576;
  x = withHighWord(x, hx | i ^ 1072693248);
  k += i >> 20;
  const f = x - 1;
  if ((1048575 & 2 + hx) < 3) {
    if (f === 0) return k === 0 ? 0 : k * LN2_HI2 + k * LN2_LO2;
    const r2 = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r2 : k * LN2_HI2 - (r2 - k * LN2_LO2 - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  i = hx - 398458;
  const w = z * z;
  const j = 440401 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI2 - (hfsq - (s * (hfsq + r) + k * LN2_LO2) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI2 - (s * (f - r) - k * LN2_LO2 - f);
}

// ../core/src/gp/linalg.ts
var JITTER_FACTORS = [1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01];
function choleskyInPlace(matrix, n) {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      const sum = matrix[rowI + j] - rowDot(matrix, rowI, rowJ, j);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return { ok: false, pivot: i };
        matrix[rowI + i] = Math.sqrt(sum);
      } else {
        matrix[rowI + j] = sum / matrix[rowJ + j];
      }
    }
    for (let j = i + 1; j < n; j++) matrix[rowI + j] = 0;
  }
  return { ok: true };
}
function choleskyWithJitter(matrix, n, factor) {
  const original = factor === matrix ? Float64Array.from(matrix.subarray(0, n * n)) : matrix;
  const out = factor ?? new Float64Array(n * n);
  if (out !== original) out.set(original.subarray(0, n * n));
  if (choleskyInPlace(out, n).ok) return { factor: out, jitter: 0, diagonalFallback: false };
  let diagonalSum = 0;
  for (let i = 0; i < n; i++) diagonalSum += Math.abs(original[i * n + i]);
  const meanDiagonal = n > 0 && diagonalSum > 0 && Number.isFinite(diagonalSum) ? diagonalSum / n : 1;
  for (const multiple of JITTER_FACTORS) {
    const jitter2 = multiple * meanDiagonal;
    out.set(original.subarray(0, n * n));
    for (let i = 0; i < n; i++) out[i * n + i] = out[i * n + i] + jitter2;
    if (choleskyInPlace(out, n).ok) return { factor: out, jitter: jitter2, diagonalFallback: false };
  }
  const jitter = JITTER_FACTORS[JITTER_FACTORS.length - 1] * meanDiagonal;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const value = Math.abs(original[i * n + i]) + jitter;
    out[i * n + i] = Math.sqrt(Number.isFinite(value) && value > 0 ? value : meanDiagonal);
  }
  return { factor: out, jitter, diagonalFallback: true };
}
function solveLowerInPlace(factor, n, vector) {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    vector[i] = (vector[i] - crossDot(factor, row, vector, i)) / factor[row + i];
  }
}
function solveLowerTransposeInPlace(factor, n, vector) {
  for (let i = n - 1; i >= 0; i--) {
    const xi = vector[i] / factor[i * n + i];
    vector[i] = xi;
    const row = i * n;
    for (let k = 0; k < i; k++) vector[k] = vector[k] - factor[row + k] * xi;
  }
}
function rowDot(a, x, y, length) {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += a[x + k] * a[y + k];
    s1 += a[x + k + 1] * a[y + k + 1];
    s2 += a[x + k + 2] * a[y + k + 2];
    s3 += a[x + k + 3] * a[y + k + 3];
  }
  for (; k < length; k++) s0 += a[x + k] * a[y + k];
  return s0 + s1 + (s2 + s3);
}
function crossDot(a, offset, b, length) {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += a[offset + k] * b[k];
    s1 += a[offset + k + 1] * b[k + 1];
    s2 += a[offset + k + 2] * b[k + 2];
    s3 += a[offset + k + 3] * b[k + 3];
  }
  for (; k < length; k++) s0 += a[offset + k] * b[k];
  return s0 + s1 + (s2 + s3);
}

// ../core/src/gp/model.ts
function standardizeTargets(targets, priorMean = "average") {
  const n = targets.length;
  if (n === 0) return { targetMean: 0, targetScale: 1 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (targets[i] - mean) * (targets[i] - mean);
  const standardDeviation = Math.sqrt(variance / n);
  const magnitude = Math.abs(mean);
  let centre = mean;
  if (priorMean === "maximum") for (let i = 0; i < n; i++) centre = Math.max(centre, targets[i]);
  if (standardDeviation > 0 && standardDeviation >= 1e-12 * magnitude && Number.isFinite(standardDeviation)) {
    return { targetMean: centre, targetScale: standardDeviation };
  }
  return { targetMean: centre, targetScale: magnitude > 0 ? magnitude : 1 };
}
function validateData(inputs, targets, dimension, categoricalMask) {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new TunekitError("invalidArgument", `dimension must be a positive integer, got ${dimension}`);
  }
  const n = targets.length;
  if (inputs.length !== n * dimension) {
    throw new TunekitError(
      "invalidArgument",
      `inputs must hold targets.length \xD7 dimension = ${n} \xD7 ${dimension} numbers, got ${inputs.length}`
    );
  }
  for (let i = 0; i < inputs.length; i++) {
    if (!Number.isFinite(inputs[i])) {
      throw new TunekitError(
        "invalidArgument",
        `inputs[${i}] (row ${Math.floor(i / dimension)}, column ${i % dimension}) is ${inputs[i]}: every input must be finite`
      );
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(targets[i])) {
      throw new TunekitError(
        "invalidArgument",
        `targets[${i}] is ${targets[i]}: leave failed or unfinished trials out of the data`
      );
    }
  }
  const mask = new Uint8Array(dimension);
  if (categoricalMask !== void 0) {
    if (categoricalMask.length !== dimension) {
      throw new TunekitError(
        "invalidArgument",
        `categoricalMask must have length dimension (${dimension}), got ${categoricalMask.length}`
      );
    }
    for (let j = 0; j < dimension; j++) mask[j] = categoricalMask[j] ? 1 : 0;
  }
  return mask;
}
function buildGaussianProcessModel(inputs, targets, hyperparameters, options) {
  const dimension = options.dimension;
  const categoricalMask = validateData(inputs, targets, dimension, options.categoricalMask);
  const { lengthScales, signalVariance, noiseVariance } = hyperparameters;
  if (lengthScales.length !== dimension) {
    throw new TunekitError(
      "invalidArgument",
      `hyperparameters.lengthScales must have length dimension (${dimension}), got ${lengthScales.length}`
    );
  }
  for (const [name, value] of [
    ...Array.from(lengthScales, (l, j) => [`lengthScales[${j}]`, l]),
    ["signalVariance", signalVariance]
  ]) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new TunekitError(
        "invalidArgument",
        `hyperparameters.${name} must be positive and finite, got ${value}`
      );
    }
  }
  if (!(noiseVariance >= 0) || !Number.isFinite(noiseVariance)) {
    throw new TunekitError(
      "invalidArgument",
      `hyperparameters.noiseVariance must be \u2265 0 and finite, got ${noiseVariance}`
    );
  }
  const standardization = standardizeTargets(targets, options.priorMean);
  const targetMean = options.targetMean ?? standardization.targetMean;
  const targetScale = options.targetScale ?? standardization.targetScale;
  if (!Number.isFinite(targetMean) || !(targetScale > 0) || !Number.isFinite(targetScale)) {
    throw new TunekitError(
      "invalidArgument",
      "targetMean must be finite and targetScale positive and finite"
    );
  }
  const n = targets.length;
  const inputsCopy = Float64Array.from(inputs);
  const covariance = new Float64Array(n * n);
  kernelMatrix(inputsCopy, n, dimension, lengthScales, signalVariance, categoricalMask, covariance);
  const priorCount = Math.min(options.priorCount ?? 0, n);
  const priorNoiseVariance = priorCount > 0 ? hyperparameters.priorNoiseVariance ?? 0 : 0;
  if (!(priorNoiseVariance >= 0) || !Number.isFinite(priorNoiseVariance)) {
    throw new TunekitError(
      "invalidArgument",
      `hyperparameters.priorNoiseVariance must be \u2265 0 and finite, got ${priorNoiseVariance}`
    );
  }
  for (let i = 0; i < n; i++)
    covariance[i * n + i] = covariance[i * n + i] + noiseVariance + (i < priorCount ? priorNoiseVariance : 0);
  const { factor } = choleskyWithJitter(covariance, n, covariance);
  const alpha = new Float64Array(n);
  for (let i = 0; i < n; i++) alpha[i] = (targets[i] - targetMean) / targetScale;
  solveLowerInPlace(factor, n, alpha);
  solveLowerTransposeInPlace(factor, n, alpha);
  return {
    dimension,
    count: n,
    inputs: inputsCopy,
    categoricalMask,
    hyperparameters: {
      lengthScales: Float64Array.from(lengthScales),
      signalVariance,
      noiseVariance,
      ...priorCount > 0 ? { priorNoiseVariance } : {}
    },
    ...priorCount > 0 ? { priorCount } : {},
    choleskyFactor: factor,
    alpha,
    targetMean,
    targetScale
  };
}

// ../core/src/gp/posterior.ts
var SQRT52 = Math.sqrt(5);
var scratch = new Float64Array(0);
function scratchOf(length) {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  return scratch;
}
function posterior(model, points, outMean, outVariance) {
  const { dimension, count: n, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance } = model.hyperparameters;
  const m = points.length / dimension;
  if (!Number.isInteger(m)) {
    throw new TunekitError(
      "invalidArgument",
      `points length ${points.length} is not a multiple of dimension ${dimension}`
    );
  }
  if (outMean.length < m || outVariance.length < m) {
    throw new TunekitError("invalidArgument", `outMean and outVariance must hold at least ${m} values`);
  }
  const { lengthScales } = model.hyperparameters;
  const buffer2 = scratchOf(4 * n + n * dimension + 2 * dimension);
  const lanes = buffer2.subarray(0, 4 * n);
  const scaledInputs = buffer2.subarray(4 * n, 4 * n + n * dimension);
  const scaledPoint = buffer2.subarray(4 * n + n * dimension, 4 * n + n * dimension + dimension);
  const categoricalWeights = buffer2.subarray(4 * n + n * dimension + dimension);
  scaleInputs(model, scaledInputs, categoricalWeights);
  for (let first = 0; first < m; first += 4) {
    const width = Math.min(4, m - first);
    for (let lane = 0; lane < width; lane++) {
      const offset = (first + lane) * dimension;
      for (let j = 0; j < dimension; j++) {
        scaledPoint[j] = categoricalMask[j] ? points[offset + j] : points[offset + j] / lengthScales[j];
      }
      outMean[first + lane] = crossCovariance(
        scaledPoint,
        scaledInputs,
        categoricalWeights,
        categoricalMask,
        n,
        signalVariance,
        alpha,
        lanes,
        lane
      );
    }
    for (let lane = width; lane < 4; lane++) for (let i = 0; i < n; i++) lanes[4 * i + lane] = 0;
    solveLowerFour(choleskyFactor, n, lanes);
    for (let lane = 0; lane < width; lane++) {
      let explained = 0;
      for (let i = 0; i < n; i++) explained += lanes[4 * i + lane] * lanes[4 * i + lane];
      outVariance[first + lane] = Math.max(signalVariance - explained, 0);
    }
  }
}
function scaleInputs(model, scaledInputs, categoricalWeights) {
  const { dimension, count: n, inputs, categoricalMask } = model;
  const { lengthScales } = model.hyperparameters;
  for (let j = 0; j < dimension; j++) {
    const lengthScale = lengthScales[j];
    categoricalWeights[j] = categoricalMask[j] ? 1 / (lengthScale * lengthScale) : 0;
    const scale = categoricalMask[j] ? 1 : 1 / lengthScale;
    for (let i = 0; i < n; i++) scaledInputs[i * dimension + j] = inputs[i * dimension + j] * scale;
  }
}
function crossCovariance(scaledPoint, scaledInputs, categoricalWeights, categoricalMask, n, signalVariance, alpha, lanes, lane) {
  const d = scaledPoint.length;
  const hasCategorical = categoricalMask.includes(1);
  let i = 0;
  if (!hasCategorical) {
    for (; i + 4 <= n; i += 4) {
      const offset = i * d;
      let a = 0;
      let b = 0;
      let c = 0;
      let e = 0;
      for (let j = 0; j < d; j++) {
        const x = scaledPoint[j];
        const da = x - scaledInputs[offset + j];
        const db = x - scaledInputs[offset + d + j];
        const dc = x - scaledInputs[offset + 2 * d + j];
        const de = x - scaledInputs[offset + 3 * d + j];
        a += da * da;
        b += db * db;
        c += dc * dc;
        e += de * de;
      }
      lanes[4 * i + lane] = a;
      lanes[4 * (i + 1) + lane] = b;
      lanes[4 * (i + 2) + lane] = c;
      lanes[4 * (i + 3) + lane] = e;
    }
  }
  for (let offset = i * d; i < n; i++, offset += d) {
    let squaredDistance = 0;
    if (hasCategorical) {
      for (let j = 0; j < d; j++) {
        const difference = scaledPoint[j] - scaledInputs[offset + j];
        squaredDistance += categoricalMask[j] ? difference === 0 ? 0 : categoricalWeights[j] : difference * difference;
      }
    } else {
      for (let j = 0; j < d; j++) {
        const difference = scaledPoint[j] - scaledInputs[offset + j];
        squaredDistance += difference * difference;
      }
    }
    lanes[4 * i + lane] = squaredDistance;
  }
  let mean = 0;
  for (let k = 0; k < n; k++) {
    const squaredDistance = lanes[4 * k + lane];
    const r = Math.sqrt(squaredDistance);
    const covariance = signalVariance * (1 + SQRT52 * r + 5 / 3 * squaredDistance) * exp(-SQRT52 * r);
    lanes[4 * k + lane] = covariance;
    mean += covariance * alpha[k];
  }
  return mean;
}
function solveLowerFour(factor, n, lanes) {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sumA = lanes[4 * i];
    let sumB = lanes[4 * i + 1];
    let sumC = lanes[4 * i + 2];
    let sumE = lanes[4 * i + 3];
    for (let k = 0; k < i; k++) {
      const l = factor[row + k];
      const q = 4 * k;
      sumA -= l * lanes[q];
      sumB -= l * lanes[q + 1];
      sumC -= l * lanes[q + 2];
      sumE -= l * lanes[q + 3];
    }
    const inverseDiagonal = 1 / factor[row + i];
    lanes[4 * i] = sumA * inverseDiagonal;
    lanes[4 * i + 1] = sumB * inverseDiagonal;
    lanes[4 * i + 2] = sumC * inverseDiagonal;
    lanes[4 * i + 3] = sumE * inverseDiagonal;
  }
}
function posteriorWithVarianceBound(model, points, neighbours, outMean, outBound) {
  const { dimension, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance, lengthScales } = model.hyperparameters;
  const m = points.length / dimension;
  if (!Number.isInteger(m) || outMean.length < m || outBound.length < m) {
    throw new TunekitError(
      "invalidArgument",
      `points must be whole rows of ${dimension} and the outputs hold at least their number`
    );
  }
  const s = Math.max(1, Math.min(neighbours, n));
  const lanes = new Float64Array(4 * n);
  const scaledInputs = new Float64Array(n * dimension);
  const scaledPoint = new Float64Array(dimension);
  const categoricalWeights = new Float64Array(dimension);
  scaleInputs(model, scaledInputs, categoricalWeights);
  const inverseSquaredLengthScales = inverseSquares(lengthScales);
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += choleskyFactor[i * n + k] * choleskyFactor[i * n + k];
    diagonal[i] = sum;
  }
  const pairCovariance = n <= PAIR_CACHE_UP_TO ? new Float64Array(n * n).fill(Number.NaN) : void 0;
  const nearest = new Int32Array(s);
  const nearestCovariance = new Float64Array(s);
  const subset = new Float64Array(s * s);
  const solved = new Float64Array(s);
  for (let p = 0; p < m; p++) {
    const offset = p * dimension;
    for (let j = 0; j < dimension; j++) {
      scaledPoint[j] = categoricalMask[j] ? points[offset + j] : points[offset + j] / lengthScales[j];
    }
    outMean[p] = crossCovariance(
      scaledPoint,
      scaledInputs,
      categoricalWeights,
      categoricalMask,
      n,
      signalVariance,
      alpha,
      lanes,
      0
    );
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const covariance = lanes[4 * i];
      if (kept === s && !(covariance > nearestCovariance[s - 1])) continue;
      let position = kept < s ? kept++ : s - 1;
      while (position > 0 && nearestCovariance[position - 1] < covariance) {
        nearestCovariance[position] = nearestCovariance[position - 1];
        nearest[position] = nearest[position - 1];
        position--;
      }
      nearestCovariance[position] = covariance;
      nearest[position] = i;
    }
    let factorised = true;
    for (let a = 0; a < kept && factorised; a++) {
      for (let b = 0; b <= a; b++) {
        let entry;
        if (a === b) {
          entry = diagonal[nearest[a]];
        } else {
          const pair = nearest[a] * n + nearest[b];
          entry = pairCovariance === void 0 ? Number.NaN : pairCovariance[pair];
          if (Number.isNaN(entry)) {
            entry = signalVariance * matern52(
              scaledSquaredDistance(
                inputs,
                nearest[a],
                inputs,
                nearest[b],
                dimension,
                inverseSquaredLengthScales,
                categoricalMask
              )
            );
            if (pairCovariance !== void 0) {
              pairCovariance[pair] = entry;
              pairCovariance[nearest[b] * n + nearest[a]] = entry;
            }
          }
        }
        for (let k = 0; k < b; k++) entry -= subset[a * s + k] * subset[b * s + k];
        if (a === b) {
          if (!(entry > 0)) factorised = false;
          subset[a * s + a] = Math.sqrt(entry);
        } else {
          subset[a * s + b] = entry / subset[b * s + b];
        }
      }
    }
    if (!factorised) {
      outBound[p] = Number.POSITIVE_INFINITY;
      continue;
    }
    let explained = 0;
    for (let a = 0; a < kept; a++) {
      let value = nearestCovariance[a];
      for (let k = 0; k < a; k++) value -= subset[a * s + k] * solved[k];
      value /= subset[a * s + a];
      solved[a] = value;
      explained += value * value;
    }
    outBound[p] = Math.max(signalVariance - explained, 0);
  }
}
var PAIR_CACHE_UP_TO = 2048;
var GRADIENT_LANES = 4;
function posteriorWithGradientLanes(model, points, outMean, outVariance, outMeanGrad, outVarGrad) {
  const { dimension: d, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance } = model.hyperparameters;
  const width = points.length / d;
  if (!Number.isInteger(width) || width < 1 || width > GRADIENT_LANES) {
    throw new TunekitError("invalidArgument", `points must be 1 to ${GRADIENT_LANES} rows of ${d}`);
  }
  if (outMean.length < width || outVariance.length < width || outMeanGrad.length < width * d || outVarGrad.length < width * d) {
    throw new TunekitError("invalidArgument", `the outputs must hold ${width} points and their gradients`);
  }
  const inverseSquaredLengthScales = inverseSquares(model.hyperparameters.lengthScales);
  const buffer2 = scratchOf(8 * n);
  const lanes = buffer2.subarray(0, 4 * n);
  const derivativeFactors = buffer2.subarray(4 * n, 8 * n);
  const hasCategorical = categoricalMask.includes(1);
  for (let lane = 0; lane < GRADIENT_LANES; lane++) {
    if (lane >= width) {
      for (let i2 = 0; i2 < n; i2++) lanes[4 * i2 + lane] = 0;
      continue;
    }
    let i = 0;
    if (!hasCategorical) {
      for (; i + 4 <= n; i += 4) {
        scaledSquaredDistancesFour(
          points,
          lane,
          inputs,
          i,
          d,
          inverseSquaredLengthScales,
          lanes,
          4 * i + lane,
          4
        );
      }
    }
    for (; i < n; i++) {
      lanes[4 * i + lane] = scaledSquaredDistance(
        points,
        lane,
        inputs,
        i,
        d,
        inverseSquaredLengthScales,
        categoricalMask
      );
    }
    let mean = 0;
    for (let k = 0; k < n; k++) {
      const at = 4 * k + lane;
      const covariance = matern52WithDerivativeFactor(lanes[at], signalVariance, derivativeFactors, at);
      lanes[at] = covariance;
      mean += covariance * alpha[k];
    }
    outMean[lane] = mean;
  }
  solveLowerLanes(choleskyFactor, n, lanes);
  for (let lane = 0; lane < width; lane++) {
    let explained = 0;
    for (let i = 0; i < n; i++) explained += lanes[4 * i + lane] * lanes[4 * i + lane];
    outVariance[lane] = signalVariance - explained;
  }
  solveLowerTransposeLanes(choleskyFactor, n, lanes);
  for (let lane = 0; lane < width; lane++) {
    const rawVariance = outVariance[lane];
    outVariance[lane] = Math.max(rawVariance, 0);
    const clamped = !(rawVariance > 0);
    const x = lane * d;
    for (let j = 0; j < d; j++) {
      if (categoricalMask[j]) {
        outMeanGrad[x + j] = 0;
        outVarGrad[x + j] = 0;
        continue;
      }
      const p = points[x + j];
      const scale = inverseSquaredLengthScales[j];
      let meanGradient = 0;
      let varianceGradient = 0;
      for (let i = 0, offset = j; i < n; i++, offset += d) {
        const factor = derivativeFactors[4 * i + lane];
        const meanWeight = alpha[i] * factor;
        const varianceWeight = clamped ? 0 : lanes[4 * i + lane] * factor;
        const scaledDifference = (p - inputs[offset]) * scale;
        meanGradient = meanGradient - meanWeight * scaledDifference;
        varianceGradient = varianceGradient + 2 * varianceWeight * scaledDifference;
      }
      outMeanGrad[x + j] = meanGradient;
      outVarGrad[x + j] = varianceGradient;
    }
  }
}
function solveLowerLanes(factor, n, v) {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    let e0 = 0;
    let e1 = 0;
    let e2 = 0;
    let e3 = 0;
    let k = 0;
    for (; k + 3 < i; k += 4) {
      const l0 = factor[row + k];
      const l1 = factor[row + k + 1];
      const l2 = factor[row + k + 2];
      const l3 = factor[row + k + 3];
      const q2 = 4 * k;
      a0 += l0 * v[q2];
      b0 += l0 * v[q2 + 1];
      c0 += l0 * v[q2 + 2];
      e0 += l0 * v[q2 + 3];
      a1 += l1 * v[q2 + 4];
      b1 += l1 * v[q2 + 5];
      c1 += l1 * v[q2 + 6];
      e1 += l1 * v[q2 + 7];
      a2 += l2 * v[q2 + 8];
      b2 += l2 * v[q2 + 9];
      c2 += l2 * v[q2 + 10];
      e2 += l2 * v[q2 + 11];
      a3 += l3 * v[q2 + 12];
      b3 += l3 * v[q2 + 13];
      c3 += l3 * v[q2 + 14];
      e3 += l3 * v[q2 + 15];
    }
    for (; k < i; k++) {
      const l = factor[row + k];
      const q2 = 4 * k;
      a0 += l * v[q2];
      b0 += l * v[q2 + 1];
      c0 += l * v[q2 + 2];
      e0 += l * v[q2 + 3];
    }
    const diagonal = factor[row + i];
    const q = 4 * i;
    v[q] = (v[q] - (a0 + a1 + (a2 + a3))) / diagonal;
    v[q + 1] = (v[q + 1] - (b0 + b1 + (b2 + b3))) / diagonal;
    v[q + 2] = (v[q + 2] - (c0 + c1 + (c2 + c3))) / diagonal;
    v[q + 3] = (v[q + 3] - (e0 + e1 + (e2 + e3))) / diagonal;
  }
}
function solveLowerTransposeLanes(factor, n, v) {
  for (let i = n - 1; i >= 0; i--) {
    const diagonal = factor[i * n + i];
    const q = 4 * i;
    const x0 = v[q] / diagonal;
    const x1 = v[q + 1] / diagonal;
    const x2 = v[q + 2] / diagonal;
    const x3 = v[q + 3] / diagonal;
    v[q] = x0;
    v[q + 1] = x1;
    v[q + 2] = x2;
    v[q + 3] = x3;
    const row = i * n;
    for (let k = 0; k < i; k++) {
      const l = factor[row + k];
      const p = 4 * k;
      v[p] = v[p] - l * x0;
      v[p + 1] = v[p + 1] - l * x1;
      v[p + 2] = v[p + 2] - l * x2;
      v[p + 3] = v[p + 3] - l * x3;
    }
  }
}

// ../core/src/optim/lbfgsb.ts
var ARMIJO = 1e-4;
var MAX_BACKTRACKS = 40;
function minimizeBoundedSteps(x0, lower, upper, options = {}) {
  const d = x0.length;
  if (lower.length !== d || upper.length !== d) {
    throw new RangeError(`minimizeBounded: x0, lower and upper must have the same length (${d})`);
  }
  for (let i = 0; i < d; i++) {
    if (!(lower[i] <= upper[i])) {
      throw new RangeError(
        `minimizeBounded: lower[${i}] (${lower[i]}) must not exceed upper[${i}] (${upper[i]})`
      );
    }
  }
  return steps(x0, lower, upper, options);
}
function* steps(x0, lower, upper, options) {
  const d = x0.length;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const functionTolerance = options.functionTolerance ?? 1e-12;
  const memory = Math.max(1, options.memory ?? 10);
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const start = Number(x0[i]);
    x[i] = Number.isNaN(start) ? clip(0, lower[i], upper[i]) : clip(start, lower[i], upper[i]);
  }
  const g = new Float64Array(d);
  const trial = new Float64Array(d);
  const trialGradient = new Float64Array(d);
  const direction = new Float64Array(d);
  const free = new Uint8Array(d);
  const sHistory = [];
  const yHistory = [];
  const rhoHistory = [];
  const alphaScratch = new Float64Array(memory);
  let evaluations = 0;
  function* evaluate(point, gradientOut) {
    evaluations++;
    const result = yield point;
    const value2 = result.value;
    if (!Number.isFinite(value2)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < d; i++) {
      const gi = result.gradient[i];
      if (!Number.isFinite(gi)) return Number.POSITIVE_INFINITY;
      gradientOut[i] = gi;
    }
    return value2;
  }
  let value = yield* evaluate(x, g);
  if (!Number.isFinite(value)) {
    return { x, value: Number.POSITIVE_INFINITY, iterations: 0, evaluations, converged: false };
  }
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    let projectedNorm = 0;
    let freeCount = 0;
    for (let i = 0; i < d; i++) {
      const step2 = x[i] - clip(x[i] - g[i], lower[i], upper[i]);
      projectedNorm = Math.max(projectedNorm, Math.abs(step2));
      const heldLow = x[i] <= lower[i] && g[i] > 0;
      const heldHigh = x[i] >= upper[i] && g[i] < 0;
      free[i] = heldLow || heldHigh ? 0 : 1;
      if (free[i]) freeCount++;
    }
    if (projectedNorm <= tolerance || freeCount === 0) {
      converged = true;
      break;
    }
    iterations++;
    twoLoopDirection(g, free, sHistory, yHistory, rhoHistory, alphaScratch, direction);
    let slope = maskedDot(g, direction, free);
    if (!(slope < 0)) {
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
      for (let i = 0; i < d; i++) direction[i] = free[i] ? -g[i] : 0;
      slope = maskedDot(g, direction, free);
    }
    let step = 1;
    if (sHistory.length === 0) {
      let norm = 0;
      for (let i = 0; i < d; i++) norm += direction[i] * direction[i];
      step = Math.min(1, 1 / Math.sqrt(norm));
    }
    let accepted = false;
    let trialValue = Number.POSITIVE_INFINITY;
    for (let backtrack = 0; backtrack < MAX_BACKTRACKS; backtrack++) {
      let moved = false;
      for (let i = 0; i < d; i++) {
        trial[i] = clip(x[i] + step * direction[i], lower[i], upper[i]);
        if (trial[i] !== x[i]) moved = true;
      }
      if (!moved) break;
      trialValue = yield* evaluate(trial, trialGradient);
      let decrease = 0;
      for (let i = 0; i < d; i++) decrease += g[i] * (trial[i] - x[i]);
      if (Number.isFinite(trialValue) && trialValue <= value + ARMIJO * Math.min(decrease, 0)) {
        accepted = trialValue < value || decrease < 0;
        if (accepted) break;
      }
      if (!Number.isFinite(trialValue)) {
        step *= 0.25;
      } else {
        const predicted = -slope * step * step / (2 * (trialValue - value - slope * step));
        step = Number.isFinite(predicted) ? Math.min(0.5 * step, Math.max(0.1 * step, predicted)) : 0.5 * step;
      }
    }
    if (!accepted) {
      if (sHistory.length > 0) {
        sHistory.length = 0;
        yHistory.length = 0;
        rhoHistory.length = 0;
        continue;
      }
      break;
    }
    const s = sHistory.length === memory ? sHistory.shift() : new Float64Array(d);
    const y = yHistory.length === memory ? yHistory.shift() : new Float64Array(d);
    if (rhoHistory.length === memory) rhoHistory.shift();
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < d; i++) {
      s[i] = trial[i] - x[i];
      y[i] = trialGradient[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    if (sy > 1e-10 * yy && sy > 0) {
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    const previousValue = value;
    x.set(trial);
    g.set(trialGradient);
    value = trialValue;
    if (previousValue - value <= functionTolerance * Math.max(Math.abs(previousValue), Math.abs(value), 1)) {
      converged = true;
      break;
    }
  }
  return { x, value, iterations, evaluations, converged };
}
function clip(value, low, high) {
  return Math.min(Math.max(value, low), high);
}
function maskedDot(a, b, mask) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (mask[i]) sum += a[i] * b[i];
  return sum;
}
function twoLoopDirection(g, free, sHistory, yHistory, rhoHistory, alpha, direction) {
  const d = g.length;
  for (let i = 0; i < d; i++) direction[i] = free[i] ? -g[i] : 0;
  const count = sHistory.length;
  for (let k = count - 1; k >= 0; k--) {
    const s = sHistory[k];
    const y = yHistory[k];
    const a = rhoHistory[k] * maskedDot(s, direction, free);
    alpha[k] = a;
    for (let i = 0; i < d; i++) if (free[i]) direction[i] = direction[i] - a * y[i];
  }
  if (count > 0) {
    const s = sHistory[count - 1];
    const y = yHistory[count - 1];
    const yy = maskedDot(y, y, free);
    const gamma = yy > 0 ? maskedDot(s, y, free) / yy : 1;
    const scale = gamma > 0 && Number.isFinite(gamma) ? gamma : 1;
    for (let i = 0; i < d; i++) direction[i] = direction[i] * scale;
  }
  for (let k = 0; k < count; k++) {
    const s = sHistory[k];
    const y = yHistory[k];
    const b = rhoHistory[k] * maskedDot(y, direction, free);
    const a = alpha[k];
    for (let i = 0; i < d; i++) if (free[i]) direction[i] = direction[i] + (a - b) * s[i];
  }
}

// ../core/src/math/log1p.ts
var LN2_HI3 = fromWords(1072049730, 4276092928);
var LN2_LO3 = fromWords(1038760431, 897137782);
var TWO542 = fromWords(1129316352, 0);
var LP1 = fromWords(1071994197, 1431655827);
var LP2 = fromWords(1071225241, 2576873988);
var LP3 = fromWords(1070745892, 2485293913);
var LP4 = fromWords(1070363077, 495876271);
var LP5 = fromWords(1070024292, 2529887198);
var LP6 = fromWords(1069783561, 3497576095);
var LP7 = fromWords(1069740306, 3745403460);
function log1p(x) {
  const hx = highWord(x);
  const ax = hx & 2147483647;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 1071284858) {
    if (ax >= 1072693248) return x === -1 ? Number.NEGATIVE_INFINITY : Number.NaN;
    if (ax < 1042284544) {
      if (TWO542 + x > 0 && ax < 1016070144) return x;
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (3218259652 | 0)) {
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 2146435072) return x + x;
  if (k !== 0) {
    let u;
    if (hx < 1128267776) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1);
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 1048575;
    if (hu < 434334) {
      u = withHighWord(u, hu | 1072693248);
    } else {
      k += 1;
      u = withHighWord(u, hu | 1071644672);
      hu = 1048576 - hu >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO3;
      return k * LN2_HI3 + c;
    }
    const r2 = hfsq * (1 - 0.6666666666666666 * f);
    return k === 0 ? f - r2 : k * LN2_HI3 - (r2 - (k * LN2_LO3 + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI3 - (hfsq - (s * (hfsq + r) + (k * LN2_LO3 + c)) - f);
}

// ../core/src/acquisition/erfcx.ts
var INVERSE_SQRT_PI = 1 / Math.sqrt(Math.PI);
var TINY2 = 1e-300;
function erfcx(x) {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) {
    const square2 = x * x;
    return square2 > 709 ? Number.POSITIVE_INFINITY : 2 * exp(square2) - erfcx(-x);
  }
  if (x > 1e8) return INVERSE_SQRT_PI / x;
  const square = x * x;
  if (square < 1.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= 2 * square / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return exp(square) - 2 * INVERSE_SQRT_PI * sum;
  }
  let b = square + 0.5;
  let c = 1 / TINY2;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY2) d = TINY2;
    c = b + an / c;
    if (Math.abs(c) < TINY2) c = TINY2;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return x * h * INVERSE_SQRT_PI;
}

// ../core/src/acquisition/logEi.ts
var HALF_LOG_TWO_PI = 0.5 * log(2 * Math.PI);
var INVERSE_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
var SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
var TINY3 = 1e-300;
function logH(z) {
  if (z > -1) {
    const density = INVERSE_SQRT_TWO_PI * exp(-0.5 * z * z);
    const gaussianTail = 0.5 * erfcx(Math.abs(z) * Math.SQRT1_2) * exp(-0.5 * z * z);
    const distribution = z > 0 ? 1 - gaussianTail : gaussianTail;
    const h = density + z * distribution;
    return { value: log(h), cdfRatio: distribution / h, pdfRatio: density / h };
  }
  const x = -z;
  let u;
  let cdfRatio;
  if (x < 4) {
    const millsRatio = SQRT_HALF_PI * erfcx(x * Math.SQRT1_2);
    u = 1 - x * millsRatio;
    cdfRatio = millsRatio / u;
  } else {
    const t = laplaceTail(x);
    u = t / (x + t);
    cdfRatio = 1 / t;
  }
  return { value: -0.5 * x * x - HALF_LOG_TWO_PI + log(u), cdfRatio, pdfRatio: 1 / u };
}
function laplaceTail(x) {
  let f = TINY3;
  let c = f;
  let d = 0;
  for (let j = 1; j < 1e3; j++) {
    const a = j;
    d = x + a * d;
    if (d === 0) d = TINY3;
    c = x + a / c;
    if (c === 0) c = TINY3;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return f;
}
function logExpectedImprovement(mean, standardDeviation, incumbent) {
  const z = (incumbent - mean) / standardDeviation;
  const h = logH(z);
  return {
    value: h.value + log(standardDeviation),
    meanGradient: -h.cdfRatio / standardDeviation,
    standardDeviationGradient: h.pdfRatio / standardDeviation
  };
}
function logExpectedImprovementValue(mean, standardDeviation, incumbent) {
  return logH((incumbent - mean) / standardDeviation).value + log(standardDeviation);
}
function logExpectedImprovementUpperBound(mean, standardDeviation, incumbent) {
  const z = (incumbent - mean) / standardDeviation;
  if (!(z < -1)) return logH(z).value + log(standardDeviation);
  const x = -z;
  const bound = log(standardDeviation) - 0.5 * x * x - HALF_LOG_TWO_PI - log1p(x * x);
  return bound + 1e-12 * (1 + Math.abs(bound));
}

// ../core/src/acquisition/acquisitionFunction.ts
var MINIMUM_VARIANCE = 1e-12;
var SCREEN_FROM_OBSERVATIONS = 64;
var BOUND_NEIGHBOURS = 8;
var SCORE_CHUNK = 16;
var BOUND_SLACK = 1e-6;
var EXACT_GROUP = 4;
function scoreCandidates(job) {
  const { model, incumbent, candidates, top } = job;
  const d = model.dimension;
  const count = candidates.length / d;
  const means = new Float64Array(count);
  const variances = new Float64Array(count);
  const scores = new Float64Array(count);
  if (top === void 0 || top >= count) {
    posterior(model, candidates, means, variances);
    for (let i = 0; i < count; i++) scores[i] = scoreOf(means[i], variances[i], incumbent);
    return scores;
  }
  scores.fill(Number.NEGATIVE_INFINITY);
  const bounds = new Float64Array(count);
  if (model.count < SCREEN_FROM_OBSERVATIONS) {
    posterior(model, candidates, means, variances);
    for (let i = 0; i < count; i++) bounds[i] = boundOf(means[i], variances[i], incumbent);
    const scoreRows = (rows) => {
      for (const row of rows) scores[row] = scoreOf(means[row], variances[row], incumbent);
    };
    const keys = boundKeys(bounds);
    const first = rowsAtLeast(keys, kthLargest(keys, top));
    scoreRows(first);
    const threshold = kthLargest(
      Float64Array.from(first, (row) => exactKey(scores[row])),
      top
    );
    const chosen = new Uint8Array(count);
    for (const row of first) chosen[row] = 1;
    scoreRows(rowsAtLeast(keys, threshold).filter((row) => chosen[row] === 0));
    return keepTopScores(scores, top);
  }
  posteriorWithVarianceBound(model, candidates, BOUND_NEIGHBOURS, means, variances);
  const slack = BOUND_SLACK * model.hyperparameters.signalVariance;
  for (let i = 0; i < count; i++) bounds[i] = boundOf(means[i], variances[i] + slack, incumbent);
  const group = new Float64Array(EXACT_GROUP * d);
  const groupMeans = new Float64Array(EXACT_GROUP);
  const groupVariances = new Float64Array(EXACT_GROUP);
  scoreBest(bounds, top, scores, (rows) => {
    for (let first = 0; first < rows.length; first += EXACT_GROUP) {
      const width = Math.min(EXACT_GROUP, rows.length - first);
      for (let k = 0; k < width; k++) {
        const row = rows[first + k];
        group.set(candidates.subarray(row * d, (row + 1) * d), k * d);
      }
      posterior(model, group.subarray(0, width * d), groupMeans, groupVariances);
      for (let k = 0; k < width; k++) {
        scores[rows[first + k]] = scoreOf(groupMeans[k], groupVariances[k], incumbent);
      }
    }
  });
  return keepTopScores(scores, top);
}
function scoreBest(bounds, top, scores, scoreRows) {
  const count = bounds.length;
  const keys = boundKeys(bounds);
  const order = Array.from(keys, (_, i) => i).sort((a, b) => keys[b] - keys[a] || a - b);
  const exact = [];
  let threshold = Number.NEGATIVE_INFINITY;
  for (let next = 0; next < count; next += SCORE_CHUNK) {
    if (exact.length >= top && keys[order[next]] < threshold) break;
    const rows = order.slice(next, next + SCORE_CHUNK);
    scoreRows(rows);
    for (const row of rows) exact.push(exactKey(scores[row]));
    if (exact.length >= top) threshold = kthLargest(Float64Array.from(exact), top);
  }
}
function boundKeys(bounds) {
  return Float64Array.from(bounds, (bound) => Number.isNaN(bound) ? Number.POSITIVE_INFINITY : bound);
}
function exactKey(score) {
  return Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
}
function rowsAtLeast(keys, threshold) {
  const rows = [];
  for (let i = 0; i < keys.length; i++) if (keys[i] >= threshold) rows.push(i);
  return rows;
}
function kthLargest(values, k) {
  if (k > values.length || k < 1) return Number.NEGATIVE_INFINITY;
  return Float64Array.from(values).sort()[values.length - k];
}
function boundOf(mean, variance, incumbent) {
  return logExpectedImprovementUpperBound(mean, Math.sqrt(Math.max(variance, MINIMUM_VARIANCE)), incumbent);
}
function scoreOf(mean, variance, incumbent) {
  return logExpectedImprovementValue(mean, Math.sqrt(Math.max(variance, MINIMUM_VARIANCE)), incumbent);
}
function keepTopScores(scores, top) {
  if (top >= scores.length) return scores;
  const keys = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    keys[i] = Number.isNaN(scores[i]) ? Number.NEGATIVE_INFINITY : scores[i];
  }
  const threshold = Float64Array.from(keys).sort()[scores.length - top];
  let equalLeft = top;
  for (let i = 0; i < keys.length; i++) if (keys[i] > threshold) equalLeft--;
  for (let i = 0; i < scores.length; i++) {
    if (keys[i] > threshold) continue;
    if (keys[i] === threshold && equalLeft > 0) equalLeft--;
    else scores[i] = Number.NEGATIVE_INFINITY;
  }
  return scores;
}
function refineCandidates(job) {
  const { model, incumbent, starts, lower, upper } = job;
  const d = model.dimension;
  const count = starts.length / d;
  const points = new Float64Array(starts.length);
  const values = new Float64Array(count);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    scale[j] = model.categoricalMask[j] === 1 ? 1 : model.hyperparameters.lengthScales[j];
  }
  function* refineStart(s) {
    const start = starts.subarray(s * d, (s + 1) * d);
    const scaledStart = new Float64Array(d);
    const scaledLower = new Float64Array(d);
    const scaledUpper = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const fixed = model.categoricalMask[j] === 1;
      scaledStart[j] = start[j] / scale[j];
      scaledLower[j] = fixed ? scaledStart[j] : lower[j] / scale[j];
      scaledUpper[j] = fixed ? scaledStart[j] : upper[j] / scale[j];
    }
    const point = new Float64Array(d);
    const toPoint = (scaled) => {
      for (let j = 0; j < d; j++) {
        point[j] = model.categoricalMask[j] === 1 ? start[j] : Math.min(upper[j], Math.max(lower[j], scaled[j] * scale[j]));
      }
      return point;
    };
    const startValue = -(yield start).value;
    const steps2 = minimizeBoundedSteps(scaledStart, scaledLower, scaledUpper, {
      maxIterations: job.maxIterations,
      tolerance: 1e-6,
      functionTolerance: 1e-10
    });
    const scaledGradient = new Float64Array(d);
    let request = steps2.next();
    while (!request.done) {
      const answer = yield toPoint(request.value);
      for (let j = 0; j < d; j++) scaledGradient[j] = answer.gradient[j] * scale[j];
      request = steps2.next({ value: answer.value, gradient: scaledGradient });
    }
    const result = request.value;
    const improved = Number.isFinite(result.value) && -result.value > startValue;
    points.set(improved ? toPoint(result.x) : start, s * d);
    values[s] = improved ? -result.value : startValue;
  }
  const lanePoints = new Float64Array(GRADIENT_LANES * d);
  const means = new Float64Array(GRADIENT_LANES);
  const variances = new Float64Array(GRADIENT_LANES);
  const meanGradients = new Float64Array(GRADIENT_LANES * d);
  const varianceGradients = new Float64Array(GRADIENT_LANES * d);
  const gradient = new Float64Array(d);
  let waiting = [];
  for (let s = 0; s < count; s++) {
    const run = refineStart(s);
    const request = run.next();
    if (!request.done) waiting.push({ run, point: request.value });
  }
  while (waiting.length > 0) {
    const next = [];
    for (let first = 0; first < waiting.length; first += GRADIENT_LANES) {
      const group = waiting.slice(first, first + GRADIENT_LANES);
      group.forEach(({ point }, lane) => {
        lanePoints.set(point, lane * d);
      });
      posteriorWithGradientLanes(
        model,
        lanePoints.subarray(0, group.length * d),
        means,
        variances,
        meanGradients,
        varianceGradients
      );
      group.forEach(({ run }, lane) => {
        const variance = variances[lane];
        const floored = variance <= MINIMUM_VARIANCE;
        const standardDeviation = Math.sqrt(floored ? MINIMUM_VARIANCE : variance);
        const acquisition = logExpectedImprovement(means[lane], standardDeviation, incumbent);
        const varianceFactor = floored ? 0 : acquisition.standardDeviationGradient / (2 * standardDeviation);
        for (let j = 0; j < d; j++) {
          gradient[j] = -(acquisition.meanGradient * meanGradients[lane * d + j] + varianceFactor * varianceGradients[lane * d + j]);
        }
        const request = run.next({ value: -acquisition.value, gradient });
        if (!request.done) next.push({ run, point: request.value });
      });
    }
    waiting = next;
  }
  return { points, values };
}

// ../worker/src/acquisitionTask.ts
import Piscina from "piscina";
function runAcquisitionTask(task) {
  if (task.kind === "ping") return "pong";
  if (task.kind === "score") return Piscina.move(scoreCandidates(task.job));
  const result = refineCandidates(task.job);
  const packed = new Float64Array(result.points.length + result.values.length);
  packed.set(result.points);
  packed.set(result.values, result.points.length);
  return Piscina.move(packed);
}
function warmUp() {
  const dimension = 4;
  const count = 32;
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const inputs = Float64Array.from({ length: count * dimension }, next);
  const targets = Array.from({ length: count }, next);
  const model = buildGaussianProcessModel(
    inputs,
    targets,
    { lengthScales: new Float64Array(dimension).fill(0.3), signalVariance: 1, noiseVariance: 1e-4 },
    { dimension }
  );
  const candidates = Float64Array.from({ length: 1024 * dimension }, next);
  for (let round = 0; round < 4; round++) scoreCandidates({ model, incumbent: -1, candidates });
  refineCandidates({
    model,
    incumbent: -1,
    starts: candidates.subarray(0, 8 * dimension),
    lower: new Float64Array(dimension),
    upper: new Float64Array(dimension).fill(1),
    maxIterations: 50
  });
}
warmUp();
export {
  runAcquisitionTask as default
};
