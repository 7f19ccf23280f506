import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { prefixUpperBound } from './keys';
import type { SqliteJournal } from './store-setting';
import { assertClaim, assertExpected, assertJob, assertOnce, newEtag, newToken, StoreClosedError, toJsonText } from './shared';
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
 * Creates the parent directory. Throws if the file cannot be opened or was written by a newer table layout.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
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
      throw new Error(`${file} was written by a newer coexist (table layout ${version}, this one knows ${SCHEMA_VERSION}); upgrade coexist or point COEXIST_STORAGE elsewhere`);
    }
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } catch (err) {
    db.close();
    throw err;
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
  const current = (key: string): Versioned<unknown> | undefined => {
    const row = q.get.get(key);
    return row ? { value: JSON.parse(row.value) as unknown, etag: row.etag } : undefined;
  };

  // Read cache of record rows (the JSON text; every read still parses its own copy). A turn reads the same few
  // records several times (the tenant's migrations for the command and again for the job upkeep, the conversation,
  // the migration a click changes); under the turns bench these reads were ~10 % of a turn's CPU. Correctness:
  // this connection's own writes drop what they touch; a commit by any other connection or process changes
  // `PRAGMA data_version`, which drops everything before the next read (SQLite §pragma_data_version).
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  const rowCache = new Map<string, { value: string; etag: string } | null>();
  const listCache = new Map<string, ReadonlyArray<{ key: string; value: string; etag: string }>>();
  // Bounded (oldest first out): ~1,000 migrations of a few KB each is a few MB at most per cache.
  const CACHE_LIMIT = 1024;
  const revalidate = (): void => {
    const version = dataVersion.get();
    if (version !== seenVersion) {
      seenVersion = version;
      rowCache.clear();
      listCache.clear();
    }
  };
  const forget = (key: string): void => {
    rowCache.delete(key);
    for (const prefix of listCache.keys()) if (prefix === '' || key.startsWith(prefix)) listCache.delete(prefix);
  };
  const remember = <V>(cache: Map<string, V>, key: string, value: V): V => {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  };
  const cachedRow = (key: string): { value: string; etag: string } | null => {
    revalidate();
    const hit = rowCache.get(key);
    return hit !== undefined ? hit : remember(rowCache, key, q.get.get(key) ?? null);
  };

  // Each write and its read-back of the winner run in one IMMEDIATE transaction: the write lock is taken up
  // front, so the busy timeout applies and the reported `current` is the record that made the write fail.
  const put = db.transaction((key: string, text: string, expected: string): PutResult => {
    const etag = newEtag();
    let changed: number;
    if (expected === '*') changed = q.putAny.run(key, text, etag).changes;
    else if (expected === 'absent') changed = q.putAbsent.run(key, text, etag).changes;
    else changed = q.putIfMatch.run(text, etag, key, expected).changes;
    return changed === 1 ? { ok: true, etag } : { ok: false, reason: 'conflict', current: current(key) };
  });
  const del = db.transaction((key: string, expected: string): DeleteResult => {
    if (expected === '*') {
      q.delAny.run(key);
      return { ok: true };
    }
    if (expected === 'absent') {
      const found = current(key);
      return found ? { ok: false, reason: 'conflict', current: found } : { ok: true };
    }
    return q.delIfMatch.run(key, expected).changes === 1 ? { ok: true } : { ok: false, reason: 'conflict', current: current(key) };
  });
  const scheduleMany = db.transaction((jobs: readonly Job[]) => {
    for (const job of jobs) {
      q.schedule.run({ id: job.id, tenantId: job.tenantId, kind: job.kind, payload: toJsonText(job.payload), dueAt: job.dueAt });
    }
  });
  const leaseCheck = (id: string): LeaseResult => (q.job.get(id) ? { ok: false, reason: 'lease-lost' } : { ok: false, reason: 'missing' });
  const complete = db.transaction((id: string, token: string): LeaseResult =>
    (q.complete.run(id, token).changes === 1 ? { ok: true } : leaseCheck(id)));
  const reschedule = db.transaction((id: string, token: string, dueAt: number, payload: string | null): LeaseResult =>
    (q.reschedule.run({ id, token, dueAt, payload }).changes === 1 ? { ok: true } : leaseCheck(id)));
  const claim = db.transaction((args: { owner: string; token: string; until: number; now: number; limit: number }) => q.claim.all(args));
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
      return row ? { value: JSON.parse(row.value) as unknown, etag: row.etag } : undefined;
    },
    async put(key, value, expected) {
      assertExpected(expected);
      const text = toJsonText(value);
      live();
      forget(key);
      return put.immediate(key, text, expected);
    },
    async delete(key, expected) {
      assertExpected(expected);
      live();
      forget(key);
      return del.immediate(key, expected);
    },
    async list(prefix): Promise<ListedRecord[]> {
      live();
      revalidate();
      const rows = listCache.get(prefix)
        ?? remember(listCache, prefix, prefix === '' ? q.listAll.all() : q.list.all(prefix, prefixUpperBound(prefix)));
      return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value) as unknown, etag: row.etag }));
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
      return q.release.run(owner).changes;
    },
    async cancel(id) {
      live();
      return q.cancel.run(id).changes === 1;
    },
    async get(id) {
      live();
      const row = q.job.get(id);
      return row ? toStored(row) : undefined;
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
