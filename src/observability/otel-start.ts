import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createOtelTelemetry } from './otel-hook';
import { guardTelemetry, type TelemetryHook } from './telemetry';

/** The instrumentation scope of every span and metric. */
export const INSTRUMENTATION_SCOPE = 'coexist';

export interface OtelStartOptions {
  /**
   * Told when an export fails (collector down, refused, timed out), at most once per `failureReportIntervalMs` per
   * signal, and when the hook itself failed. Spans and metrics of a failed export are dropped; turns never notice.
   */
  readonly onFailure?: (what: { readonly signal: 'traces' | 'metrics' | 'hook'; readonly error: string }) => void;
  readonly failureReportIntervalMs?: number;
  /** Literal secrets (BOT_PASSWORD) kept out of recorded exceptions. */
  readonly secrets?: readonly string[];
  /** Metrics are exported this often (and at shutdown). Default 60 s, OpenTelemetry's default. */
  readonly metricIntervalMs?: number;
  /** Tests only: other exporters than OTLP/HTTP. */
  readonly spanExporter?: SpanExporter;
  readonly metricExporter?: PushMetricExporter;
}

export interface StartedOtel {
  /** Guarded: never throws into a turn. */
  readonly hook: TelemetryHook;
  readonly resource: Resource;
  /** Exports what is buffered, then stops the providers (their timers and exporters). Never rejects; idempotent. */
  shutdown(): Promise<void>;
}

interface ExportResultLike { readonly code: number; readonly error?: Error }
interface ExporterLike<T> { export(items: T, done: (result: ExportResultLike) => void): void }

/** Reports failed exports (ExportResultCode.FAILED is 1) without changing what the exporter does. */
function reportFailures<T>(exporter: ExporterLike<T>, report: (error: string) => void): void {
  const original = exporter.export.bind(exporter);
  exporter.export = (items, done) => original(items, (result) => {
    if (result.code !== 0) report(result.error?.message ?? 'export failed');
    done(result);
  });
}

/**
 * Starts OpenTelemetry for COEXIST_TELEMETRY=otlp: a tracer provider with a batch span processor and a meter provider
 * with a periodic reader, both exporting OTLP/HTTP (JSON encoding in exporter 0.208) to OTEL_EXPORTER_OTLP_ENDPOINT
 * (default http://localhost:4318; the exporters also read OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION, the
 * per-signal variants and OTEL_BSP_*), with resource `service.name` coexist (OTEL_SERVICE_NAME and
 * OTEL_RESOURCE_ATTRIBUTES override it). Registers nothing global (no global provider, context manager or diag
 * logger), so several bots in one process (tests) do not interfere. Exports run in the background: a span's end only
 * queues it (2,048 at most, then dropped). Throws only if the SDK cannot be constructed (bad OTEL_* values).
 */
export function startOtelTelemetry(options: OtelStartOptions = {}): StartedOtel {
  const interval = options.failureReportIntervalMs ?? 60_000;
  const lastReport = new Map<string, number>();
  const report = (signal: 'traces' | 'metrics' | 'hook', error: string) => {
    const now = Date.now();
    if (now - (lastReport.get(signal) ?? -Infinity) < interval) return;
    lastReport.set(signal, now);
    options.onFailure?.({ signal, error });
  };

  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'coexist' }))
    .merge(detectResources({ detectors: [envDetector] }));

  const spanExporter = options.spanExporter ?? new OTLPTraceExporter();
  reportFailures(spanExporter, (error) => report('traces', error));
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(spanExporter)] });

  const metricExporter = options.metricExporter ?? new OTLPMetricExporter();
  reportFailures(metricExporter, (error) => report('metrics', error));
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: options.metricIntervalMs ?? 60_000 })],
  });

  // A flush fails when its export fails, which reportFailures has told already.
  const flush = async () => {
    await Promise.allSettled([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
  };
  const hook = guardTelemetry(createOtelTelemetry({
    tracer: tracerProvider.getTracer(INSTRUMENTATION_SCOPE),
    meter: meterProvider.getMeter(INSTRUMENTATION_SCOPE),
    flush,
    ...(options.secrets ? { secrets: options.secrets } : {}),
  }), (error) => report('hook', error instanceof Error ? error.message : String(error)));

  let stopped: Promise<void> | undefined;
  return {
    hook,
    resource,
    shutdown: () => {
      stopped ??= Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]).then(() => undefined);
      return stopped;
    },
  };
}
