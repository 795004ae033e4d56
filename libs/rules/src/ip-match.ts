/** CIDR membership for IPv4 and IPv6 without I/O; malformed input never matches. */
export function ipToBigInt(ip: string): { value: bigint; bits: 32 | 128 } | null {
  if (ip.includes(':')) return ipv6ToBigInt(ip);
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(Number(part));
  }
  return { value, bits: 32 };
}

function ipv6ToBigInt(ip: string): { value: bigint; bits: 128 } | null {
  let address = ip;
  // IPv4-mapped tail (::ffff:1.2.3.4)
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4Tail) {
    const v4 = ipToBigInt(v4Tail[1]!);
    if (!v4) return null;
    address = `${address.slice(0, -v4Tail[1]!.length)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return { value, bits: 128 };
}

export interface Cidr {
  network: bigint;
  prefix: number;
  bits: 32 | 128;
}

export function parseCidr(text: string): Cidr | null {
  const [address, prefixText] = text.split('/');
  const ip = ipToBigInt(address ?? '');
  if (!ip) return null;
  const prefix = prefixText === undefined ? ip.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > ip.bits) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(ip.bits - prefix);
  return { network: ip.value & mask, prefix, bits: ip.bits };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const parsed = ipToBigInt(ip);
  if (!parsed || parsed.bits !== cidr.bits) return false;
  const mask = cidr.prefix === 0 ? 0n : ((1n << BigInt(cidr.prefix)) - 1n) << BigInt(cidr.bits - cidr.prefix);
  return (parsed.value & mask) === cidr.network;
}
