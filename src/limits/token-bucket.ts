/**
 * Token bucket arithmetic, pure: no clock, no state of its own. The caller passes `now` and keeps the state.
 * A bucket holds at most `capacity` tokens and gains `refillPerSecond` tokens per second; each request costs one.
 * This allows short bursts (up to `capacity`) while bounding the sustained rate.
 */

/** Limits of one bucket. `capacity` ≥ 1, `refillPerSecond` > 0. */
export interface BucketConfig {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** What a bucket remembers between requests. `updatedAt` is in milliseconds of the caller's clock. */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

/** The answer to "may this request go ahead?". `retryAfterMs` is when one token will be available again. */
export type LimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/** A full bucket at time `now`. Pure. */
export function fullBucket(config: BucketConfig, now: number): BucketState {
  return { tokens: config.capacity, updatedAt: now };
}

/** The bucket's state at `now` after refilling, without taking anything. Pure; a clock going backwards refills nothing. */
export function refillBucket(state: BucketState, config: BucketConfig, now: number): BucketState {
  const elapsedMs = Math.max(0, now - state.updatedAt);
  const tokens = Math.min(config.capacity, state.tokens + (elapsedMs * config.refillPerSecond) / 1000);
  return { tokens, updatedAt: Math.max(now, state.updatedAt) };
}

/**
 * Tries to take `cost` tokens at `now`. Returns the decision and the new state (unchanged tokens when refused,
 * so a refused request does not push the next allowed time further out). A cost above the capacity counts as
 * the whole capacity, so such a request waits for a full bucket instead of never being allowed. Pure.
 */
export function takeFromBucket(
  state: BucketState,
  config: BucketConfig,
  now: number,
  cost = 1,
): readonly [LimitDecision, BucketState] {
  cost = Math.min(Math.max(cost, 0), config.capacity);
  const refilled = refillBucket(state, config, now);
  if (refilled.tokens >= cost) {
    return [{ allowed: true }, { tokens: refilled.tokens - cost, updatedAt: refilled.updatedAt }];
  }
  const missing = cost - refilled.tokens;
  const retryAfterMs = Math.max(1, Math.ceil((missing * 1000) / config.refillPerSecond));
  return [{ allowed: false, retryAfterMs }, refilled];
}

/** Whether a bucket has refilled completely by `now`, so forgetting it changes no future decision. Pure. */
export function isBucketIdle(state: BucketState, config: BucketConfig, now: number): boolean {
  return refillBucket(state, config, now).tokens >= config.capacity;
}
