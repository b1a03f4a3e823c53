import { BlockList, isIP } from 'node:net';

/**
 * The peers whose identity headers are believed: single addresses or CIDR ranges, IPv4 or IPv6.
 * An IPv4-mapped IPv6 peer (::ffff:10.0.0.1) counts as its IPv4 address.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) this.add(entry);
  }

  isTrusted(address: string | undefined): boolean {
    if (!address) return false;
    const plain = unmapIpv4(address);
    const family = isIP(plain);
    if (family === 0) return false;
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }

  private add(entry: string): void {
    const [rawAddress, prefix] = entry.trim().split('/');
    const address = unmapIpv4(rawAddress ?? '');
    const family = isIP(address);
    if (family === 0) throw new Error(`auth_trusted_proxies: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      this.list.addAddress(address, type);
      return;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`auth_trusted_proxies: "${entry}" has an invalid prefix length`);
    }
    this.list.addSubnet(address, bits, type);
  }
}

function unmapIpv4(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}
