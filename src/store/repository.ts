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

/** Returned by an {@link TenantRepository.update} change function: remove the record (eTag-checked like a write). */
export const DELETE: unique symbol = Symbol('delete');

/**
 * Outcome of a read-modify-write. `written: false` when the change function asked to leave the record as is;
 * `written: 'deleted'` when it asked to remove it. `conflicts`: eTag conflicts met (and resolved by re-applying).
 */
export type UpdateResult<T> =
  | { ok: true; written: true; value: T; etag: string; conflicts: number }
  | { ok: true; written: 'deleted'; value: undefined; etag: undefined; conflicts: number }
  | { ok: true; written: false; value: T | undefined; etag: string | undefined; conflicts: number }
  | { ok: false; reason: 'contended'; conflicts: number };

/** A change of a read-modify-write: the new value, undefined to leave the record as is, or {@link DELETE}. */
export type Change<T> = (current: T | undefined) => T | undefined | typeof DELETE;

export interface UpdateOptions<T> {
  /**
   * The record as the caller read it in this turn (`current: undefined`: it does not exist), so the update
   * starts without reading it again; a change is still written only over that eTag.
   */
  known?: { current: Versioned<T> | undefined };
  /** Conflicting writes re-applied before giving up (`contended`). Default {@link MAX_UPDATE_ATTEMPTS}. */
  attempts?: number;
}

/** Conflicting writes retried before an update gives up: a click racing a re-check needs one or two. */
export const MAX_UPDATE_ATTEMPTS = 8;

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
   * The one eTag-retry policy of the store: read (or take `options.known`), change, write or delete with that
   * eTag; on a conflict re-apply `change` to the record that won (the store answers a conflict with it, read in
   * the same transaction), with a few ms of jitter between tries, up to `options.attempts` times. `change` must
   * be pure: it may run several times. Rejects only for a broken store.
   */
  async update(tenantId: string, id: string, change: Change<T>, options: UpdateOptions<T> = {}): Promise<UpdateResult<T>> {
    const attempts = options.attempts ?? MAX_UPDATE_ATTEMPTS;
    let found = options.known ? options.known.current : await this.get(tenantId, id);
    for (let conflicts = 0; conflicts < attempts; conflicts += 1) {
      const next = change(found?.value);
      if (next === undefined || next === found?.value || (next === DELETE && found === undefined)) {
        return { ok: true, written: false, value: found?.value, etag: found?.etag, conflicts };
      }
      if (next === DELETE) {
        const deleted = await this.delete(tenantId, id, found!.etag);
        if (deleted.ok) return { ok: true, written: 'deleted', value: undefined, etag: undefined, conflicts };
        found = deleted.current;
      } else {
        const result = await this.put(tenantId, id, next, found ? found.etag : 'absent');
        if (result.ok) return { ok: true, written: true, value: next, etag: result.etag, conflicts };
        found = result.current;
      }
      // Writers that collided in lockstep would collide again; a little jitter lets one of them through.
      await new Promise((done) => setTimeout(done, Math.random() * (conflicts + 1)));
    }
    return { ok: false, reason: 'contended', conflicts: attempts };
  }
}
