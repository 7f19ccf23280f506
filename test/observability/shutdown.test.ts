import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGracefulShutdown, exitOnSignals } from '../../src/observability/shutdown';

describe('graceful shutdown', () => {
  it('stops accepting, lets a real in-flight HTTP request finish, refuses new ones, then releases in order', async () => {
    const events: string[] = [];
    let finishSlowRequest!: () => void;
    const shutdownRef: { current?: ReturnType<typeof createGracefulShutdown> } = {};
    const server = http.createServer((req, res) => {
      const sd = shutdownRef.current!;
      if (!sd.isAccepting()) { res.writeHead(503, { connection: 'close' }).end(); return; }
      const end = sd.begin();
      if (req.url === '/slow') {
        finishSlowRequest = () => { events.push('slow request finished'); res.end('done'); end(); };
      } else { res.end('ok'); end(); }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const shutdown = createGracefulShutdown({
      stopAccepting: () => new Promise<void>((r) => { server.close(() => { events.push('listener closed'); r(); }); }),
      drainDeadlineMs: 3000,
    });
    shutdownRef.current = shutdown;
    shutdown.onRelease('release job leases', async () => { events.push('leases released'); });
    shutdown.onRelease('flush telemetry', () => { events.push('telemetry flushed'); });

    const slow = fetch(`${url}/slow`, { headers: { connection: 'close' } }).then((r) => r.text());
    while (shutdown.inFlight() === 0) await new Promise((r) => setTimeout(r, 5));
    const reportPromise = shutdown.shutdown('SIGTERM');
    assert.equal(shutdown.isAccepting(), false);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(events.length, 0, 'released or closed before the turn in flight finished');
    finishSlowRequest();
    assert.equal(await slow, 'done');
    const report = await reportPromise;
    assert.equal(report.drained, true);
    assert.equal(report.abandoned, 0);
    assert.deepEqual(report.releases.map((r) => r.outcome), ['ok', 'ok']);
    assert.deepEqual(events.slice(-2), ['leases released', 'telemetry flushed']);
    assert.ok(events.indexOf('slow request finished') < events.indexOf('leases released'));
    assert.equal(shutdown.shutdown('again'), shutdown.shutdown('again'), 'shutdown is idempotent');
    assert.equal((await shutdown.shutdown('again')).reason, 'SIGTERM');
  });

  it('gives up on work still running at the deadline, aborts its signal, and still releases', async () => {
    const shutdown = createGracefulShutdown({ stopAccepting: () => undefined, drainDeadlineMs: 100 });
    shutdown.begin();
    let released = false;
    shutdown.onRelease('leases', () => { released = true; });
    const started = Date.now();
    const report = await shutdown.shutdown('SIGTERM');
    assert.ok(Date.now() - started < 1000);
    assert.equal(report.drained, false);
    assert.equal(report.abandoned, 1);
    assert.equal(shutdown.signal.aborted, true);
    assert.equal(released, true);
  });

  it('runs every release step even when one fails or hangs, and reports each', async () => {
    const shutdown = createGracefulShutdown({ stopAccepting: () => { throw new Error('already closed'); }, releaseTimeoutMs: 80 });
    const ran: string[] = [];
    shutdown.onRelease('a', () => { ran.push('a'); throw new Error('lease store gone'); });
    shutdown.onRelease('b', () => { ran.push('b'); return new Promise<void>(() => undefined); });
    shutdown.onRelease('c', () => { ran.push('c'); });
    const report = await shutdown.shutdown('test');
    assert.deepEqual(ran, ['a', 'b', 'c']);
    assert.deepEqual(report.releases, [
      { name: 'a', outcome: 'failed', error: 'lease store gone' },
      { name: 'b', outcome: 'timeout' },
      { name: 'c', outcome: 'ok' },
    ]);
    assert.equal(report.drained, true);
  });

  it('track() counts a promise until it settles, rejected ones too', async () => {
    const shutdown = createGracefulShutdown({ stopAccepting: () => undefined });
    const failing = shutdown.track(Promise.reject(new Error('x')));
    assert.equal(shutdown.inFlight(), 1);
    await assert.rejects(failing, /x/);
    await new Promise((r) => setImmediate(r));
    assert.equal(shutdown.inFlight(), 0);
  });

  it('exits 0 after a clean shutdown on SIGTERM and 130 on a second signal', async () => {
    const listeners = new Map<string, () => void>();
    const codes: number[] = [];
    const shutdown = createGracefulShutdown({ stopAccepting: () => undefined });
    const end = shutdown.begin();
    exitOnSignals(shutdown, (code) => codes.push(code), { on: (s, l) => listeners.set(s, l) });
    listeners.get('SIGTERM')!();
    listeners.get('SIGINT')!();
    assert.deepEqual(codes, [130]);
    end();
    await shutdown.shutdown('ignored');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(codes, [130, 0]);
  });
});
