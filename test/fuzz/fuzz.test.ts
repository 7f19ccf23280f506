import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { generateActivities } from './activities';
import { httpPoster, runFuzz } from './run-fuzz';

type Handler = (body: unknown) => number;

/** A tiny restify 11 endpoint with the body limits a bot should have; `handle` decides the status. */
async function startEndpoint(handle: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1_000_000, mapParams: false }));
  server.post('/api/messages', (req, res, next) => {
    // A handler that throws answers 500, as a bot server's error handler would.
    let status: number;
    try { status = handle(req.body); } catch { status = 500; }
    res.send(status);
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/messages`, close: () => new Promise<void>((resolve) => { server.close(() => resolve()); }) };
}

const echo: Handler = (body) => (body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { type?: unknown }).type === 'string' ? 200 : 400);

describe('fuzz harness', function () {
  this.timeout(120_000);

  it('generates deterministic, varied cases: valid, mutated, random and raw', () => {
    const a = [...generateActivities({ count: 2000, seed: 7, serviceUrl: 'http://127.0.0.1:1/' })];
    const b = [...generateActivities({ count: 2000, seed: 7, serviceUrl: 'http://127.0.0.1:1/' })];
    assert.deepEqual(a.map((c) => c.body), b.map((c) => c.body));
    const kinds = new Set(a.map((c) => c.kind.split(/[:[]/)[0]));
    assert.deepEqual([...kinds].sort(), ['mutated', 'random', 'raw', 'valid']);
    const text = a.map((c) => c.kind).join('\n');
    for (const expected of ['huge', 'unicode', 'nest', 'unknown-verb', 'invoke-execute', 'raw:truncated-json', 'raw:oversized', 'delete ']) {
      assert.ok(text.includes(expected), `no ${expected} case in 2000`);
    }
    const c = [...generateActivities({ count: 50, seed: 8, serviceUrl: 'http://127.0.0.1:1/' })];
    assert.notDeepEqual(c.map((x) => x.body), a.slice(0, 50).map((x) => x.body));
  });

  it('runs 10,000 activities against a restify echo endpoint with no crash, no 5xx, no unhandled rejection', async () => {
    const endpoint = await startEndpoint(echo);
    try {
      const report = await runFuzz(httpPoster(endpoint.url), { count: 10_000, seed: 1, concurrency: 16 });
      assert.equal(report.sent, 10_000);
      assert.deepEqual(report.failures, []);
      assert.deepEqual(report.unhandled, []);
      assert.equal(report.ok, true);
      assert.ok((report.byStatus['200'] ?? 0) > 1000, JSON.stringify(report.byStatus));
      assert.ok((report.byStatus['400'] ?? 0) > 100, JSON.stringify(report.byStatus));
      assert.ok((report.byStatus['413'] ?? 0) > 0, JSON.stringify(report.byStatus));
    } finally {
      await endpoint.close();
    }
  });

  it('reports 5xx answers of a buggy endpoint with the case that caused them', async () => {
    const endpoint = await startEndpoint((body) => {
      // The classic bug: trusting that `from.id` exists.
      const id = (body as { from: { id: string } }).from.id.toLowerCase();
      return id ? 200 : 400;
    });
    try {
      const report = await runFuzz(httpPoster(endpoint.url), { count: 500, seed: 3 });
      assert.equal(report.ok, false);
      assert.ok(report.failures.length > 0);
      assert.ok(report.failures.every((f) => f.problem === 'server-error' && f.detail === 'HTTP 500'));
      assert.ok(report.failures[0]!.sample.length > 0);
      const total = Object.values(report.failureCounts).reduce((a, b) => a + b, 0);
      assert.ok(total >= report.failures.length);
      assert.ok(Object.keys(report.failureCounts).every((k) => k.startsWith('server-error 500 ')), Object.keys(report.failureCounts).join());
    } finally {
      await endpoint.close();
    }
  });

  it('reports unhandled rejections raised in this process while the run lasts', async () => {
    const endpoint = await startEndpoint((body) => {
      if ((body as { type?: unknown } | null)?.type === 'invoke') void Promise.reject(new Error('forgotten await in invoke handler'));
      return 200;
    });
    // mocha fails a test on any unhandled rejection; hand them to the harness alone for this test.
    const mochaListeners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    try {
      const report = await runFuzz(httpPoster(endpoint.url), { count: 300, seed: 5 });
      assert.equal(report.ok, false);
      assert.ok(report.unhandled.some((u) => u.includes('forgotten await in invoke handler')), report.unhandled.join('\n'));
    } finally {
      for (const l of mochaListeners) process.on('unhandledRejection', l);
      await endpoint.close();
    }
  });

  it('reports a dead endpoint as no-answer (a crash), not as success', async () => {
    const endpoint = await startEndpoint(echo);
    await endpoint.close();
    const report = await runFuzz(httpPoster(endpoint.url, 2000), { count: 20, seed: 2, concurrency: 2 });
    assert.equal(report.ok, false);
    assert.equal(report.byStatus.none, 20);
    assert.match(report.failures[0]!.detail, /ECONNREFUSED|fetch failed/);
  });
});
