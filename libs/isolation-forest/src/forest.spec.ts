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
  // The plain reference is the pointer walk over the serialised layout (scoreInto with no fast form):
  // every fast path must give exactly the same scores, bit for bit.
  async function kernels(forest: IsolationForest) {
    const { scoreInto } = await import('./score-kernel');
    const { compileHeap } = await import('./heap-layout');
    const { compileWasmKernel } = await import('./wasm-kernel');
    const { averagePathLength } = await import('./c-factor');
    const { modelFromJSON } = await import('./serialization');
    const model = modelFromJSON(forest.toJSON());
    const heap = compileHeap(model.layout, model.heightLimit);
    expect(heap).not.toBeNull();
    const wasm = compileWasmKernel(heap!, model.nFeatures);
    expect(wasm).not.toBeNull(); // Node has WebAssembly: the fast path under test is really wasm
    const c = averagePathLength(model.sampleSize);
    const run = (fast: Parameters<typeof scoreInto>[1], data: Float64Array): number[] => {
      const out = new Float64Array(data.length / model.nFeatures);
      scoreInto(model.layout, fast, data, model.nFeatures, c, out);
      return Array.from(out);
    };
    return {
      reference: (data: Float64Array) => run(null, data),
      heapJs: (data: Float64Array) => run({ heap, wasm: null }, data),
      wasm: (data: Float64Array) => run({ heap, wasm }, data),
    };
  }

  it('the wasm and JS heap kernels give exactly the plain pointer-walk scores', async () => {
    const forest = new IsolationForest({ seed: 6 }).fit(planted.data, planted.nFeatures);
    const k = await kernels(forest);
    const reference = k.reference(planted.data);
    expect(k.heapJs(planted.data)).toEqual(reference);
    expect(k.wasm(planted.data)).toEqual(reference);
    expect(forest.scoringKernel).toBe('wasm');
    expect(Array.from(forest.scoreBatch(planted.data, planted.nFeatures))).toEqual(reference);
    expect(new IsolationForest({ variant: 'extended' }).fit(planted.data, planted.nFeatures).scoringKernel).toBe('pointer');
  });

  it('agree on odd batch sizes, block boundaries and NaN / ±Infinity / −0 inputs', async () => {
    const forest = new IsolationForest({ seed: 9 }).fit(planted.data, planted.nFeatures);
    const k = await kernels(forest);
    const d = planted.nFeatures;
    const special = [NaN, Infinity, -Infinity, -0, 1e300, -1e300];
    for (const n of [0, 1, 7, 8, 9, 511, 512, 513, 1500]) {
      const data = new Float64Array(n * d);
      for (let i = 0; i < data.length; i++) data[i] = i % 11 === 0 ? special[i % special.length]! : planted.data[i % planted.data.length]! * 1.5;
      const reference = k.reference(data);
      expect(k.heapJs(data)).toEqual(reference);
      expect(k.wasm(data)).toEqual(reference);
    }
    // Values exactly at split thresholds (x ≥ split goes right).
    const splits = forest.toJSON().trees.splitValue;
    const atSplits = Float64Array.from({ length: 400 * d }, (_, i) => splits[(i * 7919) % splits.length]!);
    expect(k.wasm(atSplits)).toEqual(k.reference(atSplits));
    expect(k.heapJs(atSplits)).toEqual(k.reference(atSplits));
  });

  it('agree on wide data (small row blocks) and tiny ψ (shallow trees)', async () => {
    const wide = plantedOutliers(300, 6, 300, 77);
    const k = await kernels(new IsolationForest({ seed: 2, nTrees: 20 }).fit(wide.data, wide.nFeatures));
    expect(k.wasm(wide.data)).toEqual(k.reference(wide.data));
    const tiny = await kernels(new IsolationForest({ seed: 3, sampleSize: 2, nTrees: 7 }).fit(planted.data, planted.nFeatures));
    expect(tiny.wasm(planted.data)).toEqual(tiny.reference(planted.data));
    const dup = await kernels(new IsolationForest({ seed: 3, nTrees: 5 }).fitRows(Array.from({ length: 50 }, () => [1, 2])));
    const probe = new Float64Array([1, 2, 100, -100, NaN, 3]);
    expect(dup.wasm(probe)).toEqual(dup.reference(probe));
  });

  it('agree for every partial-block size on wide data, odd widths, one column and ψ = 4', async () => {
    const { blockRowsFor } = await import('./wasm-kernel');
    // 275 columns: odd width (the last column is transposed on its own), blocks of < 64 rows.
    const wide = plantedOutliers(400, 8, 275, 78);
    const k = await kernels(new IsolationForest({ seed: 4, nTrees: 12 }).fit(wide.data, wide.nFeatures));
    const B = blockRowsFor(wide.nFeatures);
    expect(B).toBeLessThan(64);
    for (let n = 1; n <= 2 * B + 1; n++) {
      const data = wide.data.subarray(0, n * wide.nFeatures);
      expect(k.wasm(data)).toEqual(k.reference(data));
    }
    for (const d of [1, 3]) {
      const narrow = plantedOutliers(700, 7, d, 79 + d);
      for (const sampleSize of [4, 256]) {
        const kn = await kernels(new IsolationForest({ seed: 5, nTrees: 9, sampleSize }).fit(narrow.data, narrow.nFeatures));
        expect(kn.wasm(narrow.data)).toEqual(kn.reference(narrow.data));
      }
    }
  });
});
