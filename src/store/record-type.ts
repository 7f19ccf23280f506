/**
 * Record types and their schema upgrades, as data. Every record a repository writes is the envelope
 * `{ type, schemaVersion, data }`; reading an older `schemaVersion` runs the upgrade steps in order, here and
 * nowhere else. Pure.
 */

/**
 * One step: turns the data of version `n` into the data of version `n + 1`. Must be pure: the data it gets is the
 * store's deep-frozen value (see `deepFreeze` in shared.ts), so it returns new data and changes nothing in place.
 */
export type Upgrade = (data: unknown) => unknown;

export interface RecordType<T> {
  /** Stable name stored in the envelope (`migration`, `conversation`, `user-settings`). */
  readonly name: string;
  /** The version this code writes. Starts at 1. */
  readonly currentVersion: number;
  /** `upgrades[n]` upgrades version n to n + 1, for every n from 1 to currentVersion - 1. */
  readonly upgrades: Readonly<Record<number, Upgrade>>;
  /** Optional check of upgraded data; returns a reason when the data is unusable. */
  readonly validate?: (data: unknown) => string | undefined;
  /** Phantom marker so a RecordType<A> is not assignable to RecordType<B> by accident. */
  readonly __type?: T;
}

/** What a repository stores. */
export interface Envelope {
  type: string;
  schemaVersion: number;
  data: unknown;
}

export type DecodeResult<T> =
  | { ok: true; value: T; fromVersion: number }
  | { ok: false; reason: string };

/** Wraps `value` in the current envelope of `type`. Pure. */
export function encodeRecord<T>(type: RecordType<T>, value: T): Envelope {
  return { type: type.name, schemaVersion: type.currentVersion, data: value };
}

/**
 * Unwraps and upgrades a stored envelope to the current version of `type`. Pure; never throws for bad data —
 * an unknown type, a version newer than this code, a missing upgrade step or failed validation is `ok: false`.
 */
export function decodeRecord<T>(type: RecordType<T>, stored: unknown): DecodeResult<T> {
  if (typeof stored !== 'object' || stored === null) return { ok: false, reason: 'not a record envelope' };
  const env = stored as Partial<Envelope>;
  if (env.type !== type.name) return { ok: false, reason: `expected a ${type.name} record, found ${String(env.type)}` };
  const from = env.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return { ok: false, reason: `invalid schemaVersion ${String(from)}` };
  }
  if (from > type.currentVersion) {
    return { ok: false, reason: `${type.name} record has schemaVersion ${from}, newer than this code (${type.currentVersion}); upgrade coexist` };
  }
  let data: unknown = env.data;
  for (let v = from; v < type.currentVersion; v += 1) {
    const step = type.upgrades[v];
    if (!step) return { ok: false, reason: `no upgrade from ${type.name} schemaVersion ${v} to ${v + 1}` };
    try {
      data = step(data);
    } catch (err) {
      return { ok: false, reason: `upgrade of ${type.name} from ${v} failed: ${(err as Error).message}` };
    }
  }
  const invalid = type.validate?.(data);
  if (invalid !== undefined) return { ok: false, reason: `invalid ${type.name} record: ${invalid}` };
  return { ok: true, value: data as T, fromVersion: from };
}
