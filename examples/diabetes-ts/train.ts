/**
 * A SageMaker-style training script: a one-hidden-layer neural network (MLP) that predicts disease
 * progression on the diabetes dataset (Efron et al. 2004, as shipped by scikit-learn).
 *
 * Hyperparameters arrive as `--name value` arguments, as SageMaker passes them in script mode:
 *   --learning_rate  Adam step size                       (default 0.01)
 *   --hidden_units   neurons in the hidden layer          (default 16)
 *   --l2             L2 penalty on the weights            (default 0.0001)
 *   --activation     relu | tanh | sigmoid | softplus     (default relu)
 *   --epochs         passes over the training rows        (default 120)
 *   --batch_size     rows per gradient step               (default 32)
 *   --seed           weight initialisation seed           (default 1)
 *   --data           the CSV file (default: $SM_CHANNEL_TRAIN/diabetes.csv, else ../data/diabetes.csv)
 *
 * Every epoch it prints `epoch N train-rmse: X validation-rmse: Y` (RMSE in the target's own units), which the
 * tuning file's metric regexes read. The train/validation split is fixed (the same 80/20 split for every trial),
 * so trials are comparable. If SM_MODEL_DIR is set, the trained weights are written there as model.json.
 *
 * Run it alone: node --import tsx train.ts --learning_rate 0.01 --hidden_units 16 --activation tanh
 *
 * `trainEpochs` is the training itself, a generator of the per-epoch RMSEs: bench/multiFidelity.ts imports it to
 * read real learning curves in process (importing this file trains nothing).
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'softplus';

export interface Options {
  learningRate: number;
  hiddenUnits: number;
  l2: number;
  activation: Activation;
  epochs: number;
  batchSize: number;
  seed: number;
  data: string;
}

export function parseArgs(argv: readonly string[]): Options {
  const raw = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (key === undefined || !key.startsWith('--') || value === undefined) {
      throw new Error(`expected --name value pairs, got ${JSON.stringify(argv.slice(i))}`);
    }
    raw.set(key.slice(2), value);
  }
  const number = (name: string, fallback: number): number => {
    const text = raw.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${JSON.stringify(text)}`);
    return value;
  };
  const activation = raw.get('activation') ?? 'relu';
  if (!['relu', 'tanh', 'sigmoid', 'softplus'].includes(activation)) {
    throw new Error(
      `--activation must be relu, tanh, sigmoid or softplus, got ${JSON.stringify(activation)}`,
    );
  }
  const channel = process.env.SM_CHANNEL_TRAIN;
  const here = fileURLToPath(new URL('.', import.meta.url));
  return {
    learningRate: number('learning_rate', 0.01),
    hiddenUnits: Math.max(1, Math.round(number('hidden_units', 16))),
    l2: number('l2', 1e-4),
    activation: activation as Activation,
    epochs: Math.max(1, Math.round(number('epochs', 120))),
    batchSize: Math.max(1, Math.round(number('batch_size', 32))),
    seed: Math.round(number('seed', 1)),
    data:
      raw.get('data') ?? (channel ? join(channel, 'diabetes.csv') : join(here, '..', 'data', 'diabetes.csv')),
  };
}

/** Mulberry32: a small seeded generator, so every run with the same seed is identical. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Dataset {
  features: Float64Array[]; // one row per example, standardised
  targets: Float64Array; // raw target values
}

function loadSplit(path: string): { train: Dataset; validation: Dataset } {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  // The fixed split: shuffle once with a constant seed, 80% train, 20% validation.
  const random = createRandom(2004);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const cut = Math.round(rows.length * 0.8);
  const width = rows[0]!.length - 1;
  const trainRows = rows.slice(0, cut);
  const mean = new Float64Array(width);
  const deviation = new Float64Array(width);
  for (const row of trainRows) for (let c = 0; c < width; c++) mean[c]! += row[c]! / trainRows.length;
  for (const row of trainRows) {
    for (let c = 0; c < width; c++) deviation[c]! += (row[c]! - mean[c]!) ** 2 / trainRows.length;
  }
  for (let c = 0; c < width; c++) deviation[c] = Math.sqrt(deviation[c]!) || 1;
  const toDataset = (part: number[][]): Dataset => ({
    features: part.map((row) =>
      Float64Array.from({ length: width }, (_, c) => (row[c]! - mean[c]!) / deviation[c]!),
    ),
    targets: Float64Array.from(part, (row) => row[width]!),
  });
  return { train: toDataset(trainRows), validation: toDataset(rows.slice(cut)) };
}

const activations: Record<
  Activation,
  { f: (x: number) => number; derivative: (x: number, y: number) => number }
> = {
  relu: { f: (x) => Math.max(x, 0), derivative: (x) => (x > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, derivative: (_x, y) => 1 - y * y },
  sigmoid: { f: (x) => 1 / (1 + Math.exp(-x)), derivative: (_x, y) => y * (1 - y) },
  softplus: { f: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))), derivative: (x) => 1 / (1 + Math.exp(-x)) },
};

/** One epoch's result. */
export interface EpochResult {
  readonly epoch: number;
  readonly trainRmse: number;
  readonly validationRmse: number;
}

/**
 * Trains the network, yielding each epoch's RMSEs; returns the trained parameters once every epoch ran.
 *
 * @param options - The hyperparameters and the data file.
 */
export function* trainEpochs(
  options: Options,
): Generator<EpochResult, { targetMean: number; targetDeviation: number; weights: Float64Array }> {
  const { train: trainSet, validation } = loadSplit(options.data);
  const inputs = trainSet.features[0]!.length;
  const hidden = options.hiddenUnits;
  const { f, derivative } = activations[options.activation];
  // The target is standardised for training and mapped back for the reported RMSE.
  let targetMean = 0;
  for (const y of trainSet.targets) targetMean += y / trainSet.targets.length;
  let targetDeviation = 0;
  for (const y of trainSet.targets) targetDeviation += (y - targetMean) ** 2 / trainSet.targets.length;
  targetDeviation = Math.sqrt(targetDeviation);

  // Parameters in one flat vector: W1 (hidden x inputs, row-major), b1 (hidden), w2 (hidden), b2 (1).
  const size = hidden * inputs + hidden + hidden + 1;
  const offsetB1 = hidden * inputs;
  const offsetW2 = offsetB1 + hidden;
  const offsetB2 = offsetW2 + hidden;
  const weights = new Float64Array(size);
  const random = createRandom(options.seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (let i = 0; i < offsetB1; i++) weights[i] = gaussian() * Math.sqrt(2 / inputs);
  for (let i = offsetW2; i < offsetB2; i++) weights[i] = gaussian() * Math.sqrt(1 / hidden);

  const gradient = new Float64Array(size);
  const firstMoment = new Float64Array(size);
  const secondMoment = new Float64Array(size);
  const preActivation = new Float64Array(hidden);
  const activation = new Float64Array(hidden);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;

  const predict = (x: Float64Array): number => {
    let out = weights[offsetB2]!;
    for (let h = 0; h < hidden; h++) {
      let z = weights[offsetB1 + h]!;
      for (let c = 0; c < inputs; c++) z += weights[h * inputs + c]! * x[c]!;
      preActivation[h] = z;
      activation[h] = f(z);
      out += weights[offsetW2 + h]! * activation[h]!;
    }
    return out;
  };
  const rmse = (set: Dataset): number => {
    let sum = 0;
    for (let i = 0; i < set.targets.length; i++) {
      const error = predict(set.features[i]!) * targetDeviation + targetMean - set.targets[i]!;
      sum += error * error;
    }
    return Math.sqrt(sum / set.targets.length);
  };

  const order = Array.from(trainSet.targets, (_, i) => i);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      gradient.fill(0);
      for (const row of batch) {
        const x = trainSet.features[row]!;
        const residual = predict(x) - (trainSet.targets[row]! - targetMean) / targetDeviation;
        const scale = (2 * residual) / batch.length;
        gradient[offsetB2]! += scale;
        for (let h = 0; h < hidden; h++) {
          gradient[offsetW2 + h]! += scale * activation[h]!;
          const back = scale * weights[offsetW2 + h]! * derivative(preActivation[h]!, activation[h]!);
          gradient[offsetB1 + h]! += back;
          for (let c = 0; c < inputs; c++) gradient[h * inputs + c]! += back * x[c]!;
        }
      }
      step++;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      for (let i = 0; i < size; i++) {
        const isWeight = i < offsetB1 || (i >= offsetW2 && i < offsetB2);
        const g = gradient[i]! + (isWeight ? 2 * options.l2 * weights[i]! : 0);
        firstMoment[i] = beta1 * firstMoment[i]! + (1 - beta1) * g;
        secondMoment[i] = beta2 * secondMoment[i]! + (1 - beta2) * g * g;
        weights[i]! -=
          (options.learningRate * (firstMoment[i]! / correction1)) /
          (Math.sqrt(secondMoment[i]! / correction2) + 1e-8);
      }
    }
    yield { epoch, trainRmse: rmse(trainSet), validationRmse: rmse(validation) };
  }
  return { targetMean, targetDeviation, weights };
}

function train(options: Options): void {
  const epochs = trainEpochs(options);
  for (let next = epochs.next(); ; next = epochs.next()) {
    if (next.done) {
      const modelDir = process.env.SM_MODEL_DIR;
      if (modelDir) {
        const { targetMean, targetDeviation, weights } = next.value;
        const model = { options, targetMean, targetDeviation, weights: Array.from(weights) };
        writeFileSync(join(modelDir, 'model.json'), JSON.stringify(model));
      }
      return;
    }
    const { epoch, trainRmse, validationRmse } = next.value;
    console.log(
      `epoch ${epoch} train-rmse: ${trainRmse.toFixed(4)} validation-rmse: ${validationRmse.toFixed(4)}`,
    );
  }
}

// Run as a script (not when imported); through a symbolic link too.
const script = process.argv[1];
if (script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))) {
  try {
    train(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`train.ts: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
