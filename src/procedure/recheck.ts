/** First re-check one minute after a miss, doubling up to an hour. */
export const RECHECK_BASE_MS = 60_000;
export const RECHECK_MAX_MS = 60 * 60_000;

/**
 * When to probe a DNS step again after attempt `attempt` (0-based) saw no confirmation. Pure.
 * Never before the TTL of what was seen runs out: a resolver serves the cached answer until then
 * (RFC 1035 3.2.1, RFC 2308 5 for negative answers), so an earlier re-check cannot see the change.
 */
export function nextRecheckAt(now: number, attempt: number, ttlSeconds: number | undefined): number {
  const backoff = Math.min(RECHECK_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 20)), RECHECK_MAX_MS);
  const ttlMs = typeof ttlSeconds === 'number' && Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? ttlSeconds * 1000 : 0;
  return now + Math.max(backoff, ttlMs);
}
