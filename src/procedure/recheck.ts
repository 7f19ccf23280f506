/** First re-check one minute after a miss, doubling up to an hour. */
export const RECHECK_BASE_MS = 60_000;
export const RECHECK_MAX_MS = 60 * 60_000;

/**
 * When to probe a DNS step again after attempt `attempt` (0-based) saw no confirmation. Pure.
 * Not before the TTL of what was seen runs out, as a resolver serves the cached answer until then (RFC 1035 3.2.1,
 * RFC 2308 5 for negative answers), but never more than RECHECK_MAX_MS away, whatever the TTL: the README promises
 * re-checks at most an hour apart, and a change can also come from a cache that expires sooner.
 */
export function nextRecheckAt(now: number, attempt: number, ttlSeconds: number | undefined): number {
  const backoff = Math.min(RECHECK_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 20)), RECHECK_MAX_MS);
  const ttlMs = typeof ttlSeconds === 'number' && Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? Math.min(ttlSeconds * 1000, RECHECK_MAX_MS) : 0;
  return now + Math.max(backoff, ttlMs);
}
