/**
 * A periodic write to the store, so readiness reports a store that answers reads but cannot write (disk full, a
 * read-only or immutable file, a Redis replica). The probe writes one small record under its own key.
 */
import type { Store } from './types';

export type WriteProbeResult = { readonly ok: true; readonly at: number } | { readonly ok: false; readonly at: number; readonly reason: string };

export interface WriteProbe {
  /** The latest probe's outcome (a probe runs at start and every `intervalMs`). */
  last(): WriteProbeResult | undefined;
  /** Runs one probe now and resolves with its outcome. Never rejects. */
  probe(): Promise<WriteProbeResult>;
  /** Stops the timer. Idempotent. */
  stop(): void;
}

/** The key the probe writes; nothing else uses it. */
export const WRITE_PROBE_KEY = 'readyz:write-probe';

/** Starts probing `store` every `intervalMs` (the timer does not keep the process alive). */
export function startWriteProbe(store: Store, options: {
  intervalMs?: number;
  clock?: () => number;
  /** Called when the outcome turns from ok to failed or back (not on the first probe when it is ok). */
  onChange?: (result: WriteProbeResult) => void;
} = {}): WriteProbe {
  const clock = options.clock ?? Date.now;
  let latest: WriteProbeResult | undefined;
  let running: Promise<WriteProbeResult> | undefined;
  const probe = (): Promise<WriteProbeResult> => {
    running ??= store.records.put(WRITE_PROBE_KEY, { at: clock() }, '*').then(
      (result): WriteProbeResult => (result.ok ? { ok: true, at: clock() } : { ok: false, at: clock(), reason: 'conflict on an unconditional write' }),
      (error: unknown): WriteProbeResult => ({ ok: false, at: clock(), reason: error instanceof Error ? error.message : String(error) }),
    ).then((result) => {
      if ((latest?.ok ?? true) !== result.ok) options.onChange?.(result);
      latest = result;
      running = undefined;
      return result;
    });
    return running;
  };
  void probe();
  const timer = setInterval(() => void probe(), options.intervalMs ?? 10_000);
  timer.unref();
  return { last: () => latest, probe, stop: () => clearInterval(timer) };
}
