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
function exp(x) {
  if (x === 1) return Math.E;
  let hx = highWord(x);
  const xsb = hx >>> 31 & 1;
  hx &= 2147483647;
  if (hx >= 1082535490) {
    if (hx >= 2146435072) {
      if ((hx & 1048575 | lowWord(x)) !== 0) return x + x;
      return xsb === 0 ? x : 0;
    }
    if (x > OVERFLOW_THRESHOLD) return HUGE * HUGE;
    if (x < UNDERFLOW_THRESHOLD) return TWO_M1000 * TWO_M1000;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 1071001154) {
    if (hx < 1072734898) {
      hi = x - LN2_HI[xsb];
      lo = LN2_LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INV_LN2 * x + HALF[xsb]);
      hi = x - k * LN2_HI[0];
      lo = k * LN2_LO[0];
    }
    x = hi - lo;
  } else if (hx < 1043333120) {
    if (HUGE + x > 1) return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - (x * c / (c - 2) - x);
  const y = 1 - (lo - x * c / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_1023;
    return y * fromWords(1023 + k << 20, 0);
  }
  return y * fromWords(1023 + k + 1e3 << 20, 0) * TWO_M1000;
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
  const { dimension, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
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
  for (let j = 0; j < dimension; j++) {
    const lengthScale = lengthScales[j];
    categoricalWeights[j] = categoricalMask[j] ? 1 / (lengthScale * lengthScale) : 0;
    const scale = categoricalMask[j] ? 1 : 1 / lengthScale;
    for (let i = 0; i < n; i++) scaledInputs[i * dimension + j] = inputs[i * dimension + j] * scale;
  }
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
function crossCovariance(scaledPoint, scaledInputs, categoricalWeights, categoricalMask, n, signalVariance, alpha, lanes, lane) {
  const d = scaledPoint.length;
  const hasCategorical = categoricalMask.includes(1);
  let mean = 0;
  for (let i = 0, offset = 0; i < n; i++, offset += d) {
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
    const r = Math.sqrt(squaredDistance);
    const covariance = signalVariance * (1 + SQRT52 * r + 5 / 3 * squaredDistance) * exp(-SQRT52 * r);
    lanes[4 * i + lane] = covariance;
    mean += covariance * alpha[i];
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
function posteriorWithGradient(model, point, outMeanGrad, outVarGrad) {
  const { dimension, count: n, inputs, categoricalMask, choleskyFactor, alpha } = model;
  const { signalVariance } = model.hyperparameters;
  if (point.length !== dimension || outMeanGrad.length < dimension || outVarGrad.length < dimension) {
    throw new TunekitError(
      "invalidArgument",
      `point must have length ${dimension} and the gradient outputs at least ${dimension}`
    );
  }
  const inverseSquaredLengthScales = inverseSquares(model.hyperparameters.lengthScales);
  const buffer2 = scratchOf(2 * n + dimension);
  const crossCovariance2 = buffer2.subarray(0, n);
  const derivativeFactors = buffer2.subarray(n, 2 * n);
  const x = buffer2.subarray(2 * n, 2 * n + dimension);
  for (let j = 0; j < dimension; j++) x[j] = point[j];
  const hasCategorical = categoricalMask.includes(1);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    let squaredDistance = 0;
    if (hasCategorical) {
      squaredDistance = scaledSquaredDistance(
        x,
        0,
        inputs,
        i,
        dimension,
        inverseSquaredLengthScales,
        categoricalMask
      );
    } else {
      const offset = i * dimension;
      for (let j = 0; j < dimension; j++) {
        const difference = x[j] - inputs[offset + j];
        squaredDistance += difference * difference * inverseSquaredLengthScales[j];
      }
    }
    const covariance = matern52WithDerivativeFactor(squaredDistance, signalVariance, derivativeFactors, i);
    crossCovariance2[i] = covariance;
    mean += covariance * alpha[i];
  }
  const weights = crossCovariance2;
  solveLowerInPlace(choleskyFactor, n, weights);
  let explained = 0;
  for (let i = 0; i < n; i++) explained += weights[i] * weights[i];
  solveLowerTransposeInPlace(choleskyFactor, n, weights);
  const rawVariance = signalVariance - explained;
  const variance = Math.max(rawVariance, 0);
  const clamped = !(rawVariance > 0);
  outMeanGrad.fill(0, 0, dimension);
  outVarGrad.fill(0, 0, dimension);
  for (let i = 0; i < n; i++) {
    const factor = derivativeFactors[i];
    const meanWeight = alpha[i] * factor;
    const varianceWeight = clamped ? 0 : weights[i] * factor;
    const offset = i * dimension;
    for (let j = 0; j < dimension; j++) {
      if (categoricalMask[j]) continue;
      const scaledDifference = (x[j] - inputs[offset + j]) * inverseSquaredLengthScales[j];
      outMeanGrad[j] = outMeanGrad[j] - meanWeight * scaledDifference;
      outVarGrad[j] = outVarGrad[j] + 2 * varianceWeight * scaledDifference;
    }
  }
  return { mean, variance };
}

// ../core/src/optim/lbfgsb.ts
var ARMIJO = 1e-4;
var MAX_BACKTRACKS = 40;
function minimizeBounded(f, x0, lower, upper, options = {}) {
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
  const evaluate = (point, gradientOut) => {
    evaluations++;
    const result = f(point);
    const value2 = result.value;
    if (!Number.isFinite(value2)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < d; i++) {
      const gi = result.gradient[i];
      if (!Number.isFinite(gi)) return Number.POSITIVE_INFINITY;
      gradientOut[i] = gi;
    }
    return value2;
  };
  let value = evaluate(x, g);
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
      trialValue = evaluate(trial, trialGradient);
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

// ../core/src/acquisition/erfcx.ts
var INVERSE_SQRT_PI = 1 / Math.sqrt(Math.PI);
var TINY = 1e-300;
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
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
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
var TINY2 = 1e-300;
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
  let f = TINY2;
  let c = f;
  let d = 0;
  for (let j = 1; j < 1e3; j++) {
    const a = j;
    d = x + a * d;
    if (d === 0) d = TINY2;
    c = x + a / c;
    if (c === 0) c = TINY2;
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

// ../core/src/acquisition/acquisitionFunction.ts
var MINIMUM_VARIANCE = 1e-12;
function scoreCandidates(job) {
  const { model, incumbent, candidates } = job;
  const count = candidates.length / model.dimension;
  const means = new Float64Array(count);
  const variances = new Float64Array(count);
  posterior(model, candidates, means, variances);
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const standardDeviation = Math.sqrt(Math.max(variances[i], MINIMUM_VARIANCE));
    scores[i] = logExpectedImprovementValue(means[i], standardDeviation, incumbent);
  }
  return scores;
}
function refineCandidates(job) {
  const { model, incumbent, starts, lower, upper } = job;
  const d = model.dimension;
  const count = starts.length / d;
  const points = new Float64Array(starts.length);
  const values = new Float64Array(count);
  const meanGradient = new Float64Array(d);
  const varianceGradient = new Float64Array(d);
  const gradient = new Float64Array(d);
  const objective = (x) => {
    const { mean, variance } = posteriorWithGradient(model, x, meanGradient, varianceGradient);
    const floored = variance <= MINIMUM_VARIANCE;
    const standardDeviation = Math.sqrt(floored ? MINIMUM_VARIANCE : variance);
    const acquisition = logExpectedImprovement(mean, standardDeviation, incumbent);
    const varianceFactor = floored ? 0 : acquisition.standardDeviationGradient / (2 * standardDeviation);
    for (let j = 0; j < d; j++) {
      gradient[j] = -(acquisition.meanGradient * meanGradient[j] + varianceFactor * varianceGradient[j]);
    }
    return { value: -acquisition.value, gradient };
  };
  const startLower = new Float64Array(d);
  const startUpper = new Float64Array(d);
  for (let s = 0; s < count; s++) {
    const start = starts.subarray(s * d, (s + 1) * d);
    for (let j = 0; j < d; j++) {
      const fixed = model.categoricalMask[j] === 1;
      startLower[j] = fixed ? start[j] : lower[j];
      startUpper[j] = fixed ? start[j] : upper[j];
    }
    const startValue = -objective(start).value;
    const result = minimizeBounded(objective, start, startLower, startUpper, {
      maxIterations: job.maxIterations,
      tolerance: 1e-6,
      functionTolerance: 1e-10
    });
    const improved = Number.isFinite(result.value) && -result.value > startValue;
    points.set(improved ? result.x : start, s * d);
    values[s] = improved ? -result.value : startValue;
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
