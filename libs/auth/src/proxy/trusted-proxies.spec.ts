import { describe, expect, it } from 'vitest';
import { TrustedProxies } from './trusted-proxies.js';

describe('TrustedProxies', () => {
  it('trusts listed addresses, in IPv4-mapped form too', () => {
    const proxies = new TrustedProxies(['127.0.0.1', '::1']);
    expect(proxies.isTrusted('127.0.0.1')).toBe(true);
    expect(proxies.isTrusted('::ffff:127.0.0.1')).toBe(true);
    expect(proxies.isTrusted('::1')).toBe(true);
    expect(proxies.isTrusted('127.0.0.2')).toBe(false);
    expect(proxies.isTrusted(undefined)).toBe(false);
    expect(proxies.isTrusted('not an address')).toBe(false);
  });

  it('trusts CIDR ranges', () => {
    const proxies = new TrustedProxies(['10.0.0.0/8', 'fd00::/8', '::ffff:192.168.1.1']);
    expect(proxies.isTrusted('10.42.0.7')).toBe(true);
    expect(proxies.isTrusted('::ffff:10.1.2.3')).toBe(true);
    expect(proxies.isTrusted('11.0.0.1')).toBe(false);
    expect(proxies.isTrusted('fd12::5')).toBe(true);
    expect(proxies.isTrusted('fe80::1')).toBe(false);
    expect(proxies.isTrusted('192.168.1.1')).toBe(true);
  });

  it('trusts nobody when the list is empty', () => {
    expect(new TrustedProxies([]).isTrusted('127.0.0.1')).toBe(false);
  });

  it('names a bad entry', () => {
    expect(() => new TrustedProxies(['proxy.example.com'])).toThrow('"proxy.example.com" is not an IP address or CIDR range');
    expect(() => new TrustedProxies(['10.0.0.0/40'])).toThrow('"10.0.0.0/40" has an invalid prefix length');
  });
});
