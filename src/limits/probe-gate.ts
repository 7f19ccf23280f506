import { type ConcurrencyLimiterOptions, createConcurrencyLimiter } from './concurrency-limiter';
import { runWithTimeout } from './timeout';

/** Outcome of one gated outbound call. `busy`: the queue was full (answer "try again"); `timeout`: "could not check". */
export type GatedResult<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'busy' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'error'; readonly error: unknown };

export interface ProbeGateOptions extends ConcurrencyLimiterOptions {
  /** Deadline of one call, counted from when it starts running (queueing time not included). */
  readonly timeoutMs: number;
}

/** The one gate every live probe passes in this process: bounded concurrency, a bounded queue, a deadline per call. */
export interface ProbeGate {
  /** Runs `call` under the limits; never throws, never rejects. `signal` (e.g. shutdown) aborts waiting and running. */
  run<T>(call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<GatedResult<T>>;
  stats(): { readonly running: number; readonly queued: number };
}

/** Builds a {@link ProbeGate}. Defaults suited to 2 cores: 8 probes at once, 64 waiting, 5 s each. */
export function createProbeGate(options: Partial<ProbeGateOptions> = {}): ProbeGate {
  const limiter = createConcurrencyLimiter({ maxConcurrent: options.maxConcurrent ?? 8, maxQueue: options.maxQueue ?? 64 });
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async run<T>(call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<GatedResult<T>> {
      const outcome = await limiter.run(() => runWithTimeout(call, timeoutMs, signal), signal);
      if (outcome.kind === 'rejected') return outcome.reason === 'queue-full' ? { kind: 'busy' } : { kind: 'aborted' };
      // runWithTimeout never rejects, so `failed` cannot happen; map it defensively all the same.
      if (outcome.kind === 'failed') return { kind: 'error', error: outcome.error };
      return outcome.value;
    },
    stats: () => limiter.stats(),
  };
}
