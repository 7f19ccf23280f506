/**
 * The DNS contract every other module depends on. A query's outcome is data, never an exception:
 * NXDOMAIN and NODATA are answers, and a failed query is an `error`, which callers must never read
 * as "missing" (DESIGN.md; RFC 2308 for the negative-answer kinds).
 */

export type RRType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'CNAME' | 'NS' | 'PTR' | 'SOA' | 'SPF';

interface RecordBase {
  /** Owner name, lower case, no trailing dot. */
  name: string;
  /** Seconds, as received. */
  ttl: number;
}

export type DnsRecord =
  | (RecordBase & { type: 'A' | 'AAAA'; address: string })
  | (RecordBase & { type: 'MX'; preference: number; exchange: string })
  /** `text` joins the character-strings with NO separator (RFC 7208 3.3); `strings` keeps them apart. */
  | (RecordBase & { type: 'TXT' | 'SPF'; text: string; strings: string[] })
  | (RecordBase & { type: 'CNAME' | 'NS' | 'PTR'; target: string })
  | (RecordBase & { type: 'SOA'; mname: string; rname: string; serial: number; minimum: number });

/**
 * `truncated`: the answer is known to be incomplete where it must be whole, i.e. over TCP (TC set, or the connection
 * closed before the length prefix's bytes arrived; RFC 7766 8). A truncated UDP answer is not an error: it is retried
 * over TCP.
 */
export type DnsErrorReason = 'timeout' | 'servfail' | 'refused' | 'malformed' | 'truncated' | 'network' | 'cname-loop' | 'other';

/** Which server gave the answer, for reports ("8.8.8.8:53 sees …"). */
export interface AnswerSource {
  server: string;
  /** true when the answer came over TCP after a truncated UDP answer (or TCP was forced). */
  tcp: boolean;
}

export type DnsAnswer =
  | { kind: 'records'; records: DnsRecord[]; cnameChain: string[]; source?: AnswerSource }
  /** The name does not exist (RCODE 3). `cnameChain` lists aliases followed before the NXDOMAIN. */
  | { kind: 'nxdomain'; cnameChain: string[]; negativeTtl?: number; source?: AnswerSource }
  /** The name exists but has no record of this type (NOERROR, empty answer). */
  | { kind: 'nodata'; cnameChain: string[]; negativeTtl?: number; source?: AnswerSource }
  /** `tried`: with `timeout` or `network`, every server asked, none of which answered ("no DNS server reachable"). */
  | { kind: 'error'; reason: DnsErrorReason; detail: string; source?: AnswerSource; tried?: string[] };

export interface QueryOptions {
  signal?: AbortSignal;
}

/**
 * One DNS question, answered as data. Implementations never throw for DNS outcomes and never
 * reject; `name` may carry a trailing dot and any case.
 */
export type Resolver = (name: string, type: RRType, options?: QueryOptions) => Promise<DnsAnswer>;
