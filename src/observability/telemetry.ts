/**
 * The seam for OpenTelemetry or Application Insights, without depending on either: the bot reports turns,
 * probes and failures through this interface, and the default does nothing.
 *
 * To plug one in (no new package is needed in this repository; the adapter lives in the deployment):
 * - OpenTelemetry: `startSpan` → `tracer.startSpan(name, { attributes })`, `end` → `span.setStatus(); span.end()`,
 *   `trackMetric` → a histogram's `record(value, attributes)`, `trackException` → `span.recordException`.
 * - Application Insights (`applicationinsights` 3.x is itself OpenTelemetry-based): call `useAzureMonitor()` at
 *   start-up with `APPLICATIONINSIGHTS_CONNECTION_STRING` and use the OpenTelemetry mapping above; or with the
 *   classic client map to `trackRequest`/`trackDependency`, `trackMetric` and `trackException`.
 * Attributes must never carry message text or secrets: ids, kinds, step ids, outcomes and durations only.
 */

/** Attribute values allowed on spans and metrics: no objects, so no activity can be attached whole by mistake. */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** One timed unit of work (a turn, a probe, an outbound call). */
export interface TelemetrySpan {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Ends the span; `ok: false` marks it failed. Calling twice has no further effect. */
  end(outcome?: { readonly ok: boolean; readonly reason?: string }): void;
}

export interface TelemetryHook {
  /** Starts a span, e.g. `turn`, `probe.spf`, `connector.send`. Must never throw. */
  startSpan(name: string, attributes?: TelemetryAttributes): TelemetrySpan;
  /** Records a value, e.g. `turn.duration_ms`, `probe.queue_length`. Must never throw. */
  trackMetric(name: string, value: number, attributes?: TelemetryAttributes): void;
  /** Records an unexpected failure. Must never throw. */
  trackException(error: unknown, attributes?: TelemetryAttributes): void;
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
  const guard = <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) => (...args: A): R => {
    try { return fn(...args); } catch (error) { onError(error); return fallback; }
  };
  return {
    startSpan: (name, attributes) => {
      const span = guard((n: string, a?: TelemetryAttributes) => hook.startSpan(n, a), noopSpan)(name, attributes);
      return { setAttribute: guard((k: string, v: string | number | boolean) => span.setAttribute(k, v), undefined),
        end: guard((o?: { ok: boolean; reason?: string }) => span.end(o), undefined) };
    },
    trackMetric: guard((n: string, v: number, a?: TelemetryAttributes) => hook.trackMetric(n, v, a), undefined),
    trackException: guard((e: unknown, a?: TelemetryAttributes) => hook.trackException(e, a), undefined),
    flush: async () => { try { await hook.flush(); } catch (error) { onError(error); } },
  };
}
