import type { ProbeResult } from './types';
import { msg, sentences } from '../i18n/message';

/** "58 min", "45 s", "2 h 5 min": how long a cached answer may still be served. Pure. */
export function formatWait(seconds: number): string {
  if (seconds < 120) return `${Math.max(0, Math.ceil(seconds))} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "14:35 UTC" (rounded up to the minute), with the date when it is not `now`'s UTC day. Pure. */
export function formatUtc(at: Date, now: Date): string {
  const up = new Date(Math.ceil(at.getTime() / 60000) * 60000);
  const time = `${up.toISOString().slice(11, 16)} UTC`;
  return up.toISOString().slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${up.toISOString().slice(0, 10)} ${time}`;
}

/**
 * When the name servers already publish a correct record (`ok`) but public resolvers still serve an older answer
 * from their cache, says so and until when: the longest remaining TTL among those resolvers (RFC 1035 3.2.1; for
 * a cached negative answer the SOA-derived negative TTL, RFC 2308 5). Returns `result` unchanged otherwise. Pure.
 */
export function withPropagationNote(result: ProbeResult, now: Date): ProbeResult {
  if (result.status !== 'ok' || !result.resolvers) return result;
  const stale = result.resolvers.filter((r) => r.status !== 'ok' && r.status !== 'error');
  if (stale.length === 0) return result;
  const waits = stale.flatMap((r) => (r.ttlSeconds !== undefined ? [r.ttlSeconds] : []));
  const waitSeconds = waits.length > 0 ? Math.max(...waits) : undefined;
  const servers = stale.map((r) => r.server).join(', ');
  const note = waitSeconds === undefined
    ? msg('probe.propagation.ttl-unknown', { servers })
    : msg('probe.propagation.by', { at: formatUtc(new Date(now.getTime() + waitSeconds * 1000), now), wait: formatWait(waitSeconds), servers });
  return {
    ...result,
    advice: sentences([result.advice, note]),
    propagation: {
      servers: stale.map((r) => r.server),
      ...(waitSeconds !== undefined ? { waitSeconds, visibleBy: new Date(now.getTime() + waitSeconds * 1000).toISOString() } : {}),
    },
  };
}
