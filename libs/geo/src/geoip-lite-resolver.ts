import { createRequire } from 'node:module';
import { toGeoLocation, type GeoLocation, type IpGeoResolver } from './types.js';

type GeoipLite = typeof import('geoip-lite');

let loaded: GeoipLite | null = null;

/** geoip-lite reads its ~150 MB database synchronously when first required: done lazily, once per process. */
function geoipLite(): GeoipLite {
  if (loaded === null) loaded = createRequire(import.meta.url)('geoip-lite') as GeoipLite;
  return loaded;
}

/**
 * Offline resolver over the database bundled with `geoip-lite` (GeoLite2-derived,
 * country / city / coordinates). Loads the data on construction; lookups are in-memory
 * binary searches. Returns null for private ranges and unallocated space.
 */
export class GeoIpLiteResolver implements IpGeoResolver {
  private readonly db: GeoipLite;

  constructor() {
    this.db = geoipLite();
  }

  lookup(ip: string): GeoLocation | null {
    let hit: ReturnType<GeoipLite['lookup']>;
    try {
      hit = this.db.lookup(ip);
    } catch {
      return null;
    }
    if (hit === null) return null;
    const [lat, lon] = hit.ll;
    return toGeoLocation(hit.country, hit.city, lat, lon);
  }
}
