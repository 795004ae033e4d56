import { GeoIpLiteResolver } from './geoip-lite-resolver.js';
import { MmdbResolver } from './mmdb-resolver.js';
import { type IpGeoResolver } from './types.js';

export { GeoIpLiteResolver } from './geoip-lite-resolver.js';
export { MmdbResolver, MissingGeoReaderError, MMDB_READER_PACKAGE } from './mmdb-resolver.js';
export { toGeoLocation, type GeoLocation, type IpGeoResolver } from './types.js';

export interface GeoResolverOptions {
  /** A MaxMind City .mmdb file; needs the `maxmind` package (not installed). Omit for geoip-lite. */
  mmdbPath?: string;
}

/** The configured offline resolver: the .mmdb file when given, else the bundled geoip-lite data. */
export async function createGeoResolver(options: GeoResolverOptions = {}): Promise<IpGeoResolver> {
  if (options.mmdbPath !== undefined && options.mmdbPath !== '') return MmdbResolver.open(options.mmdbPath);
  return new GeoIpLiteResolver();
}
