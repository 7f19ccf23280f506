/**
 * When to probe a pending DNS step again. There is ONE back-off policy, the procedure's
 * (`src/procedure/recheck.ts`: a minute, then doubling up to an hour, never before the TTL of what was seen has
 * run out, RFC 1035 section 3.2.1 and RFC 2308 section 5), because the procedure writes the next re-check into the
 * migration and its `schedule-recheck` effect. The scheduler only uses it for jobs it schedules itself and may
 * compress its time scale for tests. Pure.
 */
import { nextRecheckAt as procedureNextRecheckAt, RECHECK_BASE_MS } from '../procedure/recheck';

export { RECHECK_BASE_MS, RECHECK_MAX_MS } from '../procedure/recheck';

export interface BackoffOptions {
  /**
   * COEXIST_RECHECK_FIRST_MS, for tests and demos: the first re-check comes after this many ms instead of a
   * minute, and every later wait (back-off and TTL alike) shrinks by the same factor. Undefined: real time.
   */
  firstMs?: number;
}

/**
 * Compresses the wait from `now` to `dueAt` by `firstMs / RECHECK_BASE_MS` (identity without `firstMs`). Pure;
 * never throws. A `dueAt` in the past stays as it is.
 */
export function scaleRecheck(now: number, dueAt: number, options: BackoffOptions = {}): number {
  const first = options.firstMs;
  if (first === undefined || !Number.isFinite(first) || first <= 0 || dueAt <= now) return dueAt;
  return now + Math.max(1, Math.round(((dueAt - now) * first) / RECHECK_BASE_MS));
}

/**
 * Epoch ms of the next re-check after `attempt` earlier re-checks (0 when the step starts waiting): the
 * procedure's back-off, scaled by `options`. Pure; never throws (negative or NaN inputs count as 0).
 */
export function nextRecheckAt(now: number, attempt: number, ttlSeconds?: number, options: BackoffOptions = {}): number {
  const safeAttempt = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const safeTtl = ttlSeconds !== undefined && Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? ttlSeconds : undefined;
  return scaleRecheck(now, procedureNextRecheckAt(now, safeAttempt, safeTtl), options);
}
