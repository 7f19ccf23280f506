import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, trace,
  type Attributes, type Context, type Counter, type Histogram, type Meter, type Span, type Tracer,
} from '@opentelemetry/api';
import { makeStringScrubber } from './scrub';
import type { TelemetryAttributes, TelemetryHook, TelemetrySpan, TelemetrySpanKind } from './telemetry';

export interface OtelTelemetryOptions {
  readonly tracer: Tracer;
  readonly meter: Meter;
  /** Sends what the providers buffered (their `forceFlush`); default: nothing to send. */
  readonly flush?: () => Promise<void>;
  /** Literal secrets (BOT_PASSWORD) blanked out of recorded exception messages and stacks, as in the logs. */
  readonly secrets?: readonly string[];
}

const KINDS: Readonly<Record<TelemetrySpanKind, SpanKind>> = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL };

/** Exception messages are kept short: enough to tell failures apart, too short to carry a pasted mail. */
const MAX_EXCEPTION_MESSAGE = 300;

/**
 * `attributes` without its undefined entries, for metrics (their attribute sets are hashed and exported as given).
 * The object itself when it has none, which is the usual case: no copy per record. Spans need no such pass: the SDK
 * copies their attributes and skips undefined values itself.
 */
function toAttributes(attributes: TelemetryAttributes | undefined): Attributes | undefined {
  if (attributes === undefined) return undefined;
  let complete = true;
  for (const key in attributes) if (attributes[key] === undefined) { complete = false; break; }
  if (complete) return attributes as Attributes;
  const out: Attributes = {};
  for (const key in attributes) if (attributes[key] !== undefined) out[key] = attributes[key];
  return out;
}

/** A metric's unit from its name: durations are in milliseconds (`coexist.turn.duration`). */
function unitOf(name: string): string | undefined {
  return name.endsWith('.duration') ? 'ms' : undefined;
}

class OtelSpan implements TelemetrySpan {
  private ended = false;
  private parentContext: Context | undefined;
  constructor(readonly span: Span) {}
  /** The context that makes a span this one's child; made once, when the first child starts. */
  get context(): Context {
    return this.parentContext ??= trace.setSpan(ROOT_CONTEXT, this.span);
  }
  setAttribute(key: string, value: string | number | boolean): void {
    if (!this.ended) this.span.setAttribute(key, value);
  }
  end(outcome?: { readonly ok: boolean; readonly reason?: string }): void {
    if (this.ended) return;
    this.ended = true;
    // Success stays UNSET, as OpenTelemetry recommends for instrumentation; only failures set a status.
    if (outcome && !outcome.ok) this.span.setStatus({ code: SpanStatusCode.ERROR, ...(outcome.reason ? { message: outcome.reason } : {}) });
    this.span.end();
  }
}

/**
 * The OpenTelemetry implementation of {@link TelemetryHook} over `@opentelemetry/api`: spans from `tracer`, metrics
 * as `meter` histograms (one per name), exceptions as span events (`recordException`, message scrubbed and cut to
 * 300 characters) plus the counter `coexist.exceptions`. Parenthood is passed (`startSpan`'s `parent`), never taken
 * from an ambient async context, so every span's parent is visible where it is started; no global context manager.
 * Registers nothing global.
 * Its methods may throw what the SDK throws: wrap it in `guardTelemetry`.
 */
export function createOtelTelemetry(options: OtelTelemetryOptions): TelemetryHook {
  const histograms = new Map<string, Histogram>();
  let exceptions: Counter | undefined;
  const scrub = makeStringScrubber(options.secrets);

  const contextOf = (parent: TelemetrySpan | undefined): Context =>
    (parent instanceof OtelSpan ? parent.context : ROOT_CONTEXT);
  const startSpan = (name: string, attributes?: TelemetryAttributes, kind: TelemetrySpanKind = 'internal', parent?: TelemetrySpan): OtelSpan =>
    new OtelSpan(options.tracer.startSpan(name, attributes === undefined ? { kind: KINDS[kind] } : { kind: KINDS[kind], attributes: attributes as Attributes }, contextOf(parent)));

  return {
    startSpan,
    trackMetric(name, value, attributes) {
      let histogram = histograms.get(name);
      if (histogram === undefined) {
        const unit = unitOf(name);
        histogram = options.meter.createHistogram(name, unit ? { unit } : {});
        histograms.set(name, histogram);
      }
      // ROOT_CONTEXT: without one the SDK asks the global context manager for the active context on every record.
      histogram.record(value, toAttributes(attributes), ROOT_CONTEXT);
    },
    trackException(error, attributes, span) {
      const e = error instanceof Error ? error : new Error(typeof error === 'string' ? error : 'non-Error value thrown');
      const type = e.name || 'Error';
      exceptions ??= options.meter.createCounter('coexist.exceptions', { description: 'Unexpected failures, by exception type' });
      exceptions.add(1, { 'exception.type': type });
      const message = scrub(e.message).slice(0, MAX_EXCEPTION_MESSAGE);
      // The stack without its first line, which repeats the message uncut.
      const frames = e.stack?.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
      const current = span instanceof OtelSpan ? span.span : undefined;
      const target = current ?? startSpan('exception').span;
      target.recordException({ name: type, message, ...(frames ? { stack: scrub(frames) } : {}) });
      const extra = toAttributes(attributes);
      if (extra) target.setAttributes(extra);
      if (!current) {
        target.setStatus({ code: SpanStatusCode.ERROR, message: type });
        target.end();
      }
    },
    flush: () => options.flush?.() ?? Promise.resolve(),
  };
}
