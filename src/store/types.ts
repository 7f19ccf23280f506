/**
 * The storage contract every adapter (memory, SQLite, Redis) implements. The same contract test suite
 * (`test/store/store-contract.ts`) runs against each adapter, so code above this layer never cares which one it got.
 *
 * Values are JSON: whatever `JSON.stringify` keeps is what comes back.
 */

/** A JSON value as it is stored. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A stored value together with its entity tag. The etag is opaque; compare it only for equality. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/**
 * What a write expects to find:
 * - an etag: the record must still carry exactly this etag (compare-and-set);
 * - `'absent'`: the record must not exist (create only);
 * - `'*'`: unconditional.
 */
export type Expected = string | 'absent' | '*';

/** Outcome of a conditional write. A conflict is data, never an exception; `current` is what won. */
export type PutResult<T = unknown> =
  | { ok: true; etag: string }
  | { ok: false; reason: 'conflict'; current: Versioned<T> | undefined };

/** Outcome of a conditional delete. Deleting an absent record with `'*'` or `'absent'` is ok. */
export type DeleteResult<T = unknown> =
  | { ok: true }
  | { ok: false; reason: 'conflict'; current: Versioned<T> | undefined };

/** A record found by a prefix listing. */
export interface ListedRecord<T = unknown> extends Versioned<T> {
  key: string;
}

/**
 * Raw key/value records with etags. Keys are built by `keys.ts` (escaped, tenant first); callers above the
 * repositories should not build keys by hand.
 */
export interface RecordStore {
  /** Resolves to the record or undefined. Rejects only for a broken backend (I/O error, closed store). */
  get(key: string): Promise<Versioned<unknown> | undefined>;
  /** Conditional write; see {@link Expected}. Resolves a conflict as `{ ok: false }`. */
  put(key: string, value: unknown, expected: Expected): Promise<PutResult>;
  /** Conditional delete; see {@link Expected}. */
  delete(key: string, expected: Expected): Promise<DeleteResult>;
  /**
   * Every record whose key starts with `prefix`, in key order. The prefix is compared byte-wise, never as a
   * pattern, so `*`, `%`, `_` or `[` in it match only themselves.
   */
  list(prefix: string): Promise<ListedRecord[]>;
}

/** A unit of deferred work: a reminder, a re-probe. `id` is the upsert key (see {@link JobQueue.schedule}). */
export interface Job<P = unknown> {
  id: string;
  tenantId: string;
  kind: string;
  /** Epoch milliseconds at which the job becomes due. */
  dueAt: number;
  payload: P;
}

/** A job as it is stored, with its lease state. */
export interface StoredJob<P = unknown> extends Job<P> {
  /**
   * Increases on every `schedule` and `reschedule` of this id, never on a claim. A crashed run that is claimed
   * again keeps its generation, so `job:<id>:<generation>` is the idempotency key of one run (see `markOnce`).
   */
  generation: number;
  /** Claims within this generation (1 on the first claim, 2 after one lease expired, …). */
  attempts: number;
  owner: string | undefined;
  leaseUntil: number | undefined;
}

/** A job handed to one claimer. Only the holder of `token` may complete or reschedule it. */
export interface ClaimedJob<P = unknown> extends StoredJob<P> {
  owner: string;
  token: string;
  leaseUntil: number;
}

export interface ClaimOptions {
  /** Epoch milliseconds; a job is due when `dueAt <= now` and it holds no unexpired lease. */
  now: number;
  /** At most this many jobs (>= 1). */
  limit: number;
  /** Who claims (an instance id); `releaseOwner(owner)` gives its leases back. */
  owner: string;
  /** How long the claim hides the job from others; after that it is claimable again (crash recovery). */
  leaseMs: number;
}

/** Outcome of an operation that needs the lease token. */
export type LeaseResult = { ok: true } | { ok: false; reason: 'lease-lost' | 'missing' };

export interface JobCounts {
  /** Stored jobs. */
  total: number;
  /** Claimable at `now`: due and not under an unexpired lease. */
  due: number;
  /** Under a lease that has not expired at `now`. */
  leased: number;
}

/**
 * A due-time queue kept in the store. Claims are atomic across instances: a job claimed by one owner is
 * invisible to every other claimer until its lease expires or is released.
 */
export interface JobQueue {
  /**
   * Upserts by `job.id`: a new id is created, an existing one is moved to the new due time and payload (never
   * duplicated). An existing lease is dropped, so the old holder's `complete`/`reschedule` reports `lease-lost`
   * and cannot undo the newer schedule. Increments the generation.
   */
  schedule(job: Job): Promise<void>;
  /** `schedule` for many jobs in one round trip / transaction. */
  scheduleMany(jobs: readonly Job[]): Promise<void>;
  /** Atomically claims up to `limit` due jobs, longest claimable first (due time, or end of an expired lease). */
  claimDue(options: ClaimOptions): Promise<ClaimedJob[]>;
  /** Removes the job if `token` still holds its lease. */
  complete(id: string, token: string): Promise<LeaseResult>;
  /** Moves the job to `dueAt` and drops the lease if `token` still holds it; a new generation starts. */
  reschedule(id: string, token: string, dueAt: number, payload?: unknown): Promise<LeaseResult>;
  /** Drops every lease held by `owner` (graceful shutdown); those jobs are due again at their `dueAt`. */
  releaseOwner(owner: string): Promise<number>;
  /** Removes the job whatever its lease; resolves false if there was none. */
  cancel(id: string): Promise<boolean>;
  /** The stored job or undefined. */
  get(id: string): Promise<StoredJob | undefined>;
  counts(now: number): Promise<JobCounts>;
  /**
   * A mark of which jobs exist: equal marks from two calls mean that no job was removed (completed or cancelled)
   * in between, by this handle or any other (another process included), so every job that existed at the first
   * call still exists. A job write of this handle that removes nothing (schedule, claim, reschedule, release)
   * keeps the mark; another handle's may change it. A different mark says only that something may have changed.
   * Lets a caller skip re-reading jobs it saw exist (the bot's per-turn job upkeep). Compare marks of one handle.
   */
  removalMark(): Promise<string>;
}

/** Which adapter a store is. */
export type StoreKind = 'memory' | 'sqlite' | 'redis';

export interface Store {
  readonly kind: StoreKind;
  readonly records: RecordStore;
  readonly jobs: JobQueue;
  /**
   * Resolves true only for the first call with `key` within `ttlMs` (atomic across instances): the idempotency
   * key of a side effect. Call it right before sending; a false means someone already sent.
   */
  markOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Releases connections and file handles. Idempotent. Other calls after close reject. */
  close(): Promise<void>;
}
