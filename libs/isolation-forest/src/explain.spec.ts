import { describe, expect, it } from 'vitest';
import { IsolationForest } from './forest';
import { plantedOutliers } from './planted-data.test-helper';

describe('explain', () => {
  const inliers = plantedOutliers(2000, 0, 5, 31);

  it('ranks the planted feature first for a point extreme only in feature 2', () => {
    const forest = new IsolationForest({ seed: 12 }).fit(inliers.data, 5);
    const result = forest.explain([0.1, -0.2, 8, 0.3, 0]);
    expect(result[0]!.index).toBe(2);
    expect(result[0]!.contribution).toBeGreaterThan(0.4);
    expect(result.map((c) => c.index).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(result.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < result.length; i++) expect(result[i - 1]!.contribution).toBeGreaterThanOrEqual(result[i]!.contribution);
  });

  it('reports feature names when the model has them', () => {
    const names = ['fails', 'geo', 'velocity', 'asn', 'hour'];
    const forest = new IsolationForest({ seed: 12, featureNames: names }).fit(inliers.data, 5);
    const top = forest.explain([0, 0, -9, 0, 0])[0]!;
    expect(top).toMatchObject({ feature: 'velocity', index: 2 });
  });

  it('works for the extended variant too', () => {
    const forest = new IsolationForest({ seed: 12, variant: 'extended', extensionLevel: 1 }).fit(inliers.data, 5);
    expect(forest.explain([0, 0, 9, 0, 0])[0]!.index).toBe(2);
  });
});
