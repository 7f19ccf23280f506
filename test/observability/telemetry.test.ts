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
      runInSpan: () => { throw new Error('run'); },
      flush: () => Promise.reject(new Error('flush')),
    };
    const safe = guardTelemetry(broken, (e) => errors.push(e));
    const span = safe.startSpan('turn');
    span.setAttribute('a', 'b');
    span.end({ ok: false, reason: 'x' });
    safe.trackMetric('m', 1);
    safe.trackException(new Error('boom'));
    let runs = 0;
    assert.equal(safe.runInSpan(span, () => { runs += 1; return 'turn result'; }), 'turn result');
    assert.equal(runs, 1, 'the work runs once even though the hook failed before running it');
    await safe.flush();
    assert.deepEqual(errors.map((e) => (e as Error).message), ['attr', 'end', 'metric', 'exception', 'run', 'flush']);
  });

  it('runInSpan: the work\'s own exception passes through unreported; a hook failing after the work keeps its result', () => {
    const errors: unknown[] = [];
    const afterwards: TelemetryHook = { ...noopTelemetry, runInSpan: (_span, fn) => { fn(); throw new Error('after'); } };
    const safe = guardTelemetry(afterwards, (e) => errors.push(e));
    let runs = 0;
    assert.equal(safe.runInSpan(safe.startSpan('turn'), () => { runs += 1; return 42; }), 42);
    assert.throws(() => safe.runInSpan(safe.startSpan('turn'), () => { runs += 1; throw new Error('handler failed'); }), /handler failed/);
    assert.equal(runs, 2);
    assert.deepEqual(errors.map((e) => (e as Error).message), ['after']);
  });

  it('runInSpan hands the hook its own span, not the guard\'s wrapper', () => {
    const own = { setAttribute: () => undefined, end: () => undefined };
    let seen: unknown;
    const hook: TelemetryHook = { ...noopTelemetry, startSpan: () => own, runInSpan: (span, fn) => { seen = span; return fn(); } };
    const safe = guardTelemetry(hook);
    const wrapped = safe.startSpan('turn');
    assert.notEqual(wrapped, own);
    safe.runInSpan(wrapped, () => undefined);
    assert.equal(seen, own);
  });

  it('passes calls through to a working exporter', () => {
    const seen: string[] = [];
    const hook: TelemetryHook = { ...noopTelemetry, trackMetric: (name, value) => { seen.push(`${name}=${value}`); } };
    guardTelemetry(hook).trackMetric('turn.duration_ms', 12);
    assert.deepEqual(seen, ['turn.duration_ms=12']);
  });
});
