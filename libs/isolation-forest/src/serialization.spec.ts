import { describe, expect, it } from 'vitest';
import { IsolationForest } from './forest';
import { plantedOutliers } from './planted-data.test-helper';
import { FORMAT_VERSION } from './serialization';

const planted = plantedOutliers(1000, 10, 3, 11);

describe('toJSON / fromJSON', () => {
  it.each(['standard', 'extended'] as const)('round-trips through JSON text with bit-identical scores (%s)', (variant) => {
    const original = new IsolationForest({ seed: 9, variant, featureNames: ['a', 'b', 'c'] }).fit(planted.data, 3);
    const text = JSON.stringify(original.toJSON());
    const loaded = IsolationForest.fromJSON(JSON.parse(text));
    const s1 = original.scoreBatch(planted.data, 3);
    const s2 = loaded.scoreBatch(planted.data, 3);
    expect(Array.from(s2)).toEqual(Array.from(s1));
    for (let i = 0; i < s1.length; i++) expect(Object.is(s1[i], s2[i])).toBe(true);
    expect(loaded.featureNames).toEqual(['a', 'b', 'c']);
    expect(loaded.explain([0, 0, 9])).toEqual(original.explain([0, 0, 9]));
    expect(JSON.parse(text).formatVersion).toBe(FORMAT_VERSION);
  });

  it('rejects unknown format versions with a clear error', () => {
    const json = { ...new IsolationForest().fit(planted.data, 3).toJSON(), formatVersion: 99 };
    expect(() => IsolationForest.fromJSON(json)).toThrow(/unsupported formatVersion 99/);
    expect(() => IsolationForest.fromJSON({})).toThrow(/formatVersion/);
  });

  it('rejects structurally broken models instead of looping forever', () => {
    const json = new IsolationForest({ nTrees: 2 }).fit(planted.data, 3).toJSON();
    const left = [...json.trees.left];
    left[0] = 0; // root pointing to itself
    expect(() => IsolationForest.fromJSON({ ...json, trees: { ...json.trees, left } })).toThrow(/node 0 is malformed/);
    expect(() => IsolationForest.fromJSON({ ...json, trees: { ...json.trees, splitValue: [1] } })).toThrow(/splitValue/);
  });
});
