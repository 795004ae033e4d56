import { describe, expect, it } from 'vitest';
import { IsolationForest } from './forest';
import { plantedOutliers } from './planted-data.test-helper';
import { rocAuc } from './roc-auc';

const planted = plantedOutliers(2000, 20, 4, 2024);

describe('IsolationForest', () => {
  it('is deterministic for a seed: same seed gives identical scores', () => {
    const a = new IsolationForest({ seed: 7 }).fit(planted.data, planted.nFeatures);
    const b = new IsolationForest({ seed: 7 }).fit(planted.data, planted.nFeatures);
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.scoreBatch(planted.data, planted.nFeatures)).toEqual(b.scoreBatch(planted.data, planted.nFeatures));
  });

  it('different seeds grow different trees', () => {
    const a = new IsolationForest({ seed: 7 }).fit(planted.data, planted.nFeatures).toJSON();
    const b = new IsolationForest({ seed: 8 }).fit(planted.data, planted.nFeatures).toJSON();
    expect(a.trees.splitValue).not.toEqual(b.trees.splitValue);
  });

  it('reaches AUC ≥ 0.95 on 2000 gaussian inliers + 20 planted far outliers', () => {
    const scores = new IsolationForest({ seed: 1 }).fit(planted.data, planted.nFeatures).scoreBatch(planted.data, planted.nFeatures);
    expect(rocAuc(scores, planted.labels)).toBeGreaterThanOrEqual(0.95);
    for (const s of scores) expect(s > 0 && s <= 1).toBe(true);
  });

  it('follows the paper layout: t trees, ψ capped at n, height ≤ ⌈log2 ψ⌉', () => {
    const json = new IsolationForest({ nTrees: 10, sampleSize: 64 }).fit(planted.data, planted.nFeatures).toJSON();
    expect(json.trees.treeRoots).toHaveLength(10);
    expect(json.heightLimit).toBe(6);
    for (const r of json.trees.treeRoots) expect(json.trees.nodeSize[r]).toBe(64);
    const small = new IsolationForest({ sampleSize: 256 }).fitRows([[1], [2], [3], [4], [5]]);
    expect(small.sampleSize).toBe(5);
  });

  it('fit() again replaces the model entirely', () => {
    const other = plantedOutliers(500, 5, 2, 99);
    const refit = new IsolationForest({ seed: 5 }).fit(planted.data, planted.nFeatures).fit(other.data, other.nFeatures);
    const fresh = new IsolationForest({ seed: 5 }).fit(other.data, other.nFeatures);
    expect(refit.nFeatures).toBe(2);
    expect(refit.toJSON()).toEqual(fresh.toJSON());
    expect(() => refit.scoreBatch(planted.data, planted.nFeatures)).toThrow(/2 features/);
  });

  it('splits only on features that vary and makes a leaf when none do', () => {
    // Feature 0 is constant: no split may use it.
    const rows = Array.from({ length: 300 }, (_, i) => [5, i % 17, (i * 7) % 13]);
    const json = new IsolationForest({ seed: 3 }).fitRows(rows).toJSON();
    expect(json.trees.splitFeature).not.toContain(0);
    // All rows identical: every tree is a single leaf of size ψ, so every point scores the same.
    const dup = new IsolationForest({ seed: 3, nTrees: 5 }).fitRows(Array.from({ length: 50 }, () => [1, 2]));
    expect(dup.toJSON().trees.splitFeature).toEqual([-1, -1, -1, -1, -1]);
    expect(dup.score([1, 2])).toBe(dup.score([100, -100]));
  });

  it('score(row) equals the batch score', () => {
    const f = new IsolationForest({ seed: 2 }).fit(planted.data, planted.nFeatures);
    const batch = f.scoreBatch(planted.data, planted.nFeatures);
    const row = Array.from(planted.data.subarray(2010 * 4, 2011 * 4));
    expect(f.score(row)).toBe(batch[2010]);
  });

  it('rejects bad input clearly', () => {
    expect(() => new IsolationForest().score([1])).toThrow(/fit\(\)/);
    expect(() => new IsolationForest().fit(new Float64Array([1, 2, 3]), 2)).toThrow(/multiple/);
    expect(() => new IsolationForest().fit(new Float64Array([1, NaN, 3, 4]), 2)).toThrow(/non-finite/);
    expect(() => new IsolationForest({ sampleSize: 1 })).toThrow(/sampleSize/);
    expect(() => new IsolationForest({ featureNames: ['a'] }).fit(planted.data, planted.nFeatures)).toThrow(/feature names/);
  });

  it('extended variant is deterministic and separates the planted outliers', () => {
    const opts = { seed: 4, variant: 'extended' as const };
    const a = new IsolationForest(opts).fit(planted.data, planted.nFeatures).scoreBatch(planted.data, planted.nFeatures);
    const b = new IsolationForest(opts).fit(planted.data, planted.nFeatures).scoreBatch(planted.data, planted.nFeatures);
    expect(a).toEqual(b);
    expect(rocAuc(a, planted.labels)).toBeGreaterThanOrEqual(0.95);
    expect(() => new IsolationForest({ variant: 'extended', extensionLevel: 4 }).fit(planted.data, planted.nFeatures)).toThrow(/extensionLevel/);
  });
});

describe('scoring kernels', () => {
  it('the fast heap kernel gives exactly the generic pointer-kernel scores', async () => {
    const { scoreInto } = await import('./score-kernel');
    const { compileHeap } = await import('./heap-layout');
    const { averagePathLength } = await import('./c-factor');
    const { modelFromJSON } = await import('./serialization');
    const model = modelFromJSON(new IsolationForest({ seed: 6 }).fit(planted.data, planted.nFeatures).toJSON());
    const heap = compileHeap(model.layout, model.heightLimit);
    expect(heap).not.toBeNull();
    const fast = new Float64Array(planted.nRows);
    const generic = new Float64Array(planted.nRows);
    scoreInto(model.layout, heap, planted.data, planted.nFeatures, averagePathLength(model.sampleSize), fast);
    scoreInto(model.layout, null, planted.data, planted.nFeatures, averagePathLength(model.sampleSize), generic);
    expect(fast).toEqual(generic);
  });
});
