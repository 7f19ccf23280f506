/**
 * The OpenTelemetry hook with the real SDK (BasicTracerProvider, MeterProvider) and its in-memory exporters: what
 * ends up in spans, events and metrics, and that no message text, user name or secret does.
 */
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type HistogramMetricData, type MetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createOtelTelemetry } from '../../src/observability/otel-hook';
import { guardTelemetry, type TelemetryHook } from '../../src/observability/telemetry';
import { traceProbes, traceTurns } from '../../src/observability/telemetry-wiring';

const SECRET_TEXT = 'Warum kommen Mails an max.muster@meinefirma.de zurück? my-private-question-4711';
const USER_NAME = 'Max Mustermann';
const PASSWORD = 'pa55-Secret-Value';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

interface Sdk {
  hook: TelemetryHook;
  spans: () => ReadableSpan[];
  metrics: () => Promise<MetricData[]>;
  close: () => Promise<void>;
}

function startSdk(): Sdk {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const hook = guardTelemetry(createOtelTelemetry({
    tracer: tracerProvider.getTracer('coexist'), meter: meterProvider.getMeter('coexist'), secrets: [PASSWORD],
    flush: async () => { await tracerProvider.forceFlush(); await meterProvider.forceFlush(); },
  }));
  return {
    hook,
    spans: () => spanExporter.getFinishedSpans(),
    metrics: async () => {
      await meterProvider.forceFlush();
      return metricExporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    },
    close: async () => { await tracerProvider.shutdown(); await meterProvider.shutdown(); },
  };
}

/** Everything a span carries as text: attributes, status, event names and event attributes. */
function everything(spans: readonly ReadableSpan[]): string {
  return JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })) })));
}

/** A Teams message activity as botbuilder hands it to the turn handler, full of things that must not be exported. */
function messageTurn(extra: Record<string, unknown> = {}) {
  return {
    activity: {
      type: 'message', channelId: 'msteams', text: SECRET_TEXT, locale: 'de-DE',
      from: { id: '29:user', name: USER_NAME, aadObjectId: 'aad-user' }, conversation: { id: 'a:conv', tenantId: 'tenant-1' },
      value: { token: TOKEN, password: PASSWORD }, ...extra,
    },
  };
}

describe('OpenTelemetry hook (real SDK, in-memory exporters)', () => {
  let sdk: Sdk;
  beforeEach(() => { sdk = startSdk(); });
  afterEach(async () => { await sdk.close(); });

  it('a span has its name, kind and attributes (undefined ones dropped); a failure sets ERROR with the reason; ending twice changes nothing', () => {
    const span = sdk.hook.startSpan('connector.send', { 'coexist.operation': 'reply', skipped: undefined }, 'client');
    span.setAttribute('http.response.status_code', 503);
    span.end({ ok: false, reason: 'Service Unavailable' });
    span.end({ ok: true });
    span.setAttribute('late', true);
    const ok = sdk.hook.startSpan('probe');
    ok.end({ ok: true });
    const [failed, fine] = sdk.spans();
    assert.equal(failed!.name, 'connector.send');
    assert.equal(failed!.kind, SpanKind.CLIENT);
    assert.deepEqual(failed!.attributes, { 'coexist.operation': 'reply', 'http.response.status_code': 503 });
    assert.deepEqual(failed!.status, { code: SpanStatusCode.ERROR, message: 'Service Unavailable' });
    assert.equal(fine!.kind, SpanKind.INTERNAL);
    assert.equal(fine!.status.code, SpanStatusCode.UNSET, 'success leaves the status unset, as OpenTelemetry recommends');
    assert.equal(sdk.spans().length, 2);
  });

  it('a span started with a parent is its child, across awaits and for concurrent turns separately', async () => {
    const turn = async (label: string, delayMs: number) => {
      const parent = sdk.hook.startSpan(`turn-${label}`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      sdk.hook.startSpan(`child-${label}`, undefined, 'internal', parent).end();
      parent.end();
    };
    await Promise.all([turn('a', 20), turn('b', 5)]);
    sdk.hook.startSpan('outside').end();
    const byName = new Map(sdk.spans().map((s) => [s.name, s]));
    for (const label of ['a', 'b']) {
      const parent = byName.get(`turn-${label}`)!.spanContext();
      const child = byName.get(`child-${label}`)!;
      assert.equal(child.parentSpanContext?.spanId, parent.spanId, `child-${label} under turn-${label}`);
      assert.equal(child.spanContext().traceId, parent.traceId);
    }
    assert.equal(byName.get('outside')!.parentSpanContext, undefined, 'a span without a parent is a root');
  });

  it('trackException records type, scrubbed and shortened message and stack on the given span, and counts by type', async () => {
    const span = sdk.hook.startSpan('turn');
    const error = new TypeError(`cannot read Bearer ${TOKEN} with ${PASSWORD} ${'x'.repeat(1000)}`);
    sdk.hook.trackException(error, { 'coexist.activity.type': 'message' }, span);
    span.end({ ok: false, reason: 'TypeError' });
    sdk.hook.trackException('a string thrown outside any span');
    const [turn, standalone] = sdk.spans();
    const event = turn!.events.find((e) => e.name === 'exception')!;
    assert.equal(event.attributes!['exception.type'], 'TypeError');
    const message = String(event.attributes!['exception.message']);
    assert.ok(message.length <= 300, `message cut: ${message.length}`);
    assert.match(message, /^cannot read Bearer \[redacted\] with \[redacted\] x+$/);
    assert.match(String(event.attributes!['exception.stacktrace']), /^\s+at /, 'the stack without the message line');
    assert.equal(turn!.attributes['coexist.activity.type'], 'message');
    assert.equal(standalone!.name, 'exception');
    assert.equal(standalone!.status.code, SpanStatusCode.ERROR);
    const text = everything(sdk.spans());
    for (const forbidden of [TOKEN, PASSWORD, 'x'.repeat(400)]) assert.ok(!text.includes(forbidden), `${forbidden.slice(0, 20)} leaked`);
    const counter = (await sdk.metrics()).find((m) => m.descriptor.name === 'coexist.exceptions')!;
    const counts = Object.fromEntries(counter.dataPoints.map((p) => [String(p.attributes['exception.type']), p.value]));
    assert.deepEqual(counts, { TypeError: 1, Error: 1 });
  });

  it('trackMetric records a histogram per name, in ms for durations', async () => {
    sdk.hook.trackMetric('coexist.turn.duration', 12, { 'coexist.outcome': 'ok' });
    sdk.hook.trackMetric('coexist.turn.duration', 30, { 'coexist.outcome': 'ok', 'coexist.activity.name': undefined });
    sdk.hook.trackMetric('coexist.probe.queue_length', 3);
    const metrics = await sdk.metrics();
    const duration = metrics.find((m) => m.descriptor.name === 'coexist.turn.duration') as HistogramMetricData;
    assert.equal(duration.dataPointType, DataPointType.HISTOGRAM);
    assert.equal(duration.descriptor.unit, 'ms');
    assert.equal(duration.dataPoints.length, 1, 'an undefined attribute is dropped, not a data point of its own');
    assert.equal(duration.dataPoints[0]!.value.count, 2);
    assert.equal(duration.dataPoints[0]!.value.sum, 42);
    assert.deepEqual(duration.dataPoints[0]!.attributes, { 'coexist.outcome': 'ok' });
    assert.equal(metrics.find((m) => m.descriptor.name === 'coexist.probe.queue_length')!.descriptor.unit, '');
  });

  it('traceTurns: one server span per turn with type, channel and ids, the probe batch as its child; no text, name or secret anywhere', async () => {
    const probe = traceProbes(async (_migration: { domain: string }, stepIds: readonly string[]) => ({
      results: stepIds.map((id) => ({ id, status: id === 'spf' ? 'missing' : 'ok', found: SECRET_TEXT, advice: `${USER_NAME}: ${SECRET_TEXT}` })),
      spfSuggestion: 'v=spf1 include:spf.protection.outlook.com ~all',
    }), sdk.hook);
    let handled = 0;
    const handle = traceTurns(async (context: ReturnType<typeof messageTurn>) => {
      handled += 1;
      assert.equal(context.activity.text, SECRET_TEXT, 'the handler gets the context unchanged');
      await probe({ domain: 'meinefirma.de' }, ['mx', 'spf'], context.activity);
    }, sdk.hook, (activity): Record<string, string> => (activity === turnContext.activity ? { requestId: 'req-42', turnId: '5b0c3c1e-0000-4000-8000-000000000001' } : {}));
    const turnContext = messageTurn();
    await handle(turnContext);
    assert.equal(handled, 1);
    const spans = sdk.spans();
    const turn = spans.find((s) => s.name === 'turn')!;
    const batch = spans.find((s) => s.name === 'probe')!;
    assert.equal(turn.kind, SpanKind.SERVER);
    assert.deepEqual(turn.attributes, {
      'coexist.activity.type': 'message', 'coexist.channel': 'msteams', 'coexist.request_id': 'req-42',
      'coexist.turn_id': '5b0c3c1e-0000-4000-8000-000000000001', 'coexist.outcome': 'ok',
    });
    assert.equal(turn.status.code, SpanStatusCode.UNSET);
    assert.equal(batch.parentSpanContext?.spanId, turn.spanContext().spanId);
    assert.deepEqual(batch.attributes, {
      'coexist.probe.steps': 'mx,spf', 'coexist.probe.step.mx': 'ok', 'coexist.probe.step.spf': 'missing', 'coexist.probe.outcome': 'missing',
    });
    assert.equal(batch.status.code, SpanStatusCode.UNSET, 'a missing record is an answer, not a failed probe');
    const text = everything(spans);
    for (const forbidden of [SECRET_TEXT, 'my-private-question', USER_NAME, TOKEN, PASSWORD, 'max.muster', 'aad-user', 'v=spf1']) {
      assert.ok(!text.includes(forbidden), `${forbidden} leaked into ${text}`);
    }
    const metrics = await sdk.metrics();
    const turnDuration = metrics.find((m) => m.descriptor.name === 'coexist.turn.duration') as HistogramMetricData;
    assert.deepEqual(turnDuration.dataPoints.map((p) => [p.attributes, p.value.count]), [[{ 'coexist.activity.type': 'message', 'coexist.outcome': 'ok' }, 1]]);
    assert.ok(metrics.some((m) => m.descriptor.name === 'coexist.probe.duration'));
    assert.ok(!JSON.stringify(metrics.map((m) => m.dataPoints.map((p) => p.attributes))).includes('meinefirma'));
  });

  it('traceTurns: a failing turn rethrows, its span is ERROR with the exception type, and outcome error', async () => {
    class RestError extends Error { override name = 'RestError'; }
    const handle = traceTurns(async () => { throw new RestError(`connector said no to ${SECRET_TEXT}`); }, sdk.hook);
    await assert.rejects(handle(messageTurn()), /connector said no/);
    const turn = sdk.spans().find((s) => s.name === 'turn')!;
    assert.equal(turn.attributes['coexist.outcome'], 'error');
    assert.deepEqual(turn.status, { code: SpanStatusCode.ERROR, message: 'RestError' });
    assert.equal(turn.events[0]!.attributes!['exception.type'], 'RestError');
  });

  it('traceTurns: activity fields a client controls become attributes only when identifier-shaped', async () => {
    const handle = traceTurns(async () => undefined, sdk.hook);
    await handle({ activity: { type: 'invoke', name: 'adaptiveCard/action', channelId: 'msteams' } });
    await handle({ activity: { type: `message ${SECRET_TEXT}`, name: { nested: SECRET_TEXT }, channelId: 'x'.repeat(65) } });
    const [invoke, odd] = sdk.spans();
    assert.equal(invoke!.attributes['coexist.activity.name'], 'adaptiveCard/action');
    assert.deepEqual([odd!.attributes['coexist.activity.type'], odd!.attributes['coexist.activity.name'], odd!.attributes['coexist.channel']], ['other', 'other', 'other']);
    assert.ok(!everything(sdk.spans()).includes('private-question'));
  });

  it('traceTurns: the turn\'s Bot Connector calls become client spans under the turn; a refused call records its HTTP status', async () => {
    type Send = (context: unknown, activities: ReadonlyArray<{ type?: string }>, next: () => Promise<unknown>) => Promise<unknown>;
    type Update = (context: unknown, activity: unknown, next: () => Promise<void>) => Promise<void>;
    // The middleware chain of botbuilder's TurnContext, reduced to its contract: handlers wrap the real call.
    const context = {
      activity: { type: 'invoke', name: 'adaptiveCard/action', channelId: 'msteams' },
      sends: [] as Send[], updates: [] as Update[],
      onSendActivities(handler: Send) { this.sends.push(handler); return this; },
      onUpdateActivity(handler: Update) { this.updates.push(handler); return this; },
      async send(activities: Array<{ type?: string; text?: string }>, call: () => Promise<unknown>) {
        const run = (i: number): Promise<unknown> => (i < this.sends.length ? this.sends[i]!(this, activities, () => run(i + 1)) : call());
        return run(0);
      },
      async update(call: () => Promise<void>) {
        const run = (i: number): Promise<void> => (i < this.updates.length ? this.updates[i]!(this, {}, () => run(i + 1)) : call());
        return run(0);
      },
    };
    const handle = traceTurns(async (c: typeof context) => {
      await c.send([{ type: 'message', text: SECRET_TEXT }, { type: 'typing' }], async () => [{ id: '1' }]);
      await c.send([{ type: 'invokeResponse' }], async () => []);
      const refused = Object.assign(new Error('Forbidden'), { name: 'RestError', statusCode: 403 });
      await assert.rejects(c.update(async () => { throw refused; }), /Forbidden/);
    }, sdk.hook);
    await handle(context);
    const spans = sdk.spans();
    const turn = spans.find((s) => s.name === 'turn')!;
    const send = spans.find((s) => s.name === 'connector.send')!;
    const update = spans.find((s) => s.name === 'connector.update')!;
    assert.equal(spans.filter((s) => s.name.startsWith('connector.')).length, 2, 'the invoke response is the HTTP answer, no connector call');
    assert.equal(send.kind, SpanKind.CLIENT);
    assert.equal(send.parentSpanContext?.spanId, turn.spanContext().spanId);
    assert.deepEqual(send.attributes, { 'coexist.connector.operation': 'send', 'coexist.activity.types': 'message,typing', 'coexist.activity.count': 2, 'coexist.outcome': 'ok' });
    assert.equal(update.attributes['http.response.status_code'], 403);
    assert.deepEqual(update.status, { code: SpanStatusCode.ERROR, message: 'RestError' });
    assert.ok(!everything(spans).includes('private-question'));
  });

  it('traceProbes: a step that could not be checked fails the span; the batch comes back unchanged', async () => {
    const batch = { results: [{ id: 'mx', status: 'ok' }, { id: 'autodiscover', status: 'error' }] };
    const probe = traceProbes(async (_m: unknown, _ids: readonly string[]) => batch, sdk.hook);
    assert.equal(await probe({}, ['mx', 'autodiscover']), batch);
    const span = sdk.spans()[0]!;
    assert.equal(span.attributes['coexist.probe.outcome'], 'error');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
  });

  it('traceProbes: a batch without a turn (the scheduler) or with an activity no turn span is bound to is a root span', async () => {
    const probe = traceProbes(async (_m: unknown, _ids: readonly string[]) => ({ results: [] }), sdk.hook);
    await probe({}, ['mx']);
    await probe({}, ['spf'], { type: 'message' });
    assert.deepEqual(sdk.spans().map((s) => [s.name, s.parentSpanContext]), [['probe', undefined], ['probe', undefined]]);
  });
});
