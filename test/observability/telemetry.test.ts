import assert from 'node:assert/strict';
import { guardTelemetry, noopTelemetry, type TelemetryHook } from '../../src/observability/telemetry';

describe('telemetry seam', () => {
  it('the default hook does nothing and never throws', async () => {
    const span = noopTelemetry.startSpan('turn', { kind: 'message' });
    span.setAttribute('x', 1);
    span.end({ ok: true });
    noopTelemetry.trackMetric('m', 1);
    noopTelemetry.trackException(new Error('e'));
    assert.equal(await noopTelemetry.flush(), undefined);
  });

  it('a faulty exporter cannot break a turn: every call is guarded and its error reported', async () => {
    const errors: unknown[] = [];
    const broken: TelemetryHook = {
      startSpan: () => ({ setAttribute: () => { throw new Error('attr'); }, end: () => { throw new Error('end'); } }),
      trackMetric: () => { throw new Error('metric'); },
      trackException: () => { throw new Error('exception'); },
      flush: () => Promise.reject(new Error('flush')),
    };
    const safe = guardTelemetry(broken, (e) => errors.push(e));
    const span = safe.startSpan('turn');
    span.setAttribute('a', 'b');
    span.end({ ok: false, reason: 'x' });
    safe.trackMetric('m', 1);
    safe.trackException(new Error('boom'));
    await safe.flush();
    assert.deepEqual(errors.map((e) => (e as Error).message), ['attr', 'end', 'metric', 'exception', 'flush']);
  });

  it('a span that cannot be started becomes a no-op span, and the turn goes on', () => {
    const errors: unknown[] = [];
    const safe = guardTelemetry({ ...noopTelemetry, startSpan: () => { throw new Error('start'); } }, (e) => errors.push(e));
    const span = safe.startSpan('turn');
    span.setAttribute('a', 1);
    span.end();
    assert.deepEqual(errors.map((e) => (e as Error).message), ['start']);
  });

  it('hands the hook its own span as parent and as an exception\'s span, not the guard\'s wrapper', () => {
    const own = { setAttribute: () => undefined, end: () => undefined };
    const seen: unknown[] = [];
    const hook: TelemetryHook = {
      ...noopTelemetry,
      startSpan: (_name, _attributes, _kind, parent) => { seen.push(parent); return own; },
      trackException: (_error, _attributes, span) => { seen.push(span); },
    };
    const safe = guardTelemetry(hook);
    const wrapped = safe.startSpan('turn');
    assert.notEqual(wrapped, own);
    safe.startSpan('probe', undefined, 'internal', wrapped);
    safe.trackException(new Error('e'), undefined, wrapped);
    assert.deepEqual(seen, [undefined, own, own]);
  });

  it('passes calls through to a working exporter', () => {
    const seen: string[] = [];
    const hook: TelemetryHook = { ...noopTelemetry, trackMetric: (name, value) => { seen.push(`${name}=${value}`); } };
    guardTelemetry(hook).trackMetric('turn.duration_ms', 12);
    assert.deepEqual(seen, ['turn.duration_ms=12']);
  });
});
