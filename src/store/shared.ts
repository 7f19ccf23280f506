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

/** Marks a part of a value whose JSON form a structural copy would not reproduce. */
const NOT_PLAIN: unique symbol = Symbol('not plain JSON');

/**
 * `previous` is a value this module handed out (see {@link frozenJsonCopy}) or undefined: a part of `value` that
 * is the very same object as the part at the same place in `previous` is deep-frozen plain JSON already, so it is
 * shared instead of copied.
 */
function frozenCopy(value: unknown, previous: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0 and has no NaN or Infinity.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  const before = typeof previous === 'object' && previous !== null ? previous as Record<string, unknown> : undefined;
  if (Array.isArray(value)) {
    const n = value.length;
    const out = new Array<unknown>(n);
    const prior = Array.isArray(before) ? before as unknown[] : undefined;
    for (let i = 0; i < n; i += 1) {
      const raw: unknown = value[i];
      const old = prior?.[i];
      // undefined, a function or a hole is null in JSON: not worth copying faithfully, the caller parses instead.
      const item = raw === old && typeof raw === 'object' && raw !== null && Object.hasOwn(prior!, i) ? raw : frozenCopy(raw, old);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return Object.freeze(out);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  const prior = before !== undefined && !Array.isArray(before) ? before : undefined;
  for (const key of Object.keys(source)) {
    const raw = source[key];
    // JSON leaves out properties holding undefined, a function or a symbol.
    if (raw === undefined || typeof raw === 'function' || typeof raw === 'symbol') continue;
    // An own "__proto__" from JSON.parse would set the copy's prototype here instead.
    if (key === '__proto__') return NOT_PLAIN;
    const old = prior?.[key];
    const item = raw === old && typeof raw === 'object' && raw !== null && Object.hasOwn(prior!, key) ? raw : frozenCopy(raw, old);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out[key] = item;
  }
  return Object.freeze(out);
}

/**
 * A deep-frozen copy of `value` equal to `parseStored(toJsonText(value))`, built without the JSON text (about a
 * third of a parse and freeze), or undefined when `value` holds anything whose JSON form is not a plain copy of it
 * (a Date or other class instance, toJSON, a non-finite number, undefined in an array, a "__proto__" key): parse
 * the text then. Pure; `value` is never frozen or changed. Call it before anything can change `value` (with
 * getters that answer differently per call the copy may differ from the text written before it).
 *
 * `previous`, if given, must be a value handed out by {@link parseStored} or this function (typically the version
 * `value` was made from): parts of `value` that are the same objects as the parts at the same place in `previous`
 * (a change made by spreading, as the procedure's transitions do) are shared, not copied.
 */
export function frozenJsonCopy(value: unknown, previous?: unknown): unknown {
  const copy = frozenCopy(value, previous);
  return copy === NOT_PLAIN ? undefined : copy;
}

/** The value of JSON text that came from a store, deep-frozen (see {@link deepFreeze}). */
export function parseStored(text: string): unknown {
  return freezeParsed(JSON.parse(text) as unknown);
}

/** {@link deepFreeze} for a value fresh from JSON.parse (nothing in it frozen yet): arrays walked by index. */
function freezeParsed(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) freezeParsed(item);
    }
  } else {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'object' && item !== null) freezeParsed(item);
    }
  }
  return value;
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
