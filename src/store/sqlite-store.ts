import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { prefixUpperBound } from './keys';
import { sqliteOpenError, StoreOpenError } from './open-error';
import type { SqliteJournal } from './store-setting';
import { assertClaim, assertExpected, assertJob, assertOnce, frozenJsonCopy, newEtag, newToken, parseStored, StoreClosedError, toJsonText } from './shared';
import type {
  ClaimedJob, DeleteResult, Job, JobCounts, JobQueue, LeaseResult, ListedRecord, PutResult, RecordStore, Store,
  StoredJob, Versioned,
} from './types';

export interface SqliteStoreOptions {
  /** How long a writer waits for another connection's write lock before the call rejects. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Clock for `markOnce` expiry. Default Date.now. */
  now?: () => number;
  /** `wal` (default) or `delete` for network file systems, which lack the shared memory WAL needs. */
  journal?: SqliteJournal;
}

/**
 * Table layout, versioned with `PRAGMA user_version`. A job's `available_at` is when it becomes claimable: its
 * due time, or while leased the end of the lease. One index on it serves claims, expired leases and counts, so
 * a claim reads only the due rows however many jobs are stored.
 */
const SCHEMA_VERSION = 1;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  etag TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  owner TEXT,
  token TEXT,
  lease_until INTEGER
);
CREATE INDEX IF NOT EXISTS jobs_available ON jobs (available_at, id);
CREATE INDEX IF NOT EXISTS jobs_owner ON jobs (owner) WHERE owner IS NOT NULL;
CREATE TABLE IF NOT EXISTS once (
  key TEXT PRIMARY KEY NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS once_expiry ON once (expires_at);
`;

interface JobRow {
  id: string;
  tenant_id: string;
  kind: string;
  payload: string;
  due_at: number;
  available_at: number;
  generation: number;
  attempts: number;
  owner: string | null;
  token: string | null;
  lease_until: number | null;
}

/** A record row as read, with its value parsed and frozen on first use (one parse per stored version). */
interface Row {
  value: string;
  etag: string;
  frozen?: unknown;
}
interface ListedRow {
  key: string;
  row: Row;
}

/**
 * Record and job writes by this process's handles on one file, so that a handle's read cache and job change mark
 * notice a commit of another handle in the same synchronous stretch (see the read cache in {@link openSqliteStore}). Each `:memory:` database
 * is its own.
 */
const localWriteCounters = new Map<string, { count: number }>();
function localWriteCounter(file: string): { count: number } {
  if (file === ':memory:' || file === '') return { count: 0 };
  const key = resolve(file);
  let counter = localWriteCounters.get(key);
  if (!counter) {
    counter = { count: 0 };
    localWriteCounters.set(key, counter);
  }
  return counter;
}

function toStored(row: JobRow): StoredJob {
  return {
    id: row.id, tenantId: row.tenant_id, kind: row.kind, dueAt: row.due_at, payload: JSON.parse(row.payload) as unknown,
    generation: row.generation, attempts: row.attempts, owner: row.owner ?? undefined, leaseUntil: row.lease_until ?? undefined,
  };
}

/**
 * Opens (creating if needed) the SQLite store at `file`: WAL mode, so readers never block the writer and several
 * connections or processes can share the file; a busy timeout, so concurrent writers wait instead of failing;
 * synchronous=NORMAL, which in WAL mode survives a crash of the process (not necessarily a power cut).
 * Creates the parent directory. Throws a {@link StoreOpenError} (file, cause, fix) if the file cannot be opened or
 * was written by a newer table layout.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw sqliteOpenError(file, err);
  }
  const now = options.now ?? Date.now;
  try {
    if (options.journal === 'delete') {
      db.pragma('journal_mode = DELETE');
      // With a rollback journal only FULL makes a committed transaction survive a crash of the machine.
      db.pragma('synchronous = FULL');
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    // 32 MB page cache: the claim index and hot records stay in memory with 100k+ stored jobs.
    db.pragma('cache_size = -32000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreOpenError('newer-layout', file, `the file was written by a newer coexist (table layout ${version}, this one knows ${SCHEMA_VERSION})`,
        'upgrade coexist, or point COEXIST_STORAGE elsewhere');
    }
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } catch (err) {
    db.close();
    throw sqliteOpenError(file, err);
  }

  const q = {
    get: db.prepare<[string], { value: string; etag: string }>('SELECT value, etag FROM records WHERE key = ?'),
    putAny: db.prepare('INSERT INTO records (key, value, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag'),
    putAbsent: db.prepare('INSERT OR IGNORE INTO records (key, value, etag) VALUES (?, ?, ?)'),
    putIfMatch: db.prepare('UPDATE records SET value = ?, etag = ? WHERE key = ? AND etag = ?'),
    delAny: db.prepare('DELETE FROM records WHERE key = ?'),
    delIfMatch: db.prepare('DELETE FROM records WHERE key = ? AND etag = ?'),
    list: db.prepare<[string, string], { key: string; value: string; etag: string }>(
      'SELECT key, value, etag FROM records WHERE key >= ? AND key < ? ORDER BY key'),
    listAll: db.prepare<[], { key: string; value: string; etag: string }>('SELECT key, value, etag FROM records ORDER BY key'),
    schedule: db.prepare(`INSERT INTO jobs (id, tenant_id, kind, payload, due_at, available_at, generation, attempts, owner, token, lease_until)
      VALUES (@id, @tenantId, @kind, @payload, @dueAt, @dueAt, 1, 0, NULL, NULL, NULL)
      ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, kind = excluded.kind, payload = excluded.payload,
        due_at = excluded.due_at, available_at = excluded.due_at, generation = jobs.generation + 1, attempts = 0,
        owner = NULL, token = NULL, lease_until = NULL`),
    claim: db.prepare<{ owner: string; token: string; until: number; now: number; limit: number }, JobRow>(
      `UPDATE jobs SET owner = @owner, token = @token, lease_until = @until, available_at = @until, attempts = attempts + 1
       WHERE id IN (SELECT id FROM jobs WHERE available_at <= @now ORDER BY available_at, id LIMIT @limit)
       RETURNING *`),
    complete: db.prepare('DELETE FROM jobs WHERE id = ? AND token = ?'),
    reschedule: db.prepare(`UPDATE jobs SET due_at = @dueAt, available_at = @dueAt, payload = coalesce(@payload, payload),
        generation = generation + 1, attempts = 0, owner = NULL, token = NULL, lease_until = NULL
      WHERE id = @id AND token = @token`),
    release: db.prepare('UPDATE jobs SET owner = NULL, token = NULL, lease_until = NULL, available_at = due_at WHERE owner = ?'),
    cancel: db.prepare('DELETE FROM jobs WHERE id = ?'),
    job: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?'),
    total: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM jobs'),
    due: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM jobs WHERE available_at <= ?'),
    leased: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM jobs WHERE available_at > ? AND lease_until IS NOT NULL'),
    onceExpire: db.prepare('DELETE FROM once WHERE key = ? AND expires_at <= ?'),
    onceInsert: db.prepare('INSERT OR IGNORE INTO once (key, expires_at) VALUES (?, ?)'),
    oncePurge: db.prepare('DELETE FROM once WHERE expires_at <= ?'),
  };

  let closed = false;
  const live = (): void => {
    if (closed) throw new StoreClosedError('sqlite');
  };

  // Read cache of record rows and listed prefixes (their text, parsed and frozen once when first read). A turn
  // reads the same few records several times (the tenant's migrations for the command and again for the job
  // upkeep, the conversation, the migration a click changes). Correctness, for any number of connections and
  // processes on the file:
  // - this connection's writes update what they touch in the cache (write-through), inside their transaction;
  // - a commit by any other connection changes `PRAGMA data_version` (SQLite §pragma_data_version), which drops
  //   everything. It is asked at most once per macrotask: reads in one synchronous stretch (promise continuations
  //   included) then return what was committed at that check, as if they all ran at it. Nothing can tell the two
  //   apart, except another handle of this process that commits in the same stretch; such commits bump a counter
  //   shared by this process's handles on the file, which forces the check again.
  // - a write re-checks data_version inside its IMMEDIATE transaction (no other commit can come between), so what
  //   a conflict reports and what later reads return are never older than each other.
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  const localWrites = localWriteCounter(file);
  let seenLocalWrites = localWrites.count;
  let checkedThisTask = false;
  const endTask = (): void => {
    checkedThisTask = false;
  };
  const rowCache = new Map<string, Row | null>();
  const listCache = new Map<string, readonly ListedRow[]>();
  // How many cached prefixes have each length: a write looks up only its key's prefixes of those lengths.
  const prefixLengths = new Map<number, number>();
  // Bounded (oldest first out): ~1,000 migrations of a few KB each is a few MB at most per cache.
  const CACHE_LIMIT = 1024;
  const dropAll = (): void => {
    rowCache.clear();
    listCache.clear();
    prefixLengths.clear();
  };
  const checkVersion = (): void => {
    const version = dataVersion.get();
    seenLocalWrites = localWrites.count;
    if (version !== seenVersion) {
      seenVersion = version;
      dropAll();
    }
  };
  const revalidate = (): void => {
    if (checkedThisTask && seenLocalWrites === localWrites.count) return;
    checkVersion();
    if (!checkedThisTask) {
      checkedThisTask = true;
      setImmediate(endTask);
    }
  };
  const rememberRow = (key: string, row: Row | null): Row | null => {
    if (!rowCache.has(key) && rowCache.size >= CACHE_LIMIT) rowCache.delete(rowCache.keys().next().value!);
    rowCache.set(key, row);
    return row;
  };
  const dropList = (prefix: string): void => {
    if (!listCache.delete(prefix)) return;
    const n = prefixLengths.get(prefix.length)! - 1;
    if (n === 0) prefixLengths.delete(prefix.length);
    else prefixLengths.set(prefix.length, n);
  };
  const rememberList = (prefix: string, rows: readonly ListedRow[]): readonly ListedRow[] => {
    if (listCache.size >= CACHE_LIMIT) dropList(listCache.keys().next().value!);
    listCache.set(prefix, rows);
    prefixLengths.set(prefix.length, (prefixLengths.get(prefix.length) ?? 0) + 1);
    return rows;
  };
  const cachedRow = (key: string): Row | null => {
    revalidate();
    const hit = rowCache.get(key);
    return hit !== undefined ? hit : rememberRow(key, q.get.get(key) ?? null);
  };
  /**
   * Write-through of this connection's committed write of `key` (`row` null: deleted). A cached list that holds
   * the key gets the new row in place; one that would gain the key is dropped (its order is SQLite's to decide).
   */
  const wrote = (key: string, row: Row | null): void => {
    rememberRow(key, row);
    for (const length of prefixLengths.keys()) {
      if (length > key.length) continue;
      const prefix = length === key.length ? key : key.slice(0, length);
      const rows = listCache.get(prefix);
      if (!rows) continue;
      const at = rows.findIndex((r) => r.key === key);
      if (at < 0) {
        if (row) dropList(prefix);
        continue;
      }
      const next = rows.slice();
      if (row) next[at] = { key, row };
      else next.splice(at, 1);
      listCache.set(prefix, next);
    }
  };
  const writeEnded = (): void => {
    localWrites.count += 1;
    seenLocalWrites = localWrites.count;
  };

  const valueOf = (row: Row): unknown => {
    if (row.frozen === undefined) row.frozen = parseStored(row.value);
    return row.frozen;
  };
  const parsed = (row: Row): Versioned<unknown> => ({ value: valueOf(row), etag: row.etag });
  /** Listed rows, sharing the parsed value of a cached row of the same version. */
  const listedRows = (rows: ReadonlyArray<{ key: string; value: string; etag: string }>): ListedRow[] => rows.map((found) => {
    const cached = rowCache.get(found.key);
    return { key: found.key, row: cached && cached.etag === found.etag ? cached : found };
  });

  // Each write and its read-back of the winner run in one IMMEDIATE transaction: the write lock is taken up
  // front, so the busy timeout applies and the reported `current` is the record that made the write fail. Each
  // starts with checkVersion: a commit by another connection since the last check drops the cache first.
  const put = db.transaction((key: string, text: string, expected: string, value: unknown): PutResult => {
    checkVersion();
    const etag = newEtag();
    let changed: number;
    if (expected === '*') changed = q.putAny.run(key, text, etag).changes;
    else if (expected === 'absent') changed = q.putAbsent.run(key, text, etag).changes;
    else changed = q.putIfMatch.run(text, etag, key, expected).changes;
    if (changed === 1) {
      // The next read of this version (the next turn's list or get) takes a frozen copy of the value written
      // instead of parsing the text again; what the value shares with the version cached before is not copied.
      wrote(key, { value: text, etag, frozen: frozenJsonCopy(value, rowCache.get(key)?.frozen) });
      return { ok: true, etag };
    }
    const found = rememberRow(key, q.get.get(key) ?? null);
    return { ok: false, reason: 'conflict', current: found ? parsed(found) : undefined };
  });
  const del = db.transaction((key: string, expected: string): DeleteResult => {
    checkVersion();
    if (expected === '*') {
      q.delAny.run(key);
      wrote(key, null);
      return { ok: true };
    }
    if (expected === 'absent') {
      const found = rememberRow(key, q.get.get(key) ?? null);
      return found ? { ok: false, reason: 'conflict', current: parsed(found) } : { ok: true };
    }
    if (q.delIfMatch.run(key, expected).changes === 1) {
      wrote(key, null);
      return { ok: true };
    }
    const found = rememberRow(key, q.get.get(key) ?? null);
    return { ok: false, reason: 'conflict', current: found ? parsed(found) : undefined };
  });
  // Jobs this connection removed (completed, cancelled); with data_version (other connections' commits) it makes
  // the queue's removal mark.
  let jobRemovals = 0;
  const jobChanged = (rows: number, removed = false): number => {
    if (rows > 0) {
      if (removed) jobRemovals += 1;
      // Other handles of this process check data_version again before their next mark.
      localWrites.count += 1;
    }
    return rows;
  };
  const scheduleMany = db.transaction((jobs: readonly Job[]) => {
    for (const job of jobs) {
      q.schedule.run({ id: job.id, tenantId: job.tenantId, kind: job.kind, payload: toJsonText(job.payload), dueAt: job.dueAt });
    }
    jobChanged(jobs.length);
  });
  const leaseCheck = (id: string): LeaseResult => (q.job.get(id) ? { ok: false, reason: 'lease-lost' } : { ok: false, reason: 'missing' });
  const complete = db.transaction((id: string, token: string): LeaseResult =>
    (jobChanged(q.complete.run(id, token).changes, true) === 1 ? { ok: true } : leaseCheck(id)));
  const reschedule = db.transaction((id: string, token: string, dueAt: number, payload: string | null): LeaseResult =>
    (jobChanged(q.reschedule.run({ id, token, dueAt, payload }).changes) === 1 ? { ok: true } : leaseCheck(id)));
  const claim = db.transaction((args: { owner: string; token: string; until: number; now: number; limit: number }) => {
    const rows = q.claim.all(args);
    jobChanged(rows.length);
    return rows;
  });
  let onceCalls = 0;
  const markOnce = db.transaction((key: string, ttlMs: number): boolean => {
    const t = now();
    onceCalls += 1;
    if (onceCalls % 1000 === 0) q.oncePurge.run(t);
    q.onceExpire.run(key, t);
    return q.onceInsert.run(key, t + ttlMs).changes === 1;
  });

  const records: RecordStore = {
    async get(key) {
      live();
      const row = cachedRow(key);
      return row ? parsed(row) : undefined;
    },
    async put(key, value, expected) {
      assertExpected(expected);
      const text = toJsonText(value);
      live();
      try {
        return put.immediate(key, text, expected, value);
      } catch (error) {
        // A failed transaction rolled back what it wrote through to the cache.
        dropAll();
        throw error;
      } finally {
        writeEnded();
      }
    },
    async delete(key, expected) {
      assertExpected(expected);
      live();
      try {
        return del.immediate(key, expected);
      } catch (error) {
        // A failed transaction rolled back what it wrote through to the cache.
        dropAll();
        throw error;
      } finally {
        writeEnded();
      }
    },
    async list(prefix): Promise<ListedRecord[]> {
      live();
      revalidate();
      const rows = listCache.get(prefix)
        ?? rememberList(prefix, listedRows(prefix === '' ? q.listAll.all() : q.list.all(prefix, prefixUpperBound(prefix))));
      return rows.map(({ key, row }) => ({ key, value: valueOf(row), etag: row.etag }));
    },
  };

  const jobs: JobQueue = {
    async schedule(job) {
      assertJob(job);
      live();
      scheduleMany.immediate([job]);
    },
    async scheduleMany(list) {
      list.forEach(assertJob);
      live();
      scheduleMany.immediate(list);
    },
    async claimDue(options): Promise<ClaimedJob[]> {
      assertClaim(options);
      live();
      const { now: at, limit, owner, leaseMs } = options;
      const token = newToken();
      const rows = claim.immediate({ owner, token, until: at + leaseMs, now: at, limit });
      return rows.map((row) => ({ ...toStored(row), owner, token, leaseUntil: at + leaseMs }))
        .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
    },
    async complete(id, token) {
      live();
      return complete.immediate(id, token);
    },
    async reschedule(id, token, dueAt, payload) {
      if (!Number.isSafeInteger(dueAt)) throw new TypeError('dueAt must be integer epoch milliseconds');
      const text = payload === undefined ? null : toJsonText(payload);
      live();
      return reschedule.immediate(id, token, dueAt, text);
    },
    async releaseOwner(owner) {
      live();
      return jobChanged(q.release.run(owner).changes);
    },
    async cancel(id) {
      live();
      return jobChanged(q.cancel.run(id).changes, true) === 1;
    },
    async get(id) {
      live();
      const row = q.job.get(id);
      return row ? toStored(row) : undefined;
    },
    async removalMark() {
      live();
      // The read cache's data_version check, shared with the records read in this macrotask: a mark as of that
      // check is older than the job reads that follow it, so a change after it still shows in the next mark.
      revalidate();
      return `${seenVersion}:${jobRemovals}`;
    },
    async counts(at): Promise<JobCounts> {
      live();
      return { total: q.total.get()!.n, due: q.due.get(at)!.n, leased: q.leased.get(at)!.n };
    },
  };

  return {
    kind: 'sqlite',
    records,
    jobs,
    async markOnce(key, ttlMs) {
      assertOnce(key, ttlMs);
      live();
      return markOnce.immediate(key, ttlMs);
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
