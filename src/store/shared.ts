import { randomUUID } from 'node:crypto';
import type { ClaimOptions, Expected, Job } from './types';

/** A fresh opaque etag. Random, so an etag of a deleted record never matches its re-created successor. */
export function newEtag(): string {
  return randomUUID();
}

/** A fresh lease token. */
export function newToken(): string {
  return randomUUID();
}

/** JSON text of a value; throws TypeError for a value JSON cannot hold (undefined, a function). */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new TypeError('store values must be JSON-serialisable (got undefined or a function)');
  }
  return text;
}

/**
 * Freezes a parsed JSON value and everything in it, and returns it. Stores hand out such values, shared by every
 * reader of one stored version: parsed (and validated) once, and a caller that changes one in place fails with a
 * TypeError instead of changing what the next reader gets.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The value of JSON text that came from a store, deep-frozen (see {@link deepFreeze}). */
export function parseStored(text: string): unknown {
  return deepFreeze(JSON.parse(text) as unknown);
}

/** Throws TypeError for an `expected` that is no etag, `'absent'` or `'*'`. */
export function assertExpected(expected: Expected): void {
  if (typeof expected !== 'string' || expected.length === 0) {
    throw new TypeError("expected must be an etag, 'absent' or '*'");
  }
}

/** Throws TypeError for a job the queue cannot store; these are bugs upstream, not runtime conditions. */
export function assertJob(job: Job): void {
  if (typeof job.id !== 'string' || job.id.length === 0) throw new TypeError('job.id must be a non-empty string');
  if (typeof job.tenantId !== 'string' || job.tenantId.length === 0) throw new TypeError('job.tenantId must be a non-empty string');
  if (typeof job.kind !== 'string' || job.kind.length === 0) throw new TypeError('job.kind must be a non-empty string');
  if (!Number.isSafeInteger(job.dueAt)) throw new TypeError('job.dueAt must be integer epoch milliseconds');
}

/** Throws TypeError for nonsensical claim options. */
export function assertClaim(options: ClaimOptions): void {
  if (!Number.isSafeInteger(options.now)) throw new TypeError('now must be integer epoch milliseconds');
  if (!Number.isSafeInteger(options.limit) || options.limit < 1) throw new TypeError('limit must be a positive integer');
  if (typeof options.owner !== 'string' || options.owner.length === 0) throw new TypeError('owner must be a non-empty string');
  if (!Number.isSafeInteger(options.leaseMs) || options.leaseMs < 1) throw new TypeError('leaseMs must be a positive integer');
}

/** Throws TypeError for an idempotency key or ttl that cannot work. */
export function assertOnce(key: string, ttlMs: number): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('markOnce key must be a non-empty string');
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new TypeError('markOnce ttlMs must be a positive integer');
}

/** Error for any call on a closed store: a lifecycle bug, so it rejects rather than resolving a union. */
export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
  constructor(kind: string) {
    super(`the ${kind} store is closed`);
  }
}
