/**
 * IP address parsing and CIDR matching for SPF, without `node:net` (src/spf/parse* stays free of I/O imports).
 * IPv4 addresses are unsigned 32-bit numbers; IPv6 addresses are eight 16-bit groups.
 */

/**
 * Parses a dotted quad as RFC 7208 5.6 `ip4-network` (each part 0-255, no leading zeros). Pure.
 * @returns the address as an unsigned 32-bit number, or null when `text` is not one.
 */
export function parseIp4(text: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return null;
      part = part * 10 + (c - 48);
      if (part > 255 || ++digits > 3) return null;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else {
      return null;
    }
  }
  if (digits === 0 || dots !== 3) return null;
  return value * 256 + part;
}

/**
 * Parses an IPv6 address (RFC 4291 2.2, including `::` and a trailing dotted quad). Pure.
 * @returns eight 16-bit groups, or null when `text` is not an IPv6 address.
 */
export function parseIp6(text: string): number[] | null {
  if (text.length < 2 || text.length > 45) return null;
  const double = text.indexOf('::');
  if (double !== -1 && text.indexOf('::', double + 1) !== -1) return null;
  const parseSide = (side: string, allowIp4: boolean): number[] | null => {
    if (side === '') return [];
    const parts = side.split(':');
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (allowIp4 && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIp4(p);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  if (double === -1) {
    const groups = parseSide(text, true);
    return groups !== null && groups.length === 8 ? groups : null;
  }
  const head = parseSide(text.slice(0, double), false);
  const tail = parseSide(text.slice(double + 2), true);
  if (head === null || tail === null || head.length + tail.length > 7) return null;
  const groups = head.slice();
  for (let i = head.length + tail.length; i < 8; i++) groups.push(0);
  return groups.concat(tail);
}

/** The client address of an SPF check, parsed once. */
export type IpAddress =
  | { family: 4; v4: number; text: string }
  | { family: 6; v6: number[]; text: string };

/**
 * Parses an address in either family. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is treated as the IPv4
 * address, as RFC 7208 5 asks ("IPv4-mapped IPv6 ... MUST be evaluated ... as an IPv4 address"). Pure.
 */
export function parseIpAddress(text: string): IpAddress | null {
  const v4 = parseIp4(text);
  if (v4 !== null) return { family: 4, v4, text };
  const v6 = parseIp6(text);
  if (v6 === null) return null;
  if (v6[0] === 0 && v6[1] === 0 && v6[2] === 0 && v6[3] === 0 && v6[4] === 0 && v6[5] === 0xffff) {
    const mapped = v6[6]! * 65536 + v6[7]!;
    return { family: 4, v4: mapped, text: ip4ToString(mapped) };
  }
  return { family: 6, v6, text };
}

/** `a.b.c.d` of a 32-bit number. Pure. */
export function ip4ToString(v4: number): string {
  return `${Math.floor(v4 / 16777216) % 256}.${Math.floor(v4 / 65536) % 256}.${Math.floor(v4 / 256) % 256}.${v4 % 256}`;
}

/** True when `a` and `b` agree in their first `prefix` bits. Pure. */
export function ip4InNetwork(a: number, b: number, prefix: number): boolean {
  if (prefix <= 0) return true;
  if (prefix >= 32) return a === b;
  const shift = 2 ** (32 - prefix);
  return Math.floor(a / shift) === Math.floor(b / shift);
}

/** True when `a` and `b` agree in their first `prefix` bits. Pure. */
export function ip6InNetwork(a: readonly number[], b: readonly number[], prefix: number): boolean {
  let bits = prefix;
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    if (bits >= 16) {
      if (a[i] !== b[i]) return false;
    } else {
      const shift = 16 - bits;
      return a[i]! >> shift === b[i]! >> shift;
    }
  }
  return true;
}
