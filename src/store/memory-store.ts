import { assertClaim, assertExpected, assertJob, assertOnce, frozenJsonCopy, newEtag, newToken, parseStored, StoreClosedError, toJsonText } from './shared';
import type {
  ClaimedJob, ClaimOptions, DeleteResult, Expected, Job, JobCounts, JobQueue, LeaseResult, ListedRecord, PutResult,
  RecordStore, Store, StoredJob, Versioned,
} from './types';

interface MemJob {
  id: string;
  tenantId: string;
  kind: string;
  dueAt: number;
  payload: string;
  generation: number;
  attempts: number;
  owner: string | undefined;
  token: string | undefined;
  leaseUntil: number | undefined;
}

/**
 * The data behind memory stores. Several `createMemoryStore(backend)` calls on one backend behave like several
 * instances on one database (for tests of concurrent writers); values are kept as JSON text and handed out
 * deep-frozen, so a caller can never change what the store holds.
 */
export class MemoryBackend {
  /** `frozen`: a deep-frozen copy of the value written, or else the value parsed from `text` on its first read; shared by every later read. */
  readonly records = new Map<string, { text: string; etag: string; frozen?: unknown }>();
  readonly jobs = new Map<string, MemJob>();
  readonly once = new Map<string, number>();
  /** Jobs removed (completed, cancelled) on this backend by any of its stores: the queue's removal mark. */
  jobRemovals = 0;
}

function available(job: MemJob, now: number): boolean {
  return job.dueAt <= now && (job.leaseUntil === undefined || job.leaseUntil <= now);
}

/** When the job became claimable: its due time, or the end of the lease it last held. */
function availableAt(job: MemJob): number {
  return job.leaseUntil ?? job.dueAt;
}

function toStored(job: MemJob): StoredJob {
  return {
    id: job.id, tenantId: job.tenantId, kind: job.kind, dueAt: job.dueAt, payload: JSON.parse(job.payload) as unknown,
    generation: job.generation, attempts: job.attempts, owner: job.owner, leaseUntil: job.leaseUntil,
  };
}

/**
 * An in-process store for tests and `memory:`. Same contract as the others; nothing survives the process.
 * `now` is the clock for `markOnce` expiry (defaults to Date.now).
 */
export function createMemoryStore(backend = new MemoryBackend(), now: () => number = Date.now): Store {
  let closed = false;
  const live = async (): Promise<void> => {
    if (closed) throw new StoreClosedError('memory');
    // Yield once, as a real backend would, so callers cannot rely on synchronous ordering.
    await Promise.resolve();
  };
  const recordOf = (key: string): Versioned<unknown> | undefined => {
    const found = backend.records.get(key);
    if (!found) return undefined;
    if (found.frozen === undefined) found.frozen = parseStored(found.text);
    return { value: found.frozen, etag: found.etag };
  };
  const matches = (key: string, expected: Expected): boolean => {
    const found = backend.records.get(key);
    if (expected === '*') return true;
    if (expected === 'absent') return found === undefined;
    return found !== undefined && found.etag === expected;
  };

  const records: RecordStore = {
    async get(key) {
      await live();
      return recordOf(key);
    },
    async put(key, value, expected): Promise<PutResult> {
      assertExpected(expected);
      const text = toJsonText(value);
      // Taken now: the caller may change `value` while this call yields.
      const frozen = frozenJsonCopy(value, backend.records.get(key)?.frozen);
      await live();
      if (!matches(key, expected)) return { ok: false, reason: 'conflict', current: recordOf(key) };
      const etag = newEtag();
      backend.records.set(key, { text, etag, frozen });
      return { ok: true, etag };
    },
    async delete(key, expected): Promise<DeleteResult> {
      assertExpected(expected);
      await live();
      if (!matches(key, expected)) return { ok: false, reason: 'conflict', current: recordOf(key) };
      backend.records.delete(key);
      return { ok: true };
    },
    async list(prefix): Promise<ListedRecord[]> {
      await live();
      return [...backend.records.keys()].filter((key) => key.startsWith(prefix)).sort()
        .map((key) => ({ key, ...recordOf(key)! }));
    },
  };

  const upsert = (job: Job): void => {
    assertJob(job);
    const payload = toJsonText(job.payload);
    const old = backend.jobs.get(job.id);
    backend.jobs.set(job.id, {
      id: job.id, tenantId: job.tenantId, kind: job.kind, dueAt: job.dueAt, payload,
      generation: (old?.generation ?? 0) + 1, attempts: 0, owner: undefined, token: undefined, leaseUntil: undefined,
    });
  };
  const held = (id: string, token: string): LeaseResult & { job?: MemJob } => {
    const job = backend.jobs.get(id);
    if (!job) return { ok: false, reason: 'missing' };
    if (job.token !== token) return { ok: false, reason: 'lease-lost' };
    return { ok: true, job };
  };

  const jobs: JobQueue = {
    async schedule(job) {
      await live();
      upsert(job);
    },
    async scheduleMany(list) {
      await live();
      list.forEach(assertJob);
      list.forEach(upsert);
    },
    async claimDue(options: ClaimOptions): Promise<ClaimedJob[]> {
      assertClaim(options);
      await live();
      const { now, limit, owner, leaseMs } = options;
      const due = [...backend.jobs.values()].filter((job) => available(job, now))
        .sort((a, b) => availableAt(a) - availableAt(b) || (a.id < b.id ? -1 : 1)).slice(0, limit);
      const token = newToken();
      return due.map((job) => {
        job.owner = owner;
        job.token = token;
        job.leaseUntil = now + leaseMs;
        job.attempts += 1;
        return { ...toStored(job), owner, token, leaseUntil: now + leaseMs };
      });
    },
    async complete(id, token) {
      await live();
      const found = held(id, token);
      if (found.ok) {
        backend.jobs.delete(id);
        backend.jobRemovals += 1;
      }
      return found.ok ? { ok: true } : found;
    },
    async reschedule(id, token, dueAt, payload) {
      await live();
      const found = held(id, token);
      if (!found.ok || !found.job) return found;
      const job = found.job;
      if (!Number.isSafeInteger(dueAt)) throw new TypeError('dueAt must be integer epoch milliseconds');
      upsert({ id, tenantId: job.tenantId, kind: job.kind, dueAt,
        payload: payload === undefined ? JSON.parse(job.payload) as unknown : payload });
      return { ok: true };
    },
    async releaseOwner(owner) {
      await live();
      let released = 0;
      for (const job of backend.jobs.values()) {
        if (job.owner === owner) {
          job.owner = undefined;
          job.token = undefined;
          job.leaseUntil = undefined;
          released += 1;
        }
      }
      return released;
    },
    async cancel(id) {
      await live();
      const cancelled = backend.jobs.delete(id);
      if (cancelled) backend.jobRemovals += 1;
      return cancelled;
    },
    async get(id) {
      await live();
      const job = backend.jobs.get(id);
      return job ? toStored(job) : undefined;
    },
    async removalMark() {
      await live();
      return String(backend.jobRemovals);
    },
    async counts(at): Promise<JobCounts> {
      await live();
      let due = 0;
      let leased = 0;
      for (const job of backend.jobs.values()) {
        if (available(job, at)) due += 1;
        if (job.leaseUntil !== undefined && job.leaseUntil > at) leased += 1;
      }
      return { total: backend.jobs.size, due, leased };
    },
  };

  return {
    kind: 'memory',
    records,
    jobs,
    async markOnce(key, ttlMs) {
      assertOnce(key, ttlMs);
      await live();
      const t = now();
      const until = backend.once.get(key);
      if (until !== undefined && until > t) return false;
      backend.once.set(key, t + ttlMs);
      return true;
    },
    async close() {
      closed = true;
    },
  };
}
