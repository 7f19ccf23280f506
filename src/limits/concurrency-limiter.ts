/** Options of a {@link ConcurrencyLimiter}. */
export interface ConcurrencyLimiterOptions {
  /** Tasks running at once. ≥ 1. */
  readonly maxConcurrent: number;
  /** Tasks allowed to wait for a slot; beyond it new tasks are refused at once. ≥ 0. */
  readonly maxQueue: number;
}

/** Outcome of {@link ConcurrencyLimiter.run}. A task's own failure is `failed`, never a thrown error. */
export type LimitedRun<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'rejected'; readonly reason: 'queue-full' | 'aborted' };

/**
 * A small semaphore with a bounded queue, for probes per process: under load the bot answers "busy, try again"
 * instead of piling up sockets and memory.
 */
export interface ConcurrencyLimiter {
  /**
   * Runs `task` when a slot is free (FIFO). Refuses with `queue-full` when the queue is at its limit, and with
   * `aborted` when `signal` aborts while waiting (a running task is told through the same signal, not killed).
   * Never throws and never rejects.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<LimitedRun<T>>;
  /** Counts for metrics and tests. */
  stats(): { readonly running: number; readonly queued: number };
}

/** Builds a {@link ConcurrencyLimiter}. Throws only on an invalid configuration (a programming error). */
export function createConcurrencyLimiter(options: ConcurrencyLimiterOptions): ConcurrencyLimiter {
  const { maxConcurrent, maxQueue } = options;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || !Number.isInteger(maxQueue) || maxQueue < 0) {
    throw new RangeError(`invalid limits: maxConcurrent ${maxConcurrent} (integer >= 1), maxQueue ${maxQueue} (integer >= 0)`);
  }
  let running = 0;
  const waiting: Array<() => void> = [];

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  async function execute<T>(task: () => Promise<T>): Promise<LimitedRun<T>> {
    try {
      return { kind: 'done', value: await task() };
    } catch (error) {
      return { kind: 'failed', error };
    } finally {
      release();
    }
  }

  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<LimitedRun<T>> {
      if (signal?.aborted) return Promise.resolve({ kind: 'rejected', reason: 'aborted' });
      if (running < maxConcurrent) {
        running += 1;
        return execute(task);
      }
      if (waiting.length >= maxQueue) return Promise.resolve({ kind: 'rejected', reason: 'queue-full' });
      return new Promise<LimitedRun<T>>((resolve) => {
        // The slot is handed over directly (running stays the same), so a newcomer cannot overtake the queue.
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(execute(task));
        };
        const onAbort = () => {
          const at = waiting.indexOf(start);
          if (at >= 0) waiting.splice(at, 1);
          resolve({ kind: 'rejected', reason: 'aborted' });
        };
        waiting.push(start);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    stats: () => ({ running, queued: waiting.length }),
  };
}
