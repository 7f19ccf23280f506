/**
 * The turn and probe wrappers around the real migration bot (SQLite store, loopback DNS server, botbuilder's
 * TestAdapter), exported through the real OpenTelemetry SDK: a "Check now" click's probe batch is a child of the
 * click's turn span, carried on the turn's activity (no AsyncLocalStorage), also for concurrent turns.
 */
import assert from 'node:assert/strict';
import { SpanKind } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { VERBS } from '../../src/cards/actions';
import { createOtelTelemetry } from '../../src/observability/otel-hook';
import { guardTelemetry } from '../../src/observability/telemetry';
import { traceProbes, traceTurns } from '../../src/observability/telemetry-wiring';
import { ADMIN, button, cardsOf, click, DOMAIN, MS_VALUE, say, startRig, type Rig } from '../bot/migration-harness';

const INPUTS = { verificationValue: MS_VALUE, tenantName: 'meinefirma.onmicrosoft.com', provider: 'strato' };

describe('telemetry wiring around the migration bot', () => {
  let rig: Rig;
  let exporter: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;
  let meterProvider: MeterProvider;

  beforeEach(async () => {
    rig = await startRig();
    exporter = new InMemorySpanExporter();
    tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    meterProvider = new MeterProvider();
    const hook = guardTelemetry(createOtelTelemetry({ tracer: tracerProvider.getTracer('coexist'), meter: meterProvider.getMeter('coexist') }));
    // As the composition root wires it: probes and the turn handler wrapped, the bot unchanged.
    rig.deps.probe = traceProbes(rig.deps.probe, hook);
    rig.bot = { ...rig.bot, handleTurn: traceTurns(rig.bot.handleTurn, hook) };
  });
  afterEach(async () => {
    await rig.close();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });

  it('the probe batch of each "Check now" click is a child of that click\'s turn span, also for concurrent clicks', async () => {
    const form = cardsOf(await say(rig, ADMIN, `/migrate ${DOMAIN}`))[0]!;
    const save = button(form, VERBS.inputs);
    const card = (await click(rig, ADMIN, save.verb, { ...save.data, ...INPUTS })).card;
    const check = button(card, VERBS.check, { stepId: 'verify-domain' });
    exporter.reset();

    await Promise.all([0, 1, 2].map(() => click(rig, ADMIN, check.verb, { ...check.data, stepId: 'mx' })));

    const spans = exporter.getFinishedSpans();
    const turns = spans.filter((s) => s.name === 'turn');
    const probes = spans.filter((s) => s.name === 'probe');
    assert.equal(turns.length, 3);
    assert.equal(probes.length, 3);
    assert.ok(turns.every((t) => t.kind === SpanKind.SERVER && t.attributes['coexist.activity.name'] === 'adaptiveCard/action'));
    const turnIds = new Set(turns.map((t) => t.spanContext().spanId));
    const parents = probes.map((p) => p.parentSpanContext?.spanId);
    assert.ok(parents.every((id) => id !== undefined && turnIds.has(id)), `probe parents ${parents.join(',')} not among the turns`);
    assert.equal(new Set(parents).size, 3, 'each click has its own probe child');
    for (const probe of probes) {
      const turn = turns.find((t) => t.spanContext().spanId === probe.parentSpanContext!.spanId)!;
      assert.equal(probe.spanContext().traceId, turn.spanContext().traceId);
      assert.equal(probe.attributes['coexist.probe.steps'], 'mx');
    }
  });
});
