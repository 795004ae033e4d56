import { describe, expect, it } from 'vitest';
import { haversineKm, travelSpeedKmh } from './geo-distance.js';

describe('haversineKm', () => {
  it('is 0 for the same point', () => {
    expect(haversineKm(48.85, 2.35, 48.85, 2.35)).toBe(0);
  });

  it('Paris → New York ≈ 5,837 km', () => {
    expect(haversineKm(48.8566, 2.3522, 40.7128, -74.006)).toBeCloseTo(5837, -1);
  });

  it('crosses the antimeridian the short way: Suva (Fiji, 178.44°E) → Apia (Samoa, 171.77°W) ≈ 1,150 km, not ~39,000', () => {
    const km = haversineKm(-18.1416, 178.4419, -13.8333, -171.7667);
    expect(km).toBeGreaterThan(1100);
    expect(km).toBeLessThan(1200);
  });

  it('one degree of longitude at the equator ≈ 111.2 km whichever side of ±180', () => {
    expect(haversineKm(0, 179.5, 0, -179.5)).toBeCloseTo(111.2, 0);
    expect(haversineKm(0, -0.5, 0, 0.5)).toBeCloseTo(111.2, 0);
  });
});

describe('travelSpeedKmh', () => {
  it('divides by elapsed hours', () => {
    expect(travelSpeedKmh(1000, 2 * 3_600_000)).toBe(500);
  });
  it('floors the elapsed time at one minute', () => {
    expect(travelSpeedKmh(10, 0)).toBe(600);
  });
  it('uses the absolute elapsed time', () => {
    expect(travelSpeedKmh(100, -3_600_000)).toBe(100);
  });
});
