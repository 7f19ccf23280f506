import packet from 'dns-packet';
import type { DnsRecord, RRType } from './types';

/** EDNS0 UDP payload size advertised in every query (DNS Flag Day 2020 recommendation, avoids fragmentation). */
export const EDNS_PAYLOAD = 1232;

/** Lower case, no trailing dot; the root stays `.`. Pure. */
export function normalizeName(name: string): string {
  if (name === '.' || name === '') return '.';
  return name.toLowerCase().replace(/\.$/, '');
}

/** Encodes one question with EDNS0 (RFC 6891). Pure. */
export function encodeQuery(id: number, name: string, type: RRType, recursionDesired: boolean): Buffer {
  return packet.encode({
    type: 'query',
    id,
    flags: recursionDesired ? packet.RECURSION_DESIRED : 0,
    questions: [{ name, type: type as packet.RecordType, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  });
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
