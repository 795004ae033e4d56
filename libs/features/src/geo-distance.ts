const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;

/**
 * Great-circle distance (haversine) in km. Longitudes are used through sin² of the
 * half difference, so 178°E → 172°W is a 10° hop (~1,100 km at Fiji/Samoa latitudes),
 * never a 350° one: the antimeridian needs no special case.
 */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * DEG;
  const dLon = (lon2 - lon1) * DEG;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Travel speed in km/h. The elapsed time is floored at `minHours` (default one minute) so
 * two logins in the same second from far apart give a large but finite speed.
 */
export function travelSpeedKmh(distanceKm: number, elapsedMs: number, minHours = 1 / 60): number {
  const hours = Math.max(Math.abs(elapsedMs) / 3_600_000, minHours);
  return distanceKm / hours;
}
