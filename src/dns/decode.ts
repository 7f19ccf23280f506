import { formatIpv6 } from './ipv6-text';
import type { DnsRecord, RRType } from './types';

/** The parts of a DNS response the resolver needs. */
export interface DecodedResponse {
  id: number;
  /** QR bit: a response, not a query. */
  response: boolean;
  truncated: boolean;
  /** RFC 1035 4.1.1 RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, …). */
  rcode: number;
  question: { name: string; type: number } | undefined;
  /** Answer-section records of the types we model, in order; others are skipped. */
  answers: DnsRecord[];
  /** The first SOA of the authority section (negative caching, RFC 2308). */
  soa: Extract<DnsRecord, { type: 'SOA' }> | undefined;
}

const TYPE_NAMES: Record<number, RRType> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 99: 'SPF' };

export const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

class Reader {
  constructor(readonly buf: Buffer) {}

  need(offset: number, length: number): void {
    if (offset + length > this.buf.length) throw new Error('message ends early');
  }

  /** Reads a possibly compressed name (RFC 1035 4.1.4); lower case, no trailing dot, root as `.`. */
  name(start: number): { name: string; next: number } {
    const labels: string[] = [];
    let offset = start;
    let next = -1;
    let jumps = 0;
    let length = 0;
    for (;;) {
      this.need(offset, 1);
      const len = this.buf[offset]!;
      if (len === 0) {
        offset += 1;
        break;
      }
      if ((len & 0xc0) === 0xc0) {
        this.need(offset, 2);
        const pointer = ((len & 0x3f) << 8) | this.buf[offset + 1]!;
        if (next < 0) next = offset + 2;
        // Only backwards pointers, and a bounded number, so a crafted message cannot loop.
        if (pointer >= offset || ++jumps > 64) throw new Error('bad compression pointer');
        offset = pointer;
        continue;
      }
      if ((len & 0xc0) !== 0) throw new Error('bad label type');
      this.need(offset + 1, len);
      labels.push(this.buf.toString('latin1', offset + 1, offset + 1 + len).toLowerCase());
      length += len + 1;
      if (length > 255) throw new Error('name too long');
      offset += 1 + len;
    }
    return { name: labels.length === 0 ? '.' : labels.join('.'), next: next < 0 ? offset : next };
  }
}

function ipv6(buf: Buffer, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(buf.readUInt16BE(offset + 2 * i));
  return formatIpv6(groups);
}

function characterStrings(buf: Buffer, start: number, end: number): string[] {
  const out: string[] = [];
  let offset = start;
  while (offset < end) {
    const len = buf[offset]!;
    if (offset + 1 + len > end) throw new Error('character-string overruns RDATA');
    out.push(buf.toString('utf8', offset + 1, offset + 1 + len));
    offset += 1 + len;
  }
  return out;
}

function record(reader: Reader, name: string, typeCode: number, ttl: number, start: number, end: number): DnsRecord | undefined {
  const buf = reader.buf;
  const type = TYPE_NAMES[typeCode];
  switch (type) {
    case 'A':
      if (end - start !== 4) throw new Error('A RDATA is not 4 bytes');
      return { name, ttl, type, address: `${buf[start]}.${buf[start + 1]}.${buf[start + 2]}.${buf[start + 3]}` };
    case 'AAAA':
      if (end - start !== 16) throw new Error('AAAA RDATA is not 16 bytes');
      return { name, ttl, type, address: ipv6(buf, start) };
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { name, ttl, type, target: reader.name(start).name };
    case 'MX':
      reader.need(start, 2);
      return { name, ttl, type, preference: buf.readUInt16BE(start), exchange: reader.name(start + 2).name };
    case 'TXT':
    case 'SPF': {
      const strings = characterStrings(buf, start, end);
      return { name, ttl, type, strings, text: strings.join('') };
    }
    case 'SOA': {
      const mname = reader.name(start);
      const rname = reader.name(mname.next);
      reader.need(rname.next, 20);
      return { name, ttl, type, mname: mname.name, rname: rname.name, serial: buf.readUInt32BE(rname.next), minimum: buf.readUInt32BE(rname.next + 16) };
    }
    default:
      return undefined;
  }
}

/**
 * Decodes a DNS response (RFC 1035 4.1) into what the resolver needs, skipping record types it does not model and
 * the additional section. Hand-written because it runs for every answer and a generic decoder was the largest
 * share of the resolver's CPU time. Pure; throws on a malformed message (the caller reports `malformed`).
 */
export function decodeResponse(buf: Buffer): DecodedResponse {
  const reader = new Reader(buf);
  reader.need(0, 12);
  const flags = buf.readUInt16BE(2);
  const qdcount = buf.readUInt16BE(4);
  const ancount = buf.readUInt16BE(6);
  const nscount = buf.readUInt16BE(8);
  let offset = 12;
  let question: DecodedResponse['question'];
  for (let i = 0; i < qdcount; i++) {
    const q = reader.name(offset);
    reader.need(q.next, 4);
    if (i === 0) question = { name: q.name, type: buf.readUInt16BE(q.next) };
    offset = q.next + 4;
  }
  const answers: DnsRecord[] = [];
  let soa: DecodedResponse['soa'];
  for (let i = 0; i < ancount + nscount; i++) {
    const owner = reader.name(offset);
    reader.need(owner.next, 10);
    const typeCode = buf.readUInt16BE(owner.next);
    const ttl = buf.readUInt32BE(owner.next + 4);
    const rdlength = buf.readUInt16BE(owner.next + 8);
    const start = owner.next + 10;
    const end = start + rdlength;
    reader.need(start, rdlength);
    if (i < ancount) {
      const r = record(reader, owner.name, typeCode, ttl, start, end);
      if (r) answers.push(r);
    } else if (typeCode === 6 && !soa) {
      soa = record(reader, owner.name, typeCode, ttl, start, end) as DecodedResponse['soa'];
    }
    offset = end;
  }
  return { id: buf.readUInt16BE(0), response: (flags & 0x8000) !== 0, truncated: (flags & 0x0200) !== 0, rcode: flags & 0x000f, question, answers, soa };
}
