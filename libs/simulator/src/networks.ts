/**
 * Public IPv4 blocks per country, taken from well-known ISP/hosting allocations
 * (checked against an offline GeoIP database: addresses drawn from these blocks
 * resolve to the listed country). Used to give users home, mobile and office
 * addresses, and attackers their infrastructure.
 */
export interface Ipv4Block {
  readonly cidr: string;
  readonly country: string;
  /** Residential/mobile ISP, or a hosting/VPS provider (typical attacker infrastructure). */
  readonly kind: 'isp' | 'hosting';
}

export const IPV4_BLOCKS: readonly Ipv4Block[] = [
  { cidr: '73.0.0.0/8', country: 'US', kind: 'isp' },
  { cidr: '98.192.0.0/10', country: 'US', kind: 'isp' },
  { cidr: '216.160.83.0/24', country: 'US', kind: 'isp' },
  { cidr: '45.33.0.0/17', country: 'US', kind: 'hosting' },
  { cidr: '104.131.0.0/16', country: 'US', kind: 'hosting' },
  { cidr: '24.48.0.0/18', country: 'CA', kind: 'isp' },
  { cidr: '99.224.0.0/11', country: 'CA', kind: 'isp' },
  { cidr: '70.24.0.0/13', country: 'CA', kind: 'isp' },
  { cidr: '142.112.0.0/13', country: 'CA', kind: 'isp' },
  { cidr: '187.128.0.0/11', country: 'MX', kind: 'isp' },
  { cidr: '189.128.0.0/11', country: 'MX', kind: 'isp' },
  { cidr: '181.48.0.0/13', country: 'CO', kind: 'isp' },
  { cidr: '190.24.0.0/14', country: 'CO', kind: 'isp' },
  { cidr: '177.0.0.0/10', country: 'BR', kind: 'isp' },
  { cidr: '179.96.0.0/11', country: 'BR', kind: 'isp' },
  { cidr: '181.0.0.0/12', country: 'AR', kind: 'isp' },
  { cidr: '201.252.0.0/14', country: 'AR', kind: 'isp' },
  { cidr: '81.2.69.0/24', country: 'GB', kind: 'isp' },
  { cidr: '86.128.0.0/10', country: 'GB', kind: 'isp' },
  { cidr: '2.24.0.0/13', country: 'GB', kind: 'isp' },
  { cidr: '86.40.0.0/13', country: 'IE', kind: 'isp' },
  { cidr: '89.101.0.0/16', country: 'IE', kind: 'isp' },
  { cidr: '46.7.0.0/16', country: 'IE', kind: 'isp' },
  { cidr: '90.0.0.0/10', country: 'FR', kind: 'isp' },
  { cidr: '86.192.0.0/11', country: 'FR', kind: 'isp' },
  { cidr: '91.0.0.0/10', country: 'DE', kind: 'isp' },
  { cidr: '84.128.0.0/10', country: 'DE', kind: 'isp' },
  { cidr: '79.192.0.0/10', country: 'DE', kind: 'isp' },
  { cidr: '5.9.0.0/16', country: 'DE', kind: 'hosting' },
  { cidr: '84.24.0.0/13', country: 'NL', kind: 'isp' },
  { cidr: '77.160.0.0/12', country: 'NL', kind: 'isp' },
  { cidr: '81.240.0.0/13', country: 'BE', kind: 'isp' },
  { cidr: '91.176.0.0/13', country: 'BE', kind: 'isp' },
  { cidr: '83.32.0.0/11', country: 'ES', kind: 'isp' },
  { cidr: '88.0.0.0/11', country: 'ES', kind: 'isp' },
  { cidr: '79.0.0.0/10', country: 'IT', kind: 'isp' },
  { cidr: '151.64.0.0/12', country: 'IT', kind: 'isp' },
  { cidr: '85.0.0.0/13', country: 'CH', kind: 'isp' },
  { cidr: '83.76.0.0/14', country: 'CH', kind: 'isp' },
  { cidr: '62.202.0.0/15', country: 'CH', kind: 'isp' },
  { cidr: '78.64.0.0/12', country: 'SE', kind: 'isp' },
  { cidr: '89.160.0.0/17', country: 'SE', kind: 'isp' },
  { cidr: '90.224.0.0/12', country: 'SE', kind: 'isp' },
  { cidr: '83.0.0.0/11', country: 'PL', kind: 'isp' },
  { cidr: '89.64.0.0/12', country: 'PL', kind: 'isp' },
  { cidr: '93.72.0.0/14', country: 'UA', kind: 'isp' },
  { cidr: '176.36.0.0/14', country: 'UA', kind: 'isp' },
  { cidr: '95.24.0.0/13', country: 'RU', kind: 'isp' },
  { cidr: '178.176.0.0/14', country: 'RU', kind: 'isp' },
  { cidr: '5.128.0.0/14', country: 'RU', kind: 'isp' },
  { cidr: '78.160.0.0/11', country: 'TR', kind: 'isp' },
  { cidr: '88.224.0.0/11', country: 'TR', kind: 'isp' },
  { cidr: '41.32.0.0/12', country: 'EG', kind: 'isp' },
  { cidr: '156.160.0.0/11', country: 'EG', kind: 'isp' },
  { cidr: '105.112.0.0/12', country: 'NG', kind: 'isp' },
  { cidr: '102.88.0.0/13', country: 'NG', kind: 'isp' },
  { cidr: '105.48.0.0/12', country: 'KE', kind: 'isp' },
  { cidr: '41.90.0.0/16', country: 'KE', kind: 'isp' },
  { cidr: '105.224.0.0/14', country: 'ZA', kind: 'isp' },
  { cidr: '197.80.0.0/13', country: 'ZA', kind: 'isp' },
  { cidr: '94.200.0.0/13', country: 'AE', kind: 'isp' },
  { cidr: '86.96.0.0/14', country: 'AE', kind: 'isp' },
  { cidr: '2.48.0.0/14', country: 'AE', kind: 'isp' },
  { cidr: '117.192.0.0/10', country: 'IN', kind: 'isp' },
  { cidr: '59.88.0.0/13', country: 'IN', kind: 'isp' },
  { cidr: '49.32.0.0/13', country: 'IN', kind: 'isp' },
  { cidr: '122.160.0.0/13', country: 'IN', kind: 'isp' },
  { cidr: '116.86.0.0/15', country: 'SG', kind: 'isp' },
  { cidr: '118.200.0.0/16', country: 'SG', kind: 'isp' },
  { cidr: '220.255.0.0/16', country: 'SG', kind: 'isp' },
  { cidr: '128.199.128.0/17', country: 'SG', kind: 'hosting' },
  { cidr: '139.59.96.0/19', country: 'SG', kind: 'hosting' },
  { cidr: '36.64.0.0/11', country: 'ID', kind: 'isp' },
  { cidr: '114.120.0.0/13', country: 'ID', kind: 'isp' },
  { cidr: '113.160.0.0/11', country: 'VN', kind: 'isp' },
  { cidr: '14.160.0.0/11', country: 'VN', kind: 'isp' },
  { cidr: '112.118.0.0/15', country: 'HK', kind: 'isp' },
  { cidr: '219.76.0.0/14', country: 'HK', kind: 'isp' },
  { cidr: '1.80.0.0/13', country: 'CN', kind: 'isp' },
  { cidr: '36.96.0.0/11', country: 'CN', kind: 'isp' },
  { cidr: '114.80.0.0/12', country: 'CN', kind: 'isp' },
  { cidr: '121.128.0.0/10', country: 'KR', kind: 'isp' },
  { cidr: '175.192.0.0/10', country: 'KR', kind: 'isp' },
  { cidr: '126.0.0.0/8', country: 'JP', kind: 'isp' },
  { cidr: '60.32.0.0/12', country: 'JP', kind: 'isp' },
  { cidr: '101.160.0.0/11', country: 'AU', kind: 'isp' },
  { cidr: '1.120.0.0/14', country: 'AU', kind: 'isp' },
  { cidr: '125.236.0.0/14', country: 'NZ', kind: 'isp' },
  { cidr: '122.56.0.0/14', country: 'NZ', kind: 'isp' },
];

interface ParsedBlock {
  readonly base: number;
  readonly size: number;
}

function parseCidr(cidr: string): ParsedBlock {
  const [address, bitsText] = cidr.split('/');
  const octets = (address ?? '').split('.').map(Number);
  const bits = Number(bitsText);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255) || !(bits >= 8 && bits <= 30)) {
    throw new RangeError(`bad CIDR ${cidr}`);
  }
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  return { base: ((a << 24) >>> 0) + (b << 16) + (c << 8) + d, size: 2 ** (32 - bits) };
}

const byCountry = new Map<string, { isp: ParsedBlock[]; hosting: ParsedBlock[] }>();
for (const block of IPV4_BLOCKS) {
  let entry = byCountry.get(block.country);
  if (!entry) byCountry.set(block.country, (entry = { isp: [], hosting: [] }));
  entry[block.kind].push(parseCidr(block.cidr));
}

export function hasBlocks(country: string, kind: Ipv4Block['kind']): boolean {
  return (byCountry.get(country)?.[kind].length ?? 0) > 0;
}

/** A random host address (never .0 or .255) inside a block of `country` of `kind`. */
export function randomIpIn(next: () => number, country: string, kind: Ipv4Block['kind'] = 'isp'): string {
  const blocks = byCountry.get(country)?.[kind];
  if (!blocks || blocks.length === 0) throw new RangeError(`no ${kind} IPv4 block for ${country}`);
  const block = blocks[Math.floor(next() * blocks.length)] as ParsedBlock;
  for (;;) {
    const n = block.base + Math.floor(next() * block.size);
    const last = n & 0xff;
    if (last === 0 || last === 255) continue;
    return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${last}`;
  }
}
