/**
 * When to probe a pending DNS step again. DNS changes take minutes to hours to become visible, so re-checks
 * back off; and a re-check before the TTL of what was seen has run out cannot see a change made since
 * (a caching resolver keeps serving the old answer for its TTL, RFC 1035 section 3.2.1, RFC 2308 for
 * negative answers). Pure.
 */

/** Minutes between re-checks: the n-th re-check waits `steps[n]`, the last value repeats (the cap). */
export const DEFAULT_BACKOFF_MINUTES: readonly number[] = Object.freeze([1, 2, 5, 10, 15, 30, 60]);

export interface BackoffOptions {
  /** Minutes per attempt; the last entry is the cap. Defaults to {@link DEFAULT_BACKOFF_MINUTES}. */
  steps?: readonly number[];
  /**
   * Upper bound on the TTL wait in seconds, so a record seen with a TTL of a day is still re-checked within the
   * cap if the admin lowers it. Default: one day.
   */
  maxTtlSeconds?: number;
}

/**
 * Epoch ms of the next re-check after `attempt` re-checks have already run (0 for the first one, scheduled when
 * the step starts waiting): `now + steps[attempt]`, but never before `now + ttlSeconds` of the record that was
 * seen. `ttlSeconds` undefined (unknown) adds no wait. Pure; never throws (negative or NaN inputs count as 0).
 */
export function nextRecheckAt(now: number, attempt: number, ttlSeconds?: number, options: BackoffOptions = {}): number {
  const steps = options.steps && options.steps.length > 0 ? options.steps : DEFAULT_BACKOFF_MINUTES;
  const index = Math.min(Math.max(0, Math.floor(Number.isFinite(attempt) ? attempt : 0)), steps.length - 1);
  const backoffMs = Math.max(0, steps[index]!) * 60_000;
  const maxTtl = options.maxTtlSeconds ?? 86_400;
  const ttl = ttlSeconds !== undefined && Number.isFinite(ttlSeconds) ? Math.min(Math.max(0, ttlSeconds), maxTtl) : 0;
  return now + Math.max(backoffMs, ttl * 1000);
}
