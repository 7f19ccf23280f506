import packet from 'dns-packet';
import type { DnsRecord, RRType } from './types';

/** EDNS0 UDP payload size advertised in every query (DNS Flag Day 2020 recommendation, avoids fragmentation). */
export const EDNS_PAYLOAD = 1232;

/** Lower case, no trailing dot; the root stays `.`. Pure. */
export function normalizeName(name: string): string {
  if (name === '.' || name === '') return '.';
  return name.toLowerCase().replace(/\.$/, '');
}

export const TYPE_CODES: Record<RRType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SPF: 99 };

/**
 * Encodes one question with an EDNS0 OPT record (RFC 6891 6.1.2: payload size in CLASS, version 0, no options).
 * Written by hand rather than through dns-packet: it runs once per query and the generic encoder was a large share of
 * the resolver's CPU time. Pure; throws on a label longer than 63 octets.
 */
export function encodeQuery(id: number, name: string, type: RRType, recursionDesired: boolean): Buffer {
  const labels = name === '.' || name === '' ? [] : name.replace(/\.$/, '').split('.');
  let nameLength = 1;
  for (const label of labels) nameLength += 1 + Buffer.byteLength(label);
  const buf = Buffer.allocUnsafe(12 + nameLength + 4 + 11);
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(recursionDesired ? 0x0100 : 0, 2);
  buf.writeUInt16BE(1, 4);
  buf.writeUInt32BE(0, 6);
  buf.writeUInt16BE(1, 10);
  let offset = 12;
  for (const label of labels) {
    const length = buf.write(label, offset + 1);
    if (length > 63 || length === 0) throw new Error(`invalid label "${label}" in ${name}`);
    buf[offset] = length;
    offset += 1 + length;
  }
  buf[offset++] = 0;
  buf.writeUInt16BE(TYPE_CODES[type], offset);
  buf.writeUInt16BE(1, offset + 2);
  offset += 4;
  // OPT: root name, TYPE 41, CLASS = UDP payload size, TTL = extended RCODE/version/flags 0, RDLENGTH 0.
  buf[offset] = 0;
  buf.writeUInt16BE(41, offset + 1);
  buf.writeUInt16BE(EDNS_PAYLOAD, offset + 3);
  buf.writeUInt32BE(0, offset + 5);
  buf.writeUInt16BE(0, offset + 9);
  return buf;
}

/** RFC 1035 3.3: <character-string>s, each a length octet and that many octets. Throws on overrun. */
export function splitCharacterStrings(rdata: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  while (offset < rdata.length) {
    const length = rdata[offset]!;
    if (offset + 1 + length > rdata.length) throw new Error('character-string overruns RDATA');
    out.push(rdata.subarray(offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  return out;
}

/** The answer-section record as our `DnsRecord`, or undefined for types we do not model. Throws on bad RDATA. */
export function toDnsRecord(answer: packet.Answer): DnsRecord | undefined {
  const a = answer as { name: string; type: string; ttl?: number; data: unknown };
  const base = { name: normalizeName(a.name), ttl: a.ttl ?? 0 };
  switch (a.type) {
    case 'A':
    case 'AAAA':
      return { ...base, type: a.type, address: String(a.data) };
    case 'MX': {
      const mx = a.data as { preference: number; exchange: string };
      return { ...base, type: 'MX', preference: mx.preference, exchange: normalizeName(mx.exchange) };
    }
    case 'TXT':
    case 'SPF': {
      const raw = a.data as Buffer | Buffer[];
      const parts = Array.isArray(raw) ? raw : splitCharacterStrings(raw);
      const strings = parts.map((b) => b.toString('utf8'));
      return { ...base, type: a.type, strings, text: strings.join('') };
    }
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { ...base, type: a.type, target: normalizeName(String(a.data)) };
    case 'SOA': {
      const soa = a.data as { mname: string; rname: string; serial: number; minimum: number };
      return { ...base, type: 'SOA', mname: normalizeName(soa.mname), rname: normalizeName(soa.rname), serial: soa.serial, minimum: soa.minimum };
    }
    default:
      return undefined;
  }
}
