import assert from 'node:assert/strict';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { parseConfig } from '../../src/config/config';
import { startOtelTelemetry } from '../../src/observability/otel-start';

describe('OpenTelemetry start-up (COEXIST_TELEMETRY=otlp)', () => {
  it('COEXIST_TELEMETRY: off by default, otlp accepted (any case), anything else refused with the fix', () => {
    const parse = (value?: string) => parseConfig(value === undefined ? {} : { COEXIST_TELEMETRY: value }, '/tmp');
    const off = parse();
    assert.ok(off.ok && off.config.telemetry === 'off');
    const on = parse('OTLP');
    assert.ok(on.ok && on.config.telemetry === 'otlp');
    const bad = parse('appinsights');
    assert.ok(!bad.ok);
    assert.deepEqual(bad.errors, ['COEXIST_TELEMETRY=appinsights is not a setting: use off (default) or otlp (with OTEL_EXPORTER_OTLP_ENDPOINT).']);
  });

  it('with otlp, OTEL_EXPORTER_OTLP_ENDPOINT (and the per-signal ones) must be http(s) URLs: the exporters would silently use localhost', () => {
    const ok = parseConfig({ COEXIST_TELEMETRY: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318' }, '/tmp');
    assert.ok(ok.ok && ok.config.otlpEndpoint === 'https://collector.example:4318');
    const bad = parseConfig({ COEXIST_TELEMETRY: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://x:4317' }, '/tmp');
    assert.ok(!bad.ok);
    assert.deepEqual(bad.errors, [
      'OTEL_EXPORTER_OTLP_ENDPOINT=127.0.0.1:4318 is not an http(s) URL: use e.g. http://127.0.0.1:4318 (an OpenTelemetry Collector\'s OTLP/HTTP receiver).',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=grpc://x:4317 is not an http(s) URL: use e.g. http://127.0.0.1:4318 (an OpenTelemetry Collector\'s OTLP/HTTP receiver).',
    ]);
    const off = parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'whatever' }, '/tmp');
    assert.ok(off.ok, 'with telemetry off the OTEL_* variables are none of our business');
  });

  it('spans carry service.name coexist and the coexist scope; shutdown exports what is queued and metrics', async () => {
    const spans = new InMemorySpanExporter();
    const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const started = startOtelTelemetry({ spanExporter: spans, metricExporter: metrics });
    assert.equal(started.resource.attributes['service.name'], 'coexist');
    const span = started.hook.startSpan('turn', { 'coexist.activity.type': 'message' }, 'server');
    span.end({ ok: true });
    started.hook.trackMetric('coexist.turn.duration', 5);
    assert.equal(spans.getFinishedSpans().length, 0, 'the batch processor queues; nothing is exported inside the turn');
    await started.hook.flush();
    const exported = spans.getFinishedSpans();
    assert.equal(exported.length, 1);
    assert.equal(exported[0]!.resource.attributes['service.name'], 'coexist');
    assert.equal(exported[0]!.instrumentationScope.name, 'coexist');
    assert.ok(metrics.getMetrics().some((r) => r.scopeMetrics.some((s) => s.metrics.some((m) => m.descriptor.name === 'coexist.turn.duration'))));
    await started.shutdown();
    await started.shutdown();
  });

  it('a failing exporter never reaches the caller: failures are reported, at most once per interval', async () => {
    const failures: Array<{ signal: string; error: string }> = [];
    let exports = 0;
    const broken: SpanExporter = {
      export: (_spans: ReadableSpan[], done) => { exports += 1; done({ code: 1, error: new Error('connect ECONNREFUSED 127.0.0.1:4318') }); },
      shutdown: () => Promise.resolve(),
    };
    const started = startOtelTelemetry({ spanExporter: broken, metricExporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), onFailure: (f) => failures.push(f) });
    for (let i = 0; i < 3; i++) {
      started.hook.startSpan('turn').end({ ok: true });
      await started.hook.flush();
    }
    await started.shutdown();
    assert.equal(exports, 3);
    assert.deepEqual(failures, [{ signal: 'traces', error: 'connect ECONNREFUSED 127.0.0.1:4318' }]);
  });
});
