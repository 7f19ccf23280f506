import type { Message } from '../i18n/message';

/**
 * A probe answers one question about a domain, e.g. "is the SPF record merged correctly?".
 * Probes never throw: a query that failed is `error` ("could not check"), never `missing`.
 */
export type ProbeStatus = 'ok' | 'missing' | 'wrong' | 'error';

export type ProbeId = 'verify-domain' | 'mx' | 'autodiscover' | 'spf' | (string & {});

export interface ProbeResult {
  id: ProbeId;
  status: ProbeStatus;
  /** What the world shows (records as text), or null when nothing was found or the query failed. */
  found: unknown;
  /** What a correct setup shows. */
  expected: unknown;
  /**
   * For the admin: what to change, or why it could not be checked, as a catalog code with its parameters
   * (src/i18n/catalog/probes.ts); rendered in the reader's language with `text` from src/i18n/message.ts.
   */
  advice: Message;
  /**
   * Seconds until the TTL of what was seen runs out: a re-check before then cannot see a change
   * made since (used by the scheduler). Absent when unknown.
   */
  ttlSeconds?: number;
  /** Per-resolver view in the production strategy ("has it propagated?"). */
  resolvers?: Array<{ server: string; status: ProbeStatus; found: unknown; ttlSeconds?: number }>;
  /**
   * Set when the name servers publish a correct record but public resolvers still cache an older answer:
   * which ones, and when the last of them will have let it expire (ISO time).
   */
  propagation?: { servers: string[]; waitSeconds?: number; visibleBy?: string };
}
