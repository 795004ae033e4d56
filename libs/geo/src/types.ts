/**
 * Structurally identical to `GeoLookup` / `GeoResolver` of @authwatch/features. They are
 * repeated here because a data-access lib may not import a domain lib (Nx boundaries);
 * TypeScript's structural typing makes every resolver below a features `GeoResolver`.
 */
export interface GeoLocation {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  city: string | null;
  lat: number | null;
  lon: number | null;
}

export interface IpGeoResolver {
  lookup(ip: string): GeoLocation | null;
}

const ISO2 = /^[A-Z]{2}$/;

/** Normalises a raw record; null when it has no valid country. */
export function toGeoLocation(country: unknown, city: unknown, lat: unknown, lon: unknown): GeoLocation | null {
  if (typeof country !== 'string') return null;
  const code = country.toUpperCase();
  if (!ISO2.test(code)) return null;
  const validLat = typeof lat === 'number' && Number.isFinite(lat) && lat >= -90 && lat <= 90;
  const validLon = typeof lon === 'number' && Number.isFinite(lon) && lon >= -180 && lon <= 180;
  return {
    country: code,
    city: typeof city === 'string' && city.trim() !== '' ? city : null,
    lat: validLat && validLon ? lat : null,
    lon: validLat && validLon ? lon : null,
  };
}
