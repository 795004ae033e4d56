/** A city users live in, travel to or attack from. Coordinates are real (city centre). */
export interface City {
  readonly name: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  /** IANA time zone. */
  readonly timeZone: string;
}

export const CITIES: readonly City[] = [
  { name: 'New York', country: 'US', lat: 40.7128, lon: -74.006, timeZone: 'America/New_York' },
  { name: 'Chicago', country: 'US', lat: 41.8781, lon: -87.6298, timeZone: 'America/Chicago' },
  { name: 'Austin', country: 'US', lat: 30.2672, lon: -97.7431, timeZone: 'America/Chicago' },
  { name: 'San Francisco', country: 'US', lat: 37.7749, lon: -122.4194, timeZone: 'America/Los_Angeles' },
  { name: 'Seattle', country: 'US', lat: 47.6062, lon: -122.3321, timeZone: 'America/Los_Angeles' },
  { name: 'Toronto', country: 'CA', lat: 43.6532, lon: -79.3832, timeZone: 'America/Toronto' },
  { name: 'Montreal', country: 'CA', lat: 45.5019, lon: -73.5674, timeZone: 'America/Toronto' },
  { name: 'Mexico City', country: 'MX', lat: 19.4326, lon: -99.1332, timeZone: 'America/Mexico_City' },
  { name: 'Bogota', country: 'CO', lat: 4.711, lon: -74.0721, timeZone: 'America/Bogota' },
  { name: 'Sao Paulo', country: 'BR', lat: -23.5505, lon: -46.6333, timeZone: 'America/Sao_Paulo' },
  { name: 'Buenos Aires', country: 'AR', lat: -34.6037, lon: -58.3816, timeZone: 'America/Argentina/Buenos_Aires' },
  { name: 'London', country: 'GB', lat: 51.5074, lon: -0.1278, timeZone: 'Europe/London' },
  { name: 'Manchester', country: 'GB', lat: 53.4808, lon: -2.2426, timeZone: 'Europe/London' },
  { name: 'Dublin', country: 'IE', lat: 53.3498, lon: -6.2603, timeZone: 'Europe/Dublin' },
  { name: 'Paris', country: 'FR', lat: 48.8566, lon: 2.3522, timeZone: 'Europe/Paris' },
  { name: 'Lyon', country: 'FR', lat: 45.764, lon: 4.8357, timeZone: 'Europe/Paris' },
  { name: 'Berlin', country: 'DE', lat: 52.52, lon: 13.405, timeZone: 'Europe/Berlin' },
  { name: 'Munich', country: 'DE', lat: 48.1351, lon: 11.582, timeZone: 'Europe/Berlin' },
  { name: 'Amsterdam', country: 'NL', lat: 52.3676, lon: 4.9041, timeZone: 'Europe/Amsterdam' },
  { name: 'Brussels', country: 'BE', lat: 50.8503, lon: 4.3517, timeZone: 'Europe/Brussels' },
  { name: 'Madrid', country: 'ES', lat: 40.4168, lon: -3.7038, timeZone: 'Europe/Madrid' },
  { name: 'Milan', country: 'IT', lat: 45.4642, lon: 9.19, timeZone: 'Europe/Rome' },
  { name: 'Zurich', country: 'CH', lat: 47.3769, lon: 8.5417, timeZone: 'Europe/Zurich' },
  { name: 'Stockholm', country: 'SE', lat: 59.3293, lon: 18.0686, timeZone: 'Europe/Stockholm' },
  { name: 'Warsaw', country: 'PL', lat: 52.2297, lon: 21.0122, timeZone: 'Europe/Warsaw' },
  { name: 'Kyiv', country: 'UA', lat: 50.4501, lon: 30.5234, timeZone: 'Europe/Kiev' },
  { name: 'Moscow', country: 'RU', lat: 55.7558, lon: 37.6173, timeZone: 'Europe/Moscow' },
  { name: 'Istanbul', country: 'TR', lat: 41.0082, lon: 28.9784, timeZone: 'Europe/Istanbul' },
  { name: 'Cairo', country: 'EG', lat: 30.0444, lon: 31.2357, timeZone: 'Africa/Cairo' },
  { name: 'Lagos', country: 'NG', lat: 6.5244, lon: 3.3792, timeZone: 'Africa/Lagos' },
  { name: 'Nairobi', country: 'KE', lat: -1.2921, lon: 36.8219, timeZone: 'Africa/Nairobi' },
  { name: 'Johannesburg', country: 'ZA', lat: -26.2041, lon: 28.0473, timeZone: 'Africa/Johannesburg' },
  { name: 'Dubai', country: 'AE', lat: 25.2048, lon: 55.2708, timeZone: 'Asia/Dubai' },
  { name: 'Mumbai', country: 'IN', lat: 19.076, lon: 72.8777, timeZone: 'Asia/Kolkata' },
  { name: 'Bangalore', country: 'IN', lat: 12.9716, lon: 77.5946, timeZone: 'Asia/Kolkata' },
  { name: 'Singapore', country: 'SG', lat: 1.3521, lon: 103.8198, timeZone: 'Asia/Singapore' },
  { name: 'Jakarta', country: 'ID', lat: -6.2088, lon: 106.8456, timeZone: 'Asia/Jakarta' },
  { name: 'Ho Chi Minh City', country: 'VN', lat: 10.8231, lon: 106.6297, timeZone: 'Asia/Ho_Chi_Minh' },
  { name: 'Hong Kong', country: 'HK', lat: 22.3193, lon: 114.1694, timeZone: 'Asia/Hong_Kong' },
  { name: 'Shanghai', country: 'CN', lat: 31.2304, lon: 121.4737, timeZone: 'Asia/Shanghai' },
  { name: 'Beijing', country: 'CN', lat: 39.9042, lon: 116.4074, timeZone: 'Asia/Shanghai' },
  { name: 'Seoul', country: 'KR', lat: 37.5665, lon: 126.978, timeZone: 'Asia/Seoul' },
  { name: 'Tokyo', country: 'JP', lat: 35.6762, lon: 139.6503, timeZone: 'Asia/Tokyo' },
  { name: 'Sydney', country: 'AU', lat: -33.8688, lon: 151.2093, timeZone: 'Australia/Sydney' },
  { name: 'Melbourne', country: 'AU', lat: -37.8136, lon: 144.9631, timeZone: 'Australia/Melbourne' },
  { name: 'Auckland', country: 'NZ', lat: -36.8485, lon: 174.7633, timeZone: 'Pacific/Auckland' },
];

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function citiesIn(country: string): City[] {
  return CITIES.filter((c) => c.country === country);
}
