import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { FeatureVectorSchema } from './features.js';
import { parseContract } from './parse.js';
import { recordOf } from './validators.js';

const vector = (numeric: unknown, categorical: unknown = { country: 'GB' }) => ({
  event_id: 'e1',
  tenant_id: 'acme',
  user_id: 'alice',
  computed_at: '2026-11-23T06:00:00Z',
  engine_version: 'v1',
  numeric,
  categorical,
});

describe('recordOf (feature maps)', () => {
  it('accepts objects of finite numbers / strings by name', () => {
    expect(parseContract(FeatureVectorSchema, vector({ user_logins_1h: 3, travel_speed_kmh: 12.5 }))).toMatchObject({ ok: true, value: { numeric: { user_logins_1h: 3, travel_speed_kmh: 12.5 } } });
    expect(parseContract(FeatureVectorSchema, vector({}, {})).ok).toBe(true);
  });

  it('names the first bad entry by its key', () => {
    expect(parseContract(FeatureVectorSchema, vector({ user_logins_1h: 3, travel_speed_kmh: '12' }))).toEqual({ ok: false, issues: [{ field: 'numeric.travel_speed_kmh', message: 'expected a finite number' }] });
    expect(parseContract(FeatureVectorSchema, vector({ a: null }))).toMatchObject({ ok: false, issues: [{ field: 'numeric.a' }] });
    expect(parseContract(FeatureVectorSchema, vector({}, { country: 7 }))).toEqual({ ok: false, issues: [{ field: 'categorical.country', message: 'expected a string' }] });
    expect(parseContract(FeatureVectorSchema, vector([1, 2]))).toEqual({ ok: false, issues: [{ field: 'numeric', message: 'expected an object of numbers by name' }] });
    expect(parseContract(FeatureVectorSchema, vector(undefined)).ok).toBe(false);
  });

  it('documents itself in JSON Schema exactly as z.record does', () => {
    for (const [kind, value] of [['number', z.number()], ['string', z.string()]] as const) {
      expect(z.toJSONSchema(recordOf(kind), { io: 'input', unrepresentable: 'any' })).toEqual(z.toJSONSchema(z.record(z.string(), value), { io: 'input' }));
    }
  });
});
