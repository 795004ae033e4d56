import { describe, expect, it } from 'vitest';
import { classifyIp, formatIpv6, isPrivateIp, parseIpv6 } from './ip.js';

describe('classifyIp', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.10.20', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['192.0.2.55', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.19.0.1', 'benchmark'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456:789a::1', 'unique_local'],
    ['fe80::1%eth0', 'link_local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff:0fff::1', 'documentation'],
    ['::ffff:192.168.0.1', 'private'],
  ])('%s is %s', (ip, scope) => {
    const info = classifyIp(ip);
    expect(info.scope).toBe(scope);
    expect(info.isPrivate).toBe(true);
    expect(isPrivateIp(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e'])('%s is public', (ip) => {
    expect(classifyIp(ip).scope).toBe('public');
    expect(classifyIp(ip).isPrivate).toBe(false);
  });

  it('normalises and computes /24 and /48 subnets', () => {
    expect(classifyIp('81.2.69.142')).toMatchObject({ version: 4, normalized: '81.2.69.142', subnet: '81.2.69.0/24' });
    expect(classifyIp('2001:0DB8:0001:0000:0000:0000:0000:0001')).toMatchObject({ version: 6, normalized: '2001:db8:1::1', subnet: '2001:db8:1::/48' });
    expect(classifyIp('2a00:1450:4001:80b::200e').subnet).toBe('2a00:1450:4001::/48');
    expect(classifyIp('::ffff:8.8.4.4')).toMatchObject({ version: 4, normalized: '8.8.4.4', subnet: '8.8.4.0/24', scope: 'public' });
  });

  it('flags non-addresses as invalid', () => {
    expect(classifyIp('not-an-ip')).toMatchObject({ version: 0, scope: 'invalid', isPrivate: true });
    expect(classifyIp('1.2.3.256').scope).toBe('invalid');
    expect(classifyIp('1::2::3').scope).toBe('invalid');
  });
});

describe('IPv6 text', () => {
  it('parses compressed and embedded-IPv4 forms', () => {
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6('64:ff9b::192.0.2.33')).toEqual([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221]);
  });
  it('formats per RFC 5952', () => {
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6([0, 0, 0, 0, 0, 0, 0, 1])).toBe('::1');
  });
});
