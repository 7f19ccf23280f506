import { decodeRecord, encodeRecord, type RecordType } from './record-type';
import { keyParts, recordKey, tenantPrefix } from './keys';
import { deepFreeze } from './shared';
import type { DeleteResult, Expected, PutResult, RecordStore, Versioned } from './types';

/** A stored record could not be read as its type (newer schemaVersion, missing upgrade, wrong type). */
export class StoreDataError extends Error {
  override name = 'StoreDataError';
  constructor(readonly key: string, reason: string) {
    super(`${key}: ${reason}`);
  }
}

/** Outcome of a read-modify-write. `written: false` when the change function asked to leave the record as is. */
export type UpdateResult<T> =
  | { ok: true; written: true; value: T; etag: string }
  | { ok: true; written: false; value: T | undefined; etag: string | undefined }
  | { ok: false; reason: 'contended' };

export interface TenantListed<T> extends Versioned<T> {
  id: string;
}

/**
 * Records of one type, tenant-scoped by construction: every method takes the tenant first, and keys are
 * `recordKey(kind, tenantId, id)`, escaped so that no id or tenant (`../`, `:`, `*`, `%`, `/`) reaches another
 * tenant's records. Values go through the {@link RecordType}'s envelope and upgrades.
 *
 * Values read are deep-frozen and shared by every reader of the same stored version: change a copy
 * (`{ ...value, field }`), never the value itself.
 *
 * Reads throw {@link StoreDataError} for a stored record this code cannot decode (it is left untouched);
 * conflicts are results, never exceptions. Methods throw TypeError for an empty tenant or id.
 */
export class TenantRepository<T> {
  constructor(
    private readonly records: RecordStore,
    private readonly kind: string,
    private readonly type: RecordType<T>,
  ) {}

  /**
   * Decoded values by the stored value they came from. Stores hand out one frozen value per stored version, so
   * its upgrades and validation run once, not on every read; an upgraded value is frozen like the stored ones.
   */
  private readonly decoded = new WeakMap<object, T>();

  private decode(key: string, found: Versioned<unknown>): Versioned<T> {
    const stored = found.value;
    const shared = typeof stored === 'object' && stored !== null && Object.isFrozen(stored);
    const hit = shared ? this.decoded.get(stored) : undefined;
    if (hit !== undefined) return { value: hit, etag: found.etag };
    const decoded = decodeRecord(this.type, stored);
    if (!decoded.ok) throw new StoreDataError(key, decoded.reason);
    if (shared && decoded.value !== undefined) this.decoded.set(stored, deepFreeze(decoded.value));
    return { value: decoded.value, etag: found.etag };
  }

  async get(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    const key = recordKey(this.kind, tenantId, id);
    const found = await this.records.get(key);
    return found ? this.decode(key, found) : undefined;
  }

  async put(tenantId: string, id: string, value: T, expected: Expected): Promise<PutResult<T>> {
    const key = recordKey(this.kind, tenantId, id);
    const result = await this.records.put(key, encodeRecord(this.type, value), expected);
    if (result.ok) return result;
    return { ok: false, reason: 'conflict', current: result.current ? this.decode(key, result.current) : undefined };
  }

  async delete(tenantId: string, id: string, expected: Expected): Promise<DeleteResult<T>> {
    const key = recordKey(this.kind, tenantId, id);
    const result = await this.records.delete(key, expected);
    if (result.ok) return result;
    return { ok: false, reason: 'conflict', current: result.current ? this.decode(key, result.current) : undefined };
  }

  /** Every record of this tenant, ordered by escaped id. */
  async list(tenantId: string): Promise<TenantListed<T>[]> {
    const listed = await this.records.list(tenantPrefix(this.kind, tenantId));
    return listed.map((found) => {
      const parts = keyParts(found.key);
      return { id: parts[0]!, ...this.decode(found.key, found) };
    });
  }

  /**
   * Read, change, write with the read etag; on a conflict read again and re-apply `change` (up to `attempts`
   * times, with a few ms of jitter between tries). `change` must be pure: it may run several times. Returning undefined leaves the record unchanged.
   */
  async update(tenantId: string, id: string, change: (current: T | undefined) => T | undefined, attempts = 10): Promise<UpdateResult<T>> {
    let found = await this.get(tenantId, id);
    for (let i = 0; i < attempts; i += 1) {
      const next = change(found?.value);
      if (next === undefined) return { ok: true, written: false, value: found?.value, etag: found?.etag };
      const result = await this.put(tenantId, id, next, found ? found.etag : 'absent');
      if (result.ok) return { ok: true, written: true, value: next, etag: result.etag };
      found = result.current;
      // Writers that collided in lockstep would collide again; a little jitter lets one of them through.
      await new Promise((done) => setTimeout(done, Math.random() * (i + 1)));
    }
    return { ok: false, reason: 'contended' };
  }
}
