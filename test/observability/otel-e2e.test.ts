/**
 * COEXIST_TELEMETRY=otlp end to end: the built bot as a process (`node dist/index.js`), a /help turn posted to it,
 * and a loopback HTTP server standing in for an OpenTelemetry Collector. @opentelemetry/exporter-trace-otlp-http
 * 0.208 sends OTLP/HTTP with the JSON encoding (`Content-Type: application/json`, POST /v1/traces and /v1/metrics;
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding: trace and span ids as hex strings, enums as
 * integers, attribute values as AnyValue objects such as `{"stringValue": …}`), which this server decodes.
 * Needs a fresh dist/ (`npm run build`).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { freePort, startBotProcess, type BotProcess } from '../support/bot-process';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { pollUntil } from '../support/poll';

interface AnyValue { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number }
interface KeyValue { key: string; value: AnyValue }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string; endTimeUnixNano: string; attributes?: KeyValue[]; status?: { code?: number; message?: string };
}
interface ExportTraceServiceRequest {
  resourceSpans: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans: Array<{ scope?: { name?: string }; spans: OtlpSpan[] }> }>;
}
interface ExportMetricsServiceRequest {
  resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<{ name: string; unit?: string }> }> }>;
}

/** An attribute list as a plain object (AnyValue unwrapped). */
function attributesOf(list: readonly KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = value.stringValue ?? value.boolValue ?? value.doubleValue ?? (value.intValue === undefined ? undefined : Number(value.intValue));
  return out;
}

interface Collector {
  endpoint: string;
  traces: ExportTraceServiceRequest[];
  metrics: ExportMetricsServiceRequest[];
  contentTypes: Set<string>;
  /** Raw bodies, to check that nothing secret travels at all. */
  raw: () => string;
  close: () => Promise<void>;
}

/** A stand-in OpenTelemetry Collector: OTLP/HTTP JSON on 127.0.0.1, gzip or not. `mode: 'hang'` never answers. */
async function startCollector(mode: 'ok' | 'hang' = 'ok'): Promise<Collector> {
  const traces: ExportTraceServiceRequest[] = [];
  const metrics: ExportMetricsServiceRequest[] = [];
  const contentTypes = new Set<string>();
  let raw = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode === 'hang') return;
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const text = body.toString('utf8');
      raw += text;
      contentTypes.add(String(req.headers['content-type']));
      if (req.url === '/v1/traces') traces.push(JSON.parse(text) as ExportTraceServiceRequest);
      else if (req.url === '/v1/metrics') metrics.push(JSON.parse(text) as ExportMetricsServiceRequest);
      // Two calls: restify (loaded by other test files in the same mocha run) patches writeHead, which then returns nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`, traces, metrics, contentTypes, raw: () => raw,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const SECRET_TEXT = 'private-question-text-4711';

function helpActivity(serviceUrl: string, id: string) {
  return {
    type: 'message', id, channelId: 'msteams', serviceUrl, locale: 'en-US', text: '/help',
    from: { id: '29:user-1', name: 'Max Mustermann', aadObjectId: 'aad-user-1' }, recipient: { id: '28:bot' },
    conversation: { id: 'a:conv-otel', conversationType: 'personal', tenantId: 'tenant-otel' },
    channelData: { note: SECRET_TEXT },
  };
}

async function postHelp(bot: BotProcess, connector: FakeConnector, id: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const response = await fetch(bot.endpoint, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': `req-${id}` },
    body: JSON.stringify(helpActivity(connector.serviceUrl, id)),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: Date.now() - started };
}

function allSpans(collector: Collector): Array<OtlpSpan & { resource: Record<string, unknown>; scope: string | undefined }> {
  return collector.traces.flatMap((t) => t.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) =>
    s.spans.map((span) => ({ ...span, resource: attributesOf(r.resource?.attributes), scope: s.scope?.name })))));
}

describe('telemetry end to end: the bot process exports OTLP/HTTP to a loopback collector', function () {
  this.timeout(90_000);
  let connector: FakeConnector;
  let collector: Collector | undefined;
  let bot: BotProcess | undefined;
  beforeEach(async () => { connector = await startFakeConnector(); });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await collector?.close();
    collector = undefined;
    await connector.close();
  });

  it('one /help turn arrives as a SERVER span `turn` with type, channel and ids, service.name coexist, and nothing the user wrote', async () => {
    collector = await startCollector();
    bot = await startBotProcess({ env: {
      COEXIST_STORAGE: 'memory', COEXIST_DNS_SERVERS: '127.0.0.1:9', COEXIST_TELEMETRY: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100',
    } });
    const reply = await postHelp(bot, connector, 'help-1');
    assert.equal(reply.status, 200, bot.logs());
    assert.ok(connector.calls.some((c) => c.conversationId === 'a:conv-otel'), 'the help card reached the connector');
    const c = collector;
    await pollUntil('a turn span at the collector', () => allSpans(c).some((s) => s.name === 'turn'), { timeoutMs: 15_000, intervalMs: 50, detail: () => `\n${bot!.logs().slice(-3000)}` });
    const turn = allSpans(c).find((s) => s.name === 'turn')!;
    assert.equal(turn.kind, 2, 'SPAN_KIND_SERVER');
    assert.match(turn.traceId, /^[0-9a-f]{32}$/, 'JSON encoding: hex trace id');
    assert.match(turn.spanId, /^[0-9a-f]{16}$/);
    assert.ok(BigInt(turn.endTimeUnixNano) > BigInt(turn.startTimeUnixNano));
    assert.equal(turn.resource['service.name'], 'coexist');
    assert.equal(turn.scope, 'coexist');
    const attributes = attributesOf(turn.attributes);
    assert.equal(attributes['coexist.activity.type'], 'message');
    assert.equal(attributes['coexist.channel'], 'msteams');
    assert.equal(attributes['coexist.outcome'], 'ok');
    assert.equal(attributes['coexist.request_id'], 'req-help-1');
    assert.match(String(attributes['coexist.turn_id']), /^[0-9a-f-]{36}$/);
    assert.notEqual(turn.status?.code, 2, 'not STATUS_CODE_ERROR');
    const send = allSpans(c).find((s) => s.name === 'connector.send');
    assert.ok(send, `the help card's reply to the connector: ${allSpans(c).map((s) => s.name).join(', ')}`);
    assert.equal(send.kind, 3, 'SPAN_KIND_CLIENT');
    assert.equal(send.parentSpanId, turn.spanId, 'a child of the turn');
    assert.equal(send.traceId, turn.traceId);
    assert.equal(attributesOf(send.attributes)['coexist.activity.types'], 'message');
    assert.deepEqual([...c.contentTypes], ['application/json']);

    assert.equal(await bot.stop(), 0, bot.logs());
    const metricNames = c.metrics.flatMap((m) => m.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics.map((x) => x.name))));
    assert.ok(metricNames.includes('coexist.turn.duration'), `metrics exported at shutdown: ${metricNames.join(', ')}`);
    for (const forbidden of [SECRET_TEXT, 'Max Mustermann', 'aad-user-1', '/help']) assert.ok(!c.raw().includes(forbidden), `${forbidden} was exported`);
  });

  it('a collector that refuses connections costs no turn: /help is answered, one warning, exit 0', async () => {
    const closedPort = await freePort();
    bot = await startBotProcess({ env: {
      COEXIST_STORAGE: 'memory', COEXIST_DNS_SERVERS: '127.0.0.1:9', COEXIST_TELEMETRY: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`, OTEL_BSP_SCHEDULE_DELAY: '50',
    } });
    for (let i = 0; i < 3; i++) assert.equal((await postHelp(bot, connector, `refused-${i}`)).status, 200, bot.logs());
    const b = bot;
    await pollUntil('the export failure is logged', () => b.logs().includes('telemetry: export failed'), { timeoutMs: 10_000, intervalMs: 50, detail: () => b.logs() });
    assert.equal(connector.calls.filter((call) => call.conversationId === 'a:conv-otel').length, 3, 'every turn was answered');
    assert.equal(await bot.stop(), 0, bot.logs());
    const warnings = bot.logs().split('\n').filter((line) => line.includes('telemetry: export failed')).map((line) => (JSON.parse(line) as { signal: string }).signal);
    assert.deepEqual(warnings.sort(), ['metrics', 'traces'], 'one warning per signal and minute, not one per export (metrics export at shutdown)');
  });

  it('a collector that never answers costs no turn either, and OTEL_EXPORTER_OTLP_TIMEOUT bounds the exit', async () => {
    collector = await startCollector('hang');
    bot = await startBotProcess({ env: {
      COEXIST_STORAGE: 'memory', COEXIST_DNS_SERVERS: '127.0.0.1:9', COEXIST_TELEMETRY: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    } });
    await postHelp(bot, connector, 'warm-up');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reply = await postHelp(bot, connector, 'hanging');
    assert.equal(reply.status, 200, bot.logs());
    assert.ok(reply.ms < 2000, `the turn took ${reply.ms} ms with an export hanging`);
    const started = Date.now();
    assert.equal(await bot.stop(), 0, bot.logs());
    assert.ok(Date.now() - started < 5000, 'stopped before the harness would SIGKILL it');
  });
});
