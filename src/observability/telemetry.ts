/**
 * The seam for OpenTelemetry or Application Insights: the bot reports turns, probes and failures through this
 * interface, and the default does nothing. The OpenTelemetry implementation is `./otel-hook.ts` (started by
 * `./otel-start.ts` when COEXIST_TELEMETRY=otlp); Application Insights takes its OTLP export (docs/production.md, Observability).
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
   * request in Application Insights, a `client` span a dependency). Default `internal`. `parent` (a span this hook
   * started) makes it that span's child; without one it starts a trace of its own. Parenthood is passed, never taken
   * from an ambient async context.
   * Must never throw.
   */
  startSpan(name: string, attributes?: TelemetryAttributes, kind?: TelemetrySpanKind, parent?: TelemetrySpan): TelemetrySpan;
  /** Records a value, e.g. `turn.duration_ms`, `probe.queue_length`. Must never throw. */
  trackMetric(name: string, value: number, attributes?: TelemetryAttributes): void;
  /** Records an unexpected failure, on `span` if given (else on a span of its own). Must never throw. */
  trackException(error: unknown, attributes?: TelemetryAttributes, span?: TelemetrySpan): void;
  /** Sends anything buffered; called by graceful shutdown before the process exits. */
  flush(): Promise<void>;
}

const noopSpan: TelemetrySpan = Object.freeze({ setAttribute: () => undefined, end: () => undefined });

/** The default hook: does nothing, costs nothing. */
export const noopTelemetry: TelemetryHook = Object.freeze({
  startSpan: () => noopSpan,
  trackMetric: () => undefined,
  trackException: () => undefined,
  flush: () => Promise.resolve(),
});

/**
 * Wraps a hook so that a faulty exporter can never break a turn: every call is guarded, and failures are
 * reported to `onError` (usually a debug log line) instead of being thrown.
 */
export function guardTelemetry(hook: TelemetryHook, onError: (error: unknown) => void = () => undefined): TelemetryHook {
  const own = (span: TelemetrySpan | undefined) => (span instanceof GuardedSpan ? span.inner : span);
  return {
    startSpan: (name, attributes, kind, parent) => {
      try {
        return new GuardedSpan(hook.startSpan(name, attributes, kind, own(parent)), onError);
      } catch (error) {
        onError(error);
        return noopSpan;
      }
    },
    trackMetric: (name, value, attributes) => {
      try { hook.trackMetric(name, value, attributes); } catch (error) { onError(error); }
    },
    trackException: (error, attributes, span) => {
      try { hook.trackException(error, attributes, own(span)); } catch (failure) { onError(failure); }
    },
    flush: async () => { try { await hook.flush(); } catch (error) { onError(error); } },
  };
}

/** A span whose calls never throw; `inner` is the hook's own span, handed back to the hook as a parent. */
class GuardedSpan implements TelemetrySpan {
  constructor(readonly inner: TelemetrySpan, private readonly onError: (error: unknown) => void) {}
  setAttribute(key: string, value: string | number | boolean): void {
    try { this.inner.setAttribute(key, value); } catch (error) { this.onError(error); }
  }
  end(outcome?: { readonly ok: boolean; readonly reason?: string }): void {
    try { this.inner.end(outcome); } catch (error) { this.onError(error); }
  }
}
