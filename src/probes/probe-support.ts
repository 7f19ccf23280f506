import type { DnsAnswer, DnsRecord, QueryOptions, Resolver } from '../dns/types';
import { clampTtl, MAX_NEGATIVE_TTL, MAX_POSITIVE_TTL } from '../dns/ttl';
import { msg, type Message } from '../i18n/message';
import type { ProbeId, ProbeResult, ProbeStatus } from './types';

/** What every probe gets: the resolver to ask and an optional signal that ends the check (deadline). */
export interface ProbeDeps {
  resolver: Resolver;
  signal?: AbortSignal;
}

/** Lowest TTL among records, i.e. when the first of them may change in caches, capped at 7 days (RFC 8767 4). Pure. */
export function minTtl(records: readonly DnsRecord[]): number | undefined {
  return records.length === 0 ? undefined : clampTtl(Math.min(...records.map((r) => r.ttl)), MAX_POSITIVE_TTL);
}

/**
 * The TTL that bounds a re-check: record TTL for answers (at most 7 days), the negative TTL for NXDOMAIN/NODATA
 * (RFC 2308 5, at most a day). Pure.
 */
export function answerTtl(answer: DnsAnswer): number | undefined {
  if (answer.kind === 'records') return minTtl(answer.records);
  if (answer.kind === 'nxdomain' || answer.kind === 'nodata') return answer.negativeTtl === undefined ? undefined : clampTtl(answer.negativeTtl, MAX_NEGATIVE_TTL);
  return undefined;
}

/** One query that never rejects, even if an injected resolver breaks its contract. */
export async function ask(deps: ProbeDeps, name: string, type: Parameters<Resolver>[1]): Promise<DnsAnswer> {
  const options: QueryOptions | undefined = deps.signal ? { signal: deps.signal } : undefined;
  try {
    return await deps.resolver(name, type, options);
  } catch (error) {
    return { kind: 'error', reason: 'other', detail: error instanceof Error ? error.message : String(error) };
  }
}

const REASONS = ['timeout', 'servfail', 'refused', 'malformed', 'truncated', 'network', 'cname-loop'] as const;

/** A `ProbeResult` for "could not check", naming what was asked (`what`, a `probe.what.*` message) and why. Pure. */
export function errorResult(id: ProbeId, what: Message, failed: Extract<DnsAnswer, { kind: 'error' }>, expected: unknown): ProbeResult {
  const unreachable = failed.tried !== undefined && failed.tried.length > 0 && (failed.reason === 'timeout' || failed.reason === 'network');
  const reason = unreachable
    ? msg('dns.reason.unreachable', { servers: failed.tried!.join(', ') })
    : msg(`dns.reason.${(REASONS as readonly string[]).includes(failed.reason) ? failed.reason as (typeof REASONS)[number] : 'other'}`);
  const advice = failed.source?.server && !unreachable
    ? msg('probe.could-not-check-at', { what, reason, server: failed.source.server })
    : msg('probe.could-not-check', { what, reason });
  return { id, status: 'error', found: null, expected, advice };
}

/** "Could not check" with a short technical detail (an exception's message). Pure. */
export function couldNotCheck(id: ProbeId, detail: string, expected: unknown = null): ProbeResult {
  return { id, status: 'error', found: null, expected, advice: msg('probe.could-not-check-detail', { detail }) };
}

/** Assembles a result. Pure. */
export function result(id: ProbeId, status: ProbeStatus, found: unknown, expected: unknown, advice: Message, ttlSeconds?: number): ProbeResult {
  const out: ProbeResult = { id, status, found, expected, advice };
  if (ttlSeconds !== undefined) out.ttlSeconds = ttlSeconds;
  return out;
}
