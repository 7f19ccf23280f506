/**
 * A deadline on every store call: a stalled backend (Redis blocked by a slow command, a network partition) makes
 * the call reject with {@link StoreTimeoutError} after `timeoutMs` instead of holding the turn until Teams gives up
 * (about 15 s for an invoke) and redelivers. The call itself is not cancelled: a write may still reach the
 * backend after the deadline, which is why the error says whether the call could write.
 *
 * better-sqlite3 is synchronous: a SQLite call cannot be overtaken by a timer, it is bounded by SQLite's own busy
 * timeout instead (5 s, src/store/sqlite-store.ts). The wrapper still applies, for the asynchronous part of a call.
 */
import type { JobQueue, RecordStore, Store } from './types';

/** Default deadline: well under Teams' ~15 s invoke timeout, so the turn can still answer in time. */
export const DEFAULT_STORE_TIMEOUT_MS = 5000;

/** A store call that did not settle within its deadline. */
export class StoreTimeoutError extends Error {
  override name = 'StoreTimeoutError';
  readonly code = 'store-timeout';
  constructor(
    /** e.g. `records.get`, `jobs.claimDue`. */
    readonly operation: string,
    readonly timeoutMs: number,
    /** False for reads: then the call changed nothing. True: the write may still be applied later. */
    readonly mayHaveWritten: boolean,
  ) {
    super(`the store did not answer ${operation} within ${timeoutMs} ms`);
  }
}

/** True for a {@link StoreTimeoutError}, also one from another copy of this module. Pure. */
export function isStoreTimeout(error: unknown): error is StoreTimeoutError {
  return error instanceof StoreTimeoutError || (error as { code?: unknown } | undefined)?.code === 'store-timeout';
}

function deadline<T>(call: () => Promise<T>, operation: string, timeoutMs: number, writes: boolean): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const pending = call();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(operation, timeoutMs, writes)), timeoutMs);
  });
  // The late outcome of an abandoned call must not become an unhandled rejection.
  pending.catch(() => undefined);
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}

const RECORD_CALLS = ['get', 'put', 'delete', 'list'] as const satisfies ReadonlyArray<keyof RecordStore>;
const JOB_CALLS = [
  'schedule', 'scheduleMany', 'claimDue', 'complete', 'reschedule', 'releaseOwner', 'cancel', 'get', 'counts', 'removalMark',
] as const satisfies ReadonlyArray<keyof JobQueue>;
const READS: ReadonlySet<string> = new Set(['get', 'list', 'counts', 'removalMark']);

function wrapAll<T extends object>(target: T, names: ReadonlyArray<keyof T & string>, prefix: string, timeoutMs: number): T {
  const wrapped: Record<string, unknown> = {};
  for (const name of names) {
    const member = target[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = (...args: unknown[]) => deadline(() => member.apply(target, args), `${prefix}.${name}`, timeoutMs, !READS.has(name));
  }
  return wrapped as T;
}

/**
 * `store` with a deadline of `timeoutMs` on every call of `records`, `jobs` and `markOnce` (`close` is not bounded:
 * shutdown has its own). A call past it rejects with {@link StoreTimeoutError}; everything else is passed through.
 */
export function withStoreDeadline(store: Store, timeoutMs: number = DEFAULT_STORE_TIMEOUT_MS): Store {
  const records = wrapAll<RecordStore>(store.records, RECORD_CALLS, 'records', timeoutMs);
  const jobs = wrapAll<JobQueue>(store.jobs, JOB_CALLS, 'jobs', timeoutMs);
  return {
    kind: store.kind,
    records,
    jobs,
    markOnce: (key, ttlMs) => deadline(() => store.markOnce(key, ttlMs), 'markOnce', timeoutMs, true),
    close: () => store.close(),
  };
}
