/**
 * A compact random forest regressor, the surrogate behind importance and contours (as Optuna's fANOVA evaluator
 * fits one). Shapes: X is n x d, row-major, every feature in [0, 1] (see parameters.ts toUnit); y has n values.
 * Each tree is grown on a bootstrap sample by CART variance reduction on a random subset of features.
 */
import { seededRandom } from './random.ts';

/** A tree as flat arrays: node k splits on `feature[k]` at `threshold[k]`, or is a leaf (`feature[k] < 0`). */
interface Tree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
}

/** The fitted forest. */
export interface Forest {
  readonly dimensions: number;
  /** The prediction at a point of the unit cube (length d). */
  predict(point: ArrayLike<number>): number;
}

/** Settings; the defaults suit a few hundred trials and a dozen ranges. */
export interface ForestOptions {
  readonly trees?: number;
  readonly maxDepth?: number;
  readonly minLeaf?: number;
  readonly seed?: number;
}

/**
 * Fits a forest.
 *
 * @param X - n x d, row-major, features in [0, 1].
 * @param y - n targets.
 * @param d - The number of features.
 */
export function fitForest(X: Float64Array, y: Float64Array, d: number, options: ForestOptions = {}): Forest {
  const n = y.length;
  const random = seededRandom(options.seed ?? 1);
  const treeCount = options.trees ?? 32;
  const maxDepth = options.maxDepth ?? 8;
  const minLeaf = options.minLeaf ?? 2;
  const tried = Math.max(1, Math.ceil(d * 0.7));
  const trees: Tree[] = [];
  for (let t = 0; t < treeCount; t++) {
    const sample = Array.from({ length: n }, () => Math.floor(random() * n));
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    grow(tree, sample, 0);
    trees.push(tree);
  }

  function grow(tree: Tree, rows: number[], depth: number): number {
    const node = tree.feature.length;
    let sum = 0;
    for (const row of rows) sum += y[row]!;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(sum / rows.length);
    if (depth >= maxDepth || rows.length < 2 * minLeaf) return node;
    const features = Array.from({ length: d }, (_, index) => index);
    for (let i = features.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [features[i], features[j]] = [features[j]!, features[i]!];
    }
    let bestGain = 1e-12;
    let bestFeature = -1;
    let bestThreshold = 0;
    const total = rows.length;
    for (const feature of features.slice(0, tried)) {
      const sorted = [...rows].sort((a, b) => X[a * d + feature]! - X[b * d + feature]!);
      let leftSum = 0;
      let leftSquares = 0;
      let allSquares = 0;
      for (const row of sorted) allSquares += y[row]! ** 2;
      const parentError = allSquares - (sum * sum) / total;
      for (let i = 0; i < total - 1; i++) {
        const row = sorted[i]!;
        leftSum += y[row]!;
        leftSquares += y[row]! ** 2;
        const here = X[row * d + feature]!;
        const next = X[sorted[i + 1]! * d + feature]!;
        if (here === next || i + 1 < minLeaf || total - i - 1 < minLeaf) continue;
        const leftCount = i + 1;
        const rightCount = total - leftCount;
        const rightSum = sum - leftSum;
        const error =
          leftSquares -
          (leftSum * leftSum) / leftCount +
          (allSquares - leftSquares) -
          (rightSum * rightSum) / rightCount;
        const gain = parentError - error;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = feature;
          bestThreshold = (here + next) / 2;
        }
      }
    }
    if (bestFeature < 0) return node;
    const leftRows = rows.filter((row) => X[row * d + bestFeature]! <= bestThreshold);
    const rightRows = rows.filter((row) => X[row * d + bestFeature]! > bestThreshold);
    tree.feature[node] = bestFeature;
    tree.threshold[node] = bestThreshold;
    tree.left[node] = grow(tree, leftRows, depth + 1);
    tree.right[node] = grow(tree, rightRows, depth + 1);
    return node;
  }

  return {
    dimensions: d,
    predict(point) {
      let total = 0;
      for (const tree of trees) {
        let node = 0;
        while (tree.feature[node]! >= 0) {
          node = point[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        }
        total += tree.value[node]!;
      }
      return total / trees.length;
    },
  };
}
