import { ModelRecordSchema, type ModelPointer } from '@authwatch/contracts';
import { describe, expect, it } from 'vitest';
import { decodeForest } from './codec.js';
import { DriftTracker, populationStabilityIndex } from './drift.js';
import { LoadedModel } from './model.js';
import { nextPointer } from './pointer.js';
import { binOf, decileEdges, quantileSorted, rankFromQuantiles, sortedCopy } from './quantiles.js';
import { trainModel } from './train.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalRow(rand: () => number): Record<string, number> {
  return { user_is_learning: 0, user_logins_1h: Math.floor(rand() * 3), travel_speed_kmh: rand() * 30, country_new_for_user: 0, hour_of_day: 8 + Math.floor(rand() * 10), is_late: 0, geo_lat: 50 };
}

const rand = prng(7);
const rows = Array.from({ length: 2_000 }, () => normalRow(rand));
const model = trainModel({ rows: [...rows, { ...normalRow(rand), user_is_learning: 1 }], scope: 'acme', from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z', targetAlertRate: 0.01, nTrees: 50, sampleSize: 128, seed: 3, now: new Date('2026-11-08T00:00:00Z') });

describe('trainModel', () => {
  it('builds a valid candidate record from established users only, with excluded features left out', () => {
    expect(ModelRecordSchema.safeParse(model).success).toBe(true);
    expect(model).toMatchObject({ kind: 'model', scope: 'acme', status: 'candidate', version: 'acme-20261108T000000Z-3', training: { rows: 2_000, excluded_learning_rows: 1, target_alert_rate: 0.01 } });
    expect(model.features).toEqual(['country_new_for_user', 'hour_of_day', 'travel_speed_kmh', 'user_logins_1h']);
    expect(model.reference.map((r) => r.name)).toEqual(['score', 'country_new_for_user', 'travel_speed_kmh', 'user_logins_1h']);
    for (const r of model.reference) expect(r.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('sets the threshold so that about the target rate of training rows is flagged', () => {
    const loaded = LoadedModel.fromRecord(model);
    const scores = loaded.scoreRows(rows.map((r) => loaded.row(r)));
    const flagged = Array.from(scores).filter((s) => s >= model.threshold).length;
    expect(flagged).toBeGreaterThanOrEqual(20);
    expect(flagged).toBeLessThan(30);
  });

  it('round-trips the forest bit-identically through the record', () => {
    const again = LoadedModel.fromRecord(ModelRecordSchema.parse(JSON.parse(JSON.stringify(model))));
    const row = again.row(rows[5]!);
    expect(again.scoreRows([row])[0]).toBe(decodeForest(model.forest).score(row));
    expect(() => decodeForest({ ...model.forest, sha256: '0'.repeat(64) })).toThrow(/checksum/);
  });

  it('refuses to train on too few established events', () => {
    expect(() => trainModel({ rows: rows.slice(0, 10), scope: '*', from: 'a', to: 'b', targetAlertRate: 0.01, nTrees: 10, sampleSize: 16, seed: 1, now: new Date() })).toThrow(/at least 50/);
  });
});

describe('LoadedModel', () => {
  const loaded = LoadedModel.fromRecord(model);

  it('normalises monotonically: 0 for typical scores, the risk threshold at the model threshold, 1 far above', () => {
    const median = model.score_quantiles.value[5]!;
    expect(loaded.normalise(median, 0.6)).toBe(0);
    expect(loaded.normalise(model.threshold, 0.6)).toBeCloseTo(0.6, 9);
    expect(loaded.normalise(1, 0.6)).toBe(1);
    let previous = -1;
    for (let s = 0.3; s <= 1; s += 0.01) {
      const v = loaded.normalise(s, 0.6);
      expect(v).toBeGreaterThanOrEqual(previous);
      previous = v;
    }
  });

  it('explains an outlier with its top features in words', () => {
    const odd = loaded.row({ user_logins_1h: 40, travel_speed_kmh: 9_000, country_new_for_user: 1, hour_of_day: 3 });
    const score = loaded.scoreRows([odd])[0]!;
    const { probability, reason } = loaded.assess(odd, score, 0.6);
    expect(probability).toBeGreaterThanOrEqual(0.6);
    expect(reason).toMatchObject({ code: 'model_outlier', evidence: { model_version: model.version } });
    expect(reason!.message).toMatch(/unusual behaviour/);
    expect(reason!.message).toMatch(/travel speed since the previous login 9,000 km\/h \(usually \d+ km\/h\)|logins in the last hour 40/);
    const typical = model.score_quantiles.value[5]!;
    expect(loaded.assess(loaded.row(rows[0]!), typical, 0.6)).toMatchObject({ probability: 0, reason: null });
    const all = loaded.scoreRows(rows.map((r) => loaded.row(r)));
    const withReason = Array.from(all).filter((s) => loaded.assess([0, 0, 0, 0], s, 0.6).probability >= 0.6 * 0.66).length;
    expect(withReason / rows.length).toBeLessThan(0.03);
  });
});

describe('quantiles and drift', () => {
  it('interpolates quantiles and ranks', () => {
    const sorted = sortedCopy([4, 1, 3, 2]);
    expect(quantileSorted(sorted, 0.5)).toBe(2.5);
    expect(rankFromQuantiles(2.5, [0, 0.5, 1], [1, 2, 3])).toBeCloseTo(0.75);
    expect(rankFromQuantiles(0, [0, 1], [1, 2])).toBe(0);
    expect(rankFromQuantiles(5, [0, 1], [1, 2])).toBe(1);
    expect(decileEdges(sortedCopy([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]))).toEqual([0, 1]);
    expect(binOf(-1, [0, 1])).toBe(0);
    expect(binOf(0, [0, 1])).toBe(1);
    expect(binOf(5, [0, 1])).toBe(2);
  });

  it('reports PSI ~0 for the training distribution and large for a shifted one', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.5, 0.5])).toBe(0);
    const ref = model.reference.find((r) => r.name === 'travel_speed_kmh')!;
    const same = new DriftTracker([ref], { minSamples: 100 });
    const shifted = new DriftTracker([ref], { minSamples: 100 });
    expect(same.psi().size).toBe(0);
    const r = prng(9);
    for (let i = 0; i < 2_000; i++) {
      same.observe(() => r() * 30);
      shifted.observe(() => 25 + r() * 30);
    }
    expect(same.psi().get('travel_speed_kmh')!).toBeLessThan(0.05);
    expect(shifted.psi().get('travel_speed_kmh')!).toBeGreaterThan(1);
  });
});

describe('nextPointer', () => {
  const at = new Date('2026-11-08T00:00:00Z');
  it('promotes, rolls back to the previous promoted, resets to rules only', () => {
    const p1 = nextPointer(undefined, '*', { action: 'promote', version: 'v1' }, at, 'ops');
    expect(p1).toMatchObject({ version: 'v1', history: [], revision: 1, action: 'promote', updated_by: 'ops' });
    const p2 = nextPointer(p1, '*', { action: 'promote', version: 'v2' }, at);
    expect(p2).toMatchObject({ version: 'v2', history: ['v1'], revision: 2 });
    const reset: ModelPointer = nextPointer(p2, '*', { action: 'reset' }, at);
    expect(reset).toMatchObject({ version: null, history: ['v1', 'v2'], revision: 3 });
    const back = nextPointer(reset, '*', { action: 'rollback' }, at);
    expect(back).toMatchObject({ version: 'v2', history: ['v1'], revision: 4 });
    const back2 = nextPointer(back, '*', { action: 'rollback' }, at);
    expect(back2).toMatchObject({ version: 'v1', history: [] });
    expect(() => nextPointer(back2, '*', { action: 'rollback' }, at)).toThrow(/no previously promoted/);
  });
});
