import {
  type BucketConfig, type BucketState, type LimitDecision, fullBucket, isBucketIdle, takeFromBucket,
} from './token-bucket';

/** Milliseconds since some epoch; injected so tests control time. */
export type Clock = () => number;

/** Options of a {@link KeyedLimiter}. */
export interface KeyedLimiterOptions {
  readonly bucket: BucketConfig;
  /** Upper bound of remembered keys; the least recently used key is forgotten beyond it. Default 10,000. */
  readonly maxKeys?: number;
  readonly clock?: Clock;
}

/**
 * Token buckets by key (a user id, a tenant id), in memory. Memory is bounded: buckets that have refilled
 * completely are dropped (forgetting them changes no decision), and beyond `maxKeys` the least recently used
 * bucket is dropped (that key then starts with a full bucket: under a flood of distinct keys the limiter
 * errs towards allowing, it never grows without bound).
 */
export interface KeyedLimiter {
  /** Decides and, when allowed, takes `cost` tokens from the key's bucket. Never throws. */
  take(key: string, cost?: number): LimitDecision;
  /** Decides without taking anything. Never throws. */
  peek(key: string, cost?: number): LimitDecision;
  /** Number of buckets held right now (for tests and metrics). */
  size(): number;
}

/** Builds an in-memory {@link KeyedLimiter}. Throws only on an invalid configuration (a programming error). */
export function createKeyedLimiter(options: KeyedLimiterOptions): KeyedLimiter {
  const { bucket } = options;
  if (!(bucket.capacity >= 1) || !(bucket.refillPerSecond > 0)) {
    throw new RangeError(`invalid bucket: capacity ${bucket.capacity} must be >= 1, refillPerSecond ${bucket.refillPerSecond} > 0`);
  }
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  const clock = options.clock ?? Date.now;
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used key first.
  const buckets = new Map<string, BucketState>();

  function sweep(now: number): void {
    // Oldest first: stop at the first bucket still in use, so each call does little work.
    for (const [key, state] of buckets) {
      if (buckets.size <= maxKeys && !isBucketIdle(state, bucket, now)) break;
      buckets.delete(key);
    }
  }

  function decide(key: string, cost: number, commit: boolean): LimitDecision {
    const now = clock();
    const state = buckets.get(key) ?? fullBucket(bucket, now);
    const [decision, next] = takeFromBucket(state, bucket, now, cost);
    if (commit) {
      buckets.delete(key);
      if (!isBucketIdle(next, bucket, now)) buckets.set(key, next);
      sweep(now);
    }
    return decision;
  }

  return {
    take: (key, cost = 1) => decide(key, cost, true),
    peek: (key, cost = 1) => decide(key, cost, false),
    size: () => buckets.size,
  };
}
