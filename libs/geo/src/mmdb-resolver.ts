import { type GeoLocation, type IpGeoResolver, toGeoLocation } from './types.js';

/** The npm package that reads MaxMind .mmdb files; it is not a dependency of this repository. */
export const MMDB_READER_PACKAGE = 'maxmind';

export class MissingGeoReaderError extends Error {
  constructor(readonly packageName: string, cause?: unknown) {
    super(`MaxMind .mmdb support needs the npm package "${packageName}", which is not installed. Add it as a dependency (npm install ${packageName}) or omit mmdbPath to use the bundled geoip-lite database.`, { cause });
    this.name = 'MissingGeoReaderError';
  }
}

interface MmdbRecord {
  country?: { iso_code?: unknown };
  registered_country?: { iso_code?: unknown };
  city?: { names?: { en?: unknown } };
  location?: { latitude?: unknown; longitude?: unknown };
}
interface MmdbReader {
  get(ip: string): unknown;
}
interface MaxmindModule {
  open(path: string): Promise<MmdbReader>;
}

function isMaxmindModule(value: unknown): value is MaxmindModule {
  return typeof value === 'object' && value !== null && typeof (value as { open?: unknown }).open === 'function';
}

/**
 * Resolver over a MaxMind GeoIP2 / GeoLite2 City .mmdb file, through the `maxmind`
 * package when it is installed. It is not installed in this repository: `open` then
 * rejects with MissingGeoReaderError naming the package.
 */
export class MmdbResolver implements IpGeoResolver {
  private constructor(private readonly reader: MmdbReader) {}

  static async open(path: string, importer: (name: string) => Promise<unknown> = (name) => import(name)): Promise<MmdbResolver> {
    let mod: unknown;
    try {
      mod = await importer(MMDB_READER_PACKAGE);
    } catch (error) {
      throw new MissingGeoReaderError(MMDB_READER_PACKAGE, error);
    }
    const api = isMaxmindModule(mod) ? mod : isMaxmindModule((mod as { default?: unknown } | null)?.default) ? (mod as { default: MaxmindModule }).default : null;
    if (api === null) throw new MissingGeoReaderError(MMDB_READER_PACKAGE, new TypeError('module has no open()'));
    return new MmdbResolver(await api.open(path));
  }

  lookup(ip: string): GeoLocation | null {
    let record: MmdbRecord | null;
    try {
      record = this.reader.get(ip) as MmdbRecord | null;
    } catch {
      return null;
    }
    if (record === null || typeof record !== 'object') return null;
    return toGeoLocation(record.country?.iso_code ?? record.registered_country?.iso_code, record.city?.names?.en, record.location?.latitude, record.location?.longitude);
  }
}
