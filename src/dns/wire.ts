/**
 * The DNS wire format, through dns-packet (encode and decode), with the checks dns-packet leaves to its caller:
 * names within RFC 1035 2.3.4's limits before encoding, and after decoding a message whose parse consumed exactly
 * its length (dns-packet reads past a short message's end, or stops before trailing bytes, without an error).
 * Matching an answer to its query (id, QR, question) is the transports' job; RCODE meaning is the resolver's.
 */
import packet from 'dns-packet';
import { formatIpv6 } from './ipv6-text';
import type { DnsRecord, RRType } from './types';

/** EDNS0 UDP payload size advertised in every query (DNS Flag Day 2020 recommendation, avoids fragmentation). */
export const EDNS_PAYLOAD = 1232;

/** RFC 1035 2.3.4: a label is 1–63 octets, a name at most 255 octets on the wire. */
const MAX_LABEL = 63;
const MAX_NAME = 255;

/** The parts of a DNS response the resolver needs. */
export interface DecodedResponse {
  id: number;
  /** QR bit: a response, not a query. */
  response: boolean;
  truncated: boolean;
  /** RFC 1035 4.1.1 RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, …). */
  rcode: number;
  /** The first question, name normalized; `type` and `class` as dns-packet names them (`TXT`, `IN`). */
  question: { name: string; type: string; class: string } | undefined;
  /** Answer-section records of the types we model, in order; others are skipped. */
  answers: DnsRecord[];
  /** The first SOA of the authority section (negative caching, RFC 2308). */
  soa: Extract<DnsRecord, { type: 'SOA' }> | undefined;
}

export const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/** Lower case, no trailing dot; the root stays `.`. Pure. */
export function normalizeName(name: string): string {
  if (name === '.' || name === '') return '.';
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * Encodes one question (class IN) with an EDNS0 OPT record (RFC 6891 6.1.2: payload size in CLASS, version 0, no
 * options). Pure; throws on an empty label, a label over 63 octets or a name over 255 octets, which dns-packet
 * would encode into a corrupt message.
 */
export function encodeQuery(id: number, name: string, type: RRType, recursionDesired: boolean): Buffer {
  const bare = name === '.' || name === '' ? '' : name.replace(/\.$/, '');
  let wireLength = 1;
  for (const label of bare === '' ? [] : bare.split('.')) {
    const octets = Buffer.byteLength(label);
    if (octets === 0 || octets > MAX_LABEL) throw new Error(`invalid label "${label}" in ${name}`);
    wireLength += 1 + octets;
  }
  if (wireLength > MAX_NAME) throw new Error(`name longer than ${MAX_NAME} octets: ${name}`);
  return packet.encode({
    type: 'query', id, flags: recursionDesired ? packet.RECURSION_DESIRED : 0,
    // dns-packet's typings omit SPF, but its type table maps it to 99.
    questions: [{ name: bare === '' ? '.' : bare, type: type as packet.RecordType, class: 'IN' }],
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

/** dns-packet's IPv6 text (it compresses the first zero run) as the eight groups. */
function ipv6Groups(text: string): number[] {
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/**
 * The dns-packet record as our `DnsRecord` (names normalized, IPv6 in RFC 5952 form, where dns-packet compresses the
 * first zero run rather than the longest), or undefined for types we do not model. Throws on bad RDATA.
 */
export function toDnsRecord(answer: packet.Answer): DnsRecord | undefined {
  const a = answer as { name: string; type: string; ttl?: number; class?: string; data: unknown };
  if (a.class !== undefined && a.class !== 'IN') return undefined;
  const base = { name: normalizeName(a.name), ttl: a.ttl ?? 0 };
  switch (a.type) {
    case 'A':
      return { ...base, type: 'A', address: String(a.data) };
    case 'AAAA':
      return { ...base, type: 'AAAA', address: formatIpv6(ipv6Groups(String(a.data))) };
    case 'MX': {
      const mx = a.data as { preference: number; exchange: string };
      return { ...base, type: 'MX', preference: mx.preference, exchange: normalizeName(mx.exchange) };
    }
    case 'TXT':
    case 'SPF': {
      // dns-packet splits TXT into Buffers; type 99 has no codec there and arrives as raw RDATA.
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

/**
 * Decodes a DNS response (RFC 1035 4.1) with dns-packet into what the resolver needs. Pure; throws on a malformed
 * message (the caller reports `malformed`): one dns-packet refuses, one that ends before its parse does, one with
 * bytes after its last record, and bad RDATA in a record we model.
 */
export function decodeResponse(buf: Buffer): DecodedResponse {
  const decoded = packet.decode(buf);
  const consumed = packet.decode.bytes;
  if (consumed > buf.length) throw new Error(`message ends early (${buf.length} of ${consumed} bytes)`);
  if (consumed < buf.length) throw new Error(`${buf.length - consumed} bytes after the end of the message`);
  const q = decoded.questions?.[0];
  const answers: DnsRecord[] = [];
  for (const answer of decoded.answers ?? []) {
    const record = toDnsRecord(answer);
    if (record) answers.push(record);
  }
  let soa: DecodedResponse['soa'];
  for (const authority of decoded.authorities ?? []) {
    if (authority.type !== 'SOA') continue;
    soa = toDnsRecord(authority) as DecodedResponse['soa'];
    break;
  }
  const flags = buf.readUInt16BE(2);
  return {
    id: decoded.id ?? 0,
    response: (flags & 0x8000) !== 0,
    truncated: (flags & packet.TRUNCATED_RESPONSE) !== 0,
    rcode: flags & 0x000f,
    question: q ? { name: normalizeName(q.name), type: String(q.type), class: String(q.class ?? 'IN') } : undefined,
    answers,
    soa,
  };
}
