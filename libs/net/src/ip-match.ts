/** IPv4 / IPv6 parsing and CIDR matching without I/O (node:net is not needed for this). */

export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

export function parseIp(text: string): ParsedIp | null {
  const trimmed = text.trim();
  if (trimmed.includes(':')) return parseIpv6(trimmed);
  const v4 = parseIpv4(trimmed);
  return v4 === null ? null : { version: 4, value: v4 };
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): ParsedIp | null {
  let address = text.split('%')[0] ?? '';
  // IPv4-mapped addresses (::ffff:1.2.3.4) compare as IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) {
    const v4 = parseIpv4(mapped[1]);
    return v4 === null ? null : { version: 4, value: v4 };
  }
  const embedded = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (embedded?.[1] !== undefined && embedded[2] !== undefined) {
    const v4 = parseIpv4(embedded[2]);
    if (v4 === null) return null;
    address = `${embedded[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string | undefined) => (s === undefined || s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const total = head.length + rest.length;
  if (halves.length === 1 && total !== 8) return null;
  if (halves.length === 2 && total > 7) return null;
  const words: bigint[] = [];
  for (const g of head) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    words.push(BigInt(`0x${g}`));
  }
  for (let i = 0; i < 8 - total; i += 1) words.push(0n);
  for (const g of rest) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    words.push(BigInt(`0x${g}`));
  }
  let value = 0n;
  for (const w of words) value = (value << 16n) | w;
  return { version: 6, value };
}

export interface Cidr {
  version: 4 | 6;
  /** Network bits, already shifted right by (width − prefix). */
  network: bigint;
  shift: bigint;
}

/** Parses `a.b.c.d/n`, `x::/n` or a bare address (a /32 or /128); null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const [base, bitsText, extra] = text.split('/');
  if (extra !== undefined || base === undefined) return null;
  const network = parseIp(base);
  if (!network) return null;
  const width = network.version === 4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (bits > width) return null;
  const shift = BigInt(width - bits);
  return { version: network.version, network: network.value >> shift, shift };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const address = parseIp(ip);
  return address !== null && address.version === cidr.version && address.value >> cidr.shift === cidr.network;
}

/** True when `ip` is inside `cidr` (or equals it when no prefix length is given). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const parsed = parseCidr(cidr);
  return parsed !== null && cidrContains(parsed, ip);
}

export function sameIp(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return x !== null && y !== null && x.version === y.version && x.value === y.value;
}
