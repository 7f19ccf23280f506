import type { DnsAnswer, Resolver } from '../dns/types';
import { isSpfRecord } from './parse';

/** The outcome of looking for a domain's SPF record (RFC 7208 4.4, 4.5). */
export type SpfLookup =
  /** `records` holds every SPF record (usually one; more than one is a permerror, 4.5). */
  | { kind: 'found'; records: string[]; ttl: number }
  /** No SPF record. `empty` tells a void lookup (NXDOMAIN or no TXT at all, 4.6.4) from TXT without SPF. */
  | { kind: 'none'; empty: boolean; nxdomain: boolean }
  | { kind: 'error'; reason: string; detail: string };

/** Picks the SPF records out of a TXT answer. Pure. */
export function spfFromAnswer(answer: DnsAnswer): SpfLookup {
  switch (answer.kind) {
    case 'nxdomain':
      return { kind: 'none', empty: true, nxdomain: true };
    case 'nodata':
      return { kind: 'none', empty: true, nxdomain: false };
    case 'error':
      return { kind: 'error', reason: answer.reason, detail: answer.detail };
    case 'records': {
      const records: string[] = [];
      let ttl = Infinity;
      let txtCount = 0;
      for (const r of answer.records) {
        if (r.type !== 'TXT') continue;
        txtCount++;
        if (isSpfRecord(r.text)) {
          records.push(r.text);
          if (r.ttl < ttl) ttl = r.ttl;
        }
      }
      if (records.length === 0) return { kind: 'none', empty: txtCount === 0, nxdomain: false };
      return { kind: 'found', records, ttl: ttl === Infinity ? 0 : ttl };
    }
  }
}

/**
 * Queries `domain`'s TXT records and picks the SPF ones (one DNS round trip). Never throws: DNS failures are an
 * `error` outcome, never "none".
 */
export async function querySpfRecords(domain: string, resolver: Resolver, signal?: AbortSignal): Promise<SpfLookup> {
  try {
    return spfFromAnswer(await resolver(domain, 'TXT', signal ? { signal } : undefined));
  } catch (error) {
    return { kind: 'error', reason: 'other', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Lower case, no trailing dot. Pure. */
export function normalizeDomain(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
