/**
 * The seam for OpenTelemetry or Application Insights: the bot reports turns, probes and failures through this
 * interface, and the default does nothing. The OpenTelemetry implementation is `./otel-hook.ts` (started by
 * `./otel-start.ts` when COEXIST_TELEMETRY=otlp); Application Insights takes its OTLP export (README, Observability).
 * Off, nothing wraps the turn path at all (`./telemetry-wiring.ts` returns the functions unchanged).
 * Attributes must never carry message text or secrets: ids, kinds, step ids, outcomes and durations only.
 */

/** Attribute values allowed on spans and metrics: no objects, so no activity can be attached whole by mistake. */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** What a span stands for: a request served (`server`), a call out (`client`), or work inside the process. */
export type TelemetrySpanKind = 'server' | 'client' | 'internal';

/** One timed unit of work (a turn, a probe, an outbound call). */
export interface TelemetrySpan {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Ends the span; `ok: false` marks it failed. Calling twice has no further effect. */
  end(outcome?: { readonly ok: boolean; readonly reason?: string }): void;
}

export interface TelemetryHook {
  /**
   * Starts a span, e.g. `turn`, `probe`, `connector.send`; `kind` as OpenTelemetry's SpanKind (a `server` span is a
   * request in Application Insights, a `client` span a dependency). Default `internal`. Must never throw.
   */
  startSpan(name: string, attributes?: TelemetryAttributes, kind?: TelemetrySpanKind): TelemetrySpan;
  /** Records a value, e.g. `turn.duration_ms`, `probe.queue_length`. Must never throw. */
  trackMetric(name: string, value: number, attributes?: TelemetryAttributes): void;
  /** Records an unexpected failure (on the span `fn` of {@link runInSpan} runs in, if any). Must never throw. */
  trackException(error: unknown, attributes?: TelemetryAttributes): void;
  /**
   * Runs `fn` with `span` as the parent of every span started inside it, across awaits (a probe inside a turn).
   * Returns what `fn` returns and throws what it throws; the hook itself never throws.
   */
  runInSpan<T>(span: TelemetrySpan, fn: () => T): T;
  /** Sends anything buffered; called by graceful shutdown before the process exits. */
  flush(): Promise<void>;
}

const noopSpan: TelemetrySpan = Object.freeze({ setAttribute: () => undefined, end: () => undefined });

/** The default hook: does nothing, costs nothing. */
export const noopTelemetry: TelemetryHook = Object.freeze({
  startSpan: () => noopSpan,
  trackMetric: () => undefined,
  trackException: () => undefined,
  runInSpan: <T>(_span: TelemetrySpan, fn: () => T): T => fn(),
  flush: () => Promise.resolve(),
});

/**
 * Wraps a hook so that a faulty exporter can never break a turn: every call is guarded, and failures are
 * reported to `onError` (usually a debug log line) instead of being thrown.
 */
export function guardTelemetry(hook: TelemetryHook, onError: (error: unknown) => void = () => undefined): TelemetryHook {
  const guard = <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) => (...args: A): R => {
    try { return fn(...args); } catch (error) { onError(error); return fallback; }
  };
  // The hook's own span behind each guarded one, so runInSpan can hand the hook the span it knows.
  const inner = new WeakMap<TelemetrySpan, TelemetrySpan>();
  return {
    startSpan: (name, attributes, kind) => {
      const span = guard((n: string, a?: TelemetryAttributes, k?: TelemetrySpanKind) => hook.startSpan(n, a, k), noopSpan)(name, attributes, kind);
      const guarded: TelemetrySpan = { setAttribute: guard((k: string, v: string | number | boolean) => span.setAttribute(k, v), undefined),
        end: guard((o?: { ok: boolean; reason?: string }) => span.end(o), undefined) };
      inner.set(guarded, span);
      return guarded;
    },
    trackMetric: guard((n: string, v: number, a?: TelemetryAttributes) => hook.trackMetric(n, v, a), undefined),
    trackException: guard((e: unknown, a?: TelemetryAttributes) => hook.trackException(e, a), undefined),
    runInSpan: <T>(span: TelemetrySpan, fn: () => T): T => {
      // fn's own exceptions pass through; a hook that fails around fn still gets fn run exactly once, and its result kept.
      let state = 'not-called' as 'not-called' | 'returned' | 'threw';
      let value: T | undefined;
      let thrown: unknown;
      const once = (): T => {
        try { value = fn(); state = 'returned'; return value; } catch (error) { state = 'threw'; thrown = error; throw error; }
      };
      try {
        return hook.runInSpan(inner.get(span) ?? span, once);
      } catch (error) {
        if (state === 'threw' && error === thrown) throw error;
        onError(error);
        if (state === 'returned') return value as T;
        if (state === 'threw') throw thrown;
        return fn();
      }
    },
    flush: async () => { try { await hook.flush(); } catch (error) { onError(error); } },
  };
}
