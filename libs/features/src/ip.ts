/**
 * Pure IP helpers: parsing, normalisation, subnet keys and classification of
 * private / reserved ranges. The engine classifies an address before asking the
 * geo resolver, so non-public addresses never reach a lookup.
 */

export const IP_SCOPES = [
  'public',
  'private', // RFC 1918
  'loopback',
  'link_local',
  'cgnat', // RFC 6598 shared address space 100.64.0.0/10
  'unique_local', // IPv6 ULA fc00::/7
  'site_local', // deprecated IPv6 fec0::/10
  'documentation', // TEST-NET-1/2/3, 2001:db8::/32, 3fff::/20
  'benchmark', // 198.18.0.0/15, 2001:2::/48
  'multicast',
  'broadcast',
  'unspecified',
  'reserved',
  'invalid',
] as const;
export type IpScope = (typeof IP_SCOPES)[number];

export interface IpInfo {
  /** 4 or 6; 0 when the text is not an IP address. IPv4-mapped IPv6 (::ffff:a.b.c.d) is reported as 4. */
  version: 0 | 4 | 6;
  /** Canonical text: dotted quad, or RFC 5952 lower-case compressed IPv6. */
  normalized: string;
  scope: IpScope;
  /** True for every scope except `public` (not globally routable, so no geo). */
  isPrivate: boolean;
  /** `a.b.c.0/24` for IPv4, the /48 for IPv6; the address itself when invalid. */
  subnet: string;
}

type V4Range = readonly [base: number, prefix: number, scope: IpScope];

const v4 = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

// Most specific first where ranges nest (192.0.0.0/24 inside nothing else, 255.255.255.255 inside 240/4).
const V4_RANGES: readonly V4Range[] = [
  [v4(255, 255, 255, 255), 32, 'broadcast'],
  [v4(0, 0, 0, 0), 8, 'unspecified'],
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'cgnat'],
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link_local'],
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'], // IETF protocol assignments
  [v4(192, 0, 2, 0), 24, 'documentation'], // TEST-NET-1
  [v4(192, 88, 99, 0), 24, 'reserved'], // deprecated 6to4 relay anycast
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'benchmark'],
  [v4(198, 51, 100, 0), 24, 'documentation'], // TEST-NET-2
  [v4(203, 0, 113, 0), 24, 'documentation'], // TEST-NET-3
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(240, 0, 0, 0), 4, 'reserved'],
];

type V6Range = readonly [hextets: readonly number[], prefix: number, scope: IpScope];

const V6_RANGES: readonly V6Range[] = [
  [[0xfc00], 7, 'unique_local'],
  [[0xfe80], 10, 'link_local'],
  [[0xfec0], 10, 'site_local'],
  [[0xff00], 8, 'multicast'],
  [[0x2001, 0x0db8], 32, 'documentation'],
  [[0x3fff], 20, 'documentation'], // RFC 9637
  [[0x2001, 0x0002, 0x0000], 48, 'benchmark'],
  [[0x2001, 0x0010], 28, 'reserved'], // ORCHID
  [[0x2001, 0x0020], 28, 'reserved'], // ORCHIDv2
  [[0x0100, 0, 0, 0], 64, 'reserved'], // discard-only
  [[0x0064, 0xff9b, 0x0001], 48, 'reserved'], // local-use NAT64
];

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

/** Parses IPv6 text (compressed, embedded IPv4, optional %zone) into 8 hextets. */
export function parseIpv6(text: string): number[] | null {
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length < 2 || s.length > 45) return null;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.includes('.', lastColon)) {
    const embedded = parseIpv4(s.slice(lastColon + 1));
    if (embedded === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(embedded >>> 16).toString(16)}:${(embedded & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string | undefined): number[] | null => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 2) {
    if (explicit > 7) return null;
    return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  }
  if (explicit !== 8) return null;
  return head;
}

export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(h: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (h[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && h[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    h
      .slice(from, to)
      .map((x) => x.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

function v4Scope(n: number): IpScope {
  for (const [base, prefix, scope] of V4_RANGES) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if (((n & mask) >>> 0) === base) return scope;
  }
  return 'public';
}

function v6PrefixMatches(h: readonly number[], base: readonly number[], prefix: number): boolean {
  let bits = prefix;
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((h[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}

function v6Scope(h: readonly number[]): IpScope {
  const zeroPrefix = h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0 && h[6] === 0;
  if (zeroPrefix && h[7] === 0) return 'unspecified';
  if (zeroPrefix && h[7] === 1) return 'loopback';
  if (h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0) return 'reserved'; // deprecated IPv4-compatible
  for (const [base, prefix, scope] of V6_RANGES) if (v6PrefixMatches(h, base, prefix)) return scope;
  return 'public';
}

function info(version: 0 | 4 | 6, normalized: string, scope: IpScope, subnet: string): IpInfo {
  return { version, normalized, scope, isPrivate: scope !== 'public', subnet };
}

/** Classifies an address without any lookup: version, canonical text, scope and /24 or /48 subnet. */
export function classifyIp(ip: string): IpInfo {
  const text = ip.trim();
  const n4 = parseIpv4(text);
  if (n4 !== null) return info(4, formatIpv4(n4), v4Scope(n4), `${formatIpv4((n4 & 0xffffff00) >>> 0)}/24`);
  const h = parseIpv6(text);
  if (h === null) return info(0, text, 'invalid', text);
  const mapped = h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0xffff;
  if (mapped) {
    const n = (((h[6] ?? 0) << 16) | (h[7] ?? 0)) >>> 0;
    return info(4, formatIpv4(n), v4Scope(n), `${formatIpv4((n & 0xffffff00) >>> 0)}/24`);
  }
  return info(6, formatIpv6(h), v6Scope(h), `${formatIpv6([h[0] ?? 0, h[1] ?? 0, h[2] ?? 0, 0, 0, 0, 0, 0])}/48`);
}

/** True when the address is not globally routable (private, loopback, CGNAT, ULA, documentation…) or invalid. */
export function isPrivateIp(ip: string): boolean {
  return classifyIp(ip).isPrivate;
}
