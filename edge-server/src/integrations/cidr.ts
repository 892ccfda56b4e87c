import net from 'node:net';

/** A parsed list of allowed networks; an empty list allows every address. */
export interface AddressRange {
  allows(ip: string): boolean;
}

/** Throws a plain message for the first entry that is not an address or a network in CIDR notation. */
export function parseCidrs(list: readonly string[]): AddressRange {
  const block = new net.BlockList();
  for (const entry of list) {
    const [address, bits] = entry.split('/');
    const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
    if (!family) throw new Error(`"${entry}" is not an IPv4 or IPv6 address`);
    const max = family === 'ipv4' ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw new Error(`"${entry}" has no valid prefix length (0–${max})`);
    block.addSubnet(address, prefix, family);
  }
  return {
    allows(ip: string): boolean {
      if (list.length === 0) return true;
      // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
      const plain = ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
      if (net.isIPv4(plain)) return block.check(plain, 'ipv4');
      return net.isIPv6(plain) && block.check(plain, 'ipv6');
    },
  };
}
