import { describe, expect, it } from 'vitest';
import { createGeoResolver, GeoIpLiteResolver, MissingGeoReaderError, MmdbResolver, toGeoLocation } from './index.js';

describe('GeoIpLiteResolver', () => {
  const geo = new GeoIpLiteResolver();

  it.each([
    ['8.8.8.8', 'US'],
    ['9.9.9.9', 'US'],
    ['81.2.69.142', 'GB'],
    ['89.160.20.112', 'SE'],
    ['2a00:1450:4001:80b::200e', 'DE'],
  ])('%s resolves to %s with coordinates', (ip, country) => {
    const hit = geo.lookup(ip);
    expect(hit?.country).toBe(country);
    expect(hit?.lat).toEqual(expect.any(Number));
    expect(hit?.lon).toEqual(expect.any(Number));
  });

  it('returns null for private ranges, an unknown-country record and garbage', () => {
    expect(geo.lookup('10.1.2.3')).toBeNull();
    expect(geo.lookup('192.168.0.1')).toBeNull();
    expect(geo.lookup('not-an-ip')).toBeNull();
  });
});

describe('MaxMind .mmdb', () => {
  it('names the missing reader package', async () => {
    await expect(MmdbResolver.open('/nonexistent/GeoLite2-City.mmdb')).rejects.toThrow(MissingGeoReaderError);
    await expect(createGeoResolver({ mmdbPath: '/nonexistent/GeoLite2-City.mmdb' })).rejects.toThrow(/"maxmind"/);
  });

  it('maps a GeoIP2 City record when a reader is available', async () => {
    const fake = { open: async () => ({ get: () => ({ country: { iso_code: 'NZ' }, city: { names: { en: 'Auckland' } }, location: { latitude: -36.85, longitude: 174.76 } }) }) };
    const resolver = await MmdbResolver.open('x.mmdb', async () => fake);
    expect(resolver.lookup('203.0.113.1')).toEqual({ country: 'NZ', city: 'Auckland', lat: -36.85, lon: 174.76 });
  });
});

describe('toGeoLocation', () => {
  it('rejects records without a valid country and drops invalid coordinates', () => {
    expect(toGeoLocation('', 'X', 1, 2)).toBeNull();
    expect(toGeoLocation('us', '', null, null)).toEqual({ country: 'US', city: null, lat: null, lon: null });
  });
});
