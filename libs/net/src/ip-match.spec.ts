import { describe, expect, it } from 'vitest';
import { cidrContains, ipInCidr, parseCidr, parseIp, sameIp } from './ip-match.js';

describe('IP and CIDR matching', () => {
  it('matches IPv4 and IPv6 blocks, and bare addresses as single hosts', () => {
    expect(ipInCidr('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipInCidr('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(ipInCidr('2001:db8:1::5', '2001:db8::/32')).toBe(true);
    expect(ipInCidr('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(ipInCidr('10.0.0.1', '10.0.0.1')).toBe(true);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, '203.0.113.9')).toBe(true);
  });

  it('treats IPv4-mapped IPv6 addresses as the IPv4 address', () => {
    expect(ipInCidr('::ffff:10.0.0.1', '10.0.0.0/24')).toBe(true);
    expect(sameIp('::ffff:81.2.69.160', '81.2.69.160')).toBe(true);
    expect(parseIp('::ffff:81.2.69.160')?.version).toBe(4);
  });

  it('rejects malformed input instead of matching', () => {
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('10.0.0.0/8/1')).toBeNull();
    expect(parseCidr('not-an-ip')).toBeNull();
    expect(ipInCidr('999.1.1.1', '0.0.0.0/0')).toBe(false);
    expect(ipInCidr('10.0.0.1', '2001:db8::/32')).toBe(false);
  });
});
