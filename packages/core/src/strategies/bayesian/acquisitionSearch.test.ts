import { describe, expect, it } from 'vitest';
import type { AcquisitionEvaluator, RefineJob } from '../../acquisition/evaluator.ts';
import { createLocalEvaluator } from '../../acquisition/localEvaluator.ts';
import { buildGaussianProcessModel } from '../../gp/model.ts';
import { searchAcquisition } from './acquisitionSearch.ts';

/** The local evaluator, recording the starts of each refinement. */
function recording(): { evaluator: AcquisitionEvaluator; starts: Float64Array[] } {
  const local = createLocalEvaluator();
  const starts: Float64Array[] = [];
  return {
    starts,
    evaluator: {
      score: (job) => local.score(job),
      refine: (job: RefineJob) => {
        starts.push(job.starts.slice());
        return local.refine(job);
      },
      close: () => local.close(),
    },
  };
}

/** A model in `d` dimensions whose best observation is at 0.2 in every coordinate, length scales 0.3. */
function modelIn(d: number) {
  const points = [0.2, 0.8, 0.5, 0.9, 0.1];
  const inputs = Float64Array.from({ length: points.length * d }, (_, i) => points[Math.floor(i / d)]!);
  return buildGaussianProcessModel(
    inputs,
    [0, 3, 2, 4, 3.5],
    { lengthScales: new Float64Array(d).fill(0.3), signalVariance: 1, noiseVariance: 1e-6 },
    { dimension: d },
  );
}

async function refinedStarts(d: number): Promise<number> {
  const model = modelIn(d);
  // The two best candidates lie 0.01 apart near the best observation, a third far from both.
  const rows = [0.25, 0.26, 0.6];
  const candidates = Float64Array.from({ length: rows.length * d }, (_, i) => rows[Math.floor(i / d)]!);
  const { evaluator, starts } = recording();
  await searchAcquisition({
    model,
    incumbent: (0 - model.targetMean) / model.targetScale,
    evaluator,
    candidates,
    anchors: new Float64Array(0),
    categoryCounts: new Array(d).fill(0),
    refineCount: 2,
    maxIterations: 20,
    keptCount: 3,
  });
  return starts[0]!.length / d;
}

describe('searchAcquisition', () => {
  it('refines one start of a cluster of candidates within half a length scale (up to 10 dimensions)', async () => {
    expect(await refinedStarts(2)).toBe(1);
    expect(await refinedStarts(10)).toBe(1);
  });

  it('refines every start above 10 dimensions, where runs of one cluster end apart', async () => {
    expect(await refinedStarts(12)).toBe(2);
  });
});
