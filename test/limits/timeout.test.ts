import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runWithTimeout } from '../../src/limits/timeout';

describe('runWithTimeout', () => {
  let server: http.Server;
  let url: string;
  const openSockets = new Set<import('node:net').Socket>();
  let hangClosed: Promise<void> | undefined;

  before(async () => {
    // A real HTTP server that never answers /hang and answers /fast at once.
    server = http.createServer((req, res) => {
      if (req.url === '/fast') res.end('ok');
      else hangClosed = new Promise((resolve) => req.socket.once('close', () => resolve()));
    });
    server.on('connection', (s) => { openSockets.add(s); s.on('close', () => openSockets.delete(s)); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const s of openSockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the value of a call that finishes in time', async () => {
    const result = await runWithTimeout(async (signal) => (await fetch(`${url}/fast`, { signal })).text(), 2000);
    assert.deepEqual(result, { kind: 'ok', value: 'ok' });
  });

  it('aborts a hanging outbound request at the deadline and closes its socket', async () => {
    const started = Date.now();
    const result = await runWithTimeout((signal) => fetch(`${url}/hang`, { signal }), 150);
    assert.deepEqual(result, { kind: 'timeout', afterMs: 150 });
    assert.ok(Date.now() - started < 1500);
    assert.ok(hangClosed, 'the request never reached the server');
    const closed = await Promise.race([hangClosed.then(() => true), new Promise((r) => setTimeout(() => r(false), 1000))]);
    assert.equal(closed, true, 'the aborted request left its socket open');
  });

  it('settles at the deadline even when the call ignores its signal', async () => {
    const result = await runWithTimeout(() => new Promise<never>(() => undefined), 30);
    assert.equal(result.kind, 'timeout');
  });

  it('makes no AbortController for a call that takes no signal, and still ends it at the deadline or on the parent', async () => {
    const Original = globalThis.AbortController;
    let made = 0;
    globalThis.AbortController = class extends Original {
      constructor() { super(); made += 1; }
    };
    try {
      assert.deepEqual(await runWithTimeout(async () => 7, 1000), { kind: 'ok', value: 7 });
      assert.equal((await runWithTimeout(() => new Promise<never>(() => undefined), 30)).kind, 'timeout');
      assert.equal(made, 0);
      let seen: unknown;
      assert.deepEqual(await runWithTimeout(async (signal) => { seen = signal; return 1; }, 1000), { kind: 'ok', value: 1 });
      assert.equal(made, 1);
      assert.ok(seen instanceof AbortSignal, 'a call that declares the parameter gets the signal');
    } finally {
      globalThis.AbortController = Original;
    }
    const parent = new Original();
    const pending = runWithTimeout(() => new Promise<never>(() => undefined), 5000, parent.signal);
    parent.abort();
    assert.deepEqual(await pending, { kind: 'aborted' });
  });

  it('reports a failing call as error, a throwing call too, and never rejects', async () => {
    const boom = new Error('boom');
    assert.deepEqual(await runWithTimeout(async () => { throw boom; }, 1000), { kind: 'error', error: boom });
    assert.deepEqual(await runWithTimeout(() => { throw boom; }, 1000), { kind: 'error', error: boom });
  });

  it('follows the parent signal (shutdown) and passes the abort on', async () => {
    const parent = new AbortController();
    let innerAborted = false;
    const pending = runWithTimeout((signal) => new Promise((_, reject) => {
      signal.addEventListener('abort', () => { innerAborted = true; reject(signal.reason); });
    }), 5000, parent.signal);
    parent.abort();
    assert.deepEqual(await pending, { kind: 'aborted' });
    assert.equal(innerAborted, true);
    assert.deepEqual(await runWithTimeout(async () => 1, 1000, parent.signal), { kind: 'aborted' });
  });
});
