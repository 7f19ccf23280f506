import assert from 'node:assert/strict';
import { createConcurrencyLimiter } from '../../src/limits/concurrency-limiter';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('concurrency limiter (probes per process)', () => {
  it('runs at most maxConcurrent tasks, queues in FIFO order, and refuses beyond the queue', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrent: 2, maxQueue: 2 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const order: number[] = [];
    let active = 0;
    let peak = 0;
    const runs = gates.map((gate, i) => limiter.run(async () => {
      active++; peak = Math.max(peak, active); order.push(i);
      await gate.promise;
      active--;
      return i;
    }));
    assert.deepEqual(limiter.stats(), { running: 2, queued: 2 });
    assert.deepEqual(await limiter.run(async () => 99), { kind: 'rejected', reason: 'queue-full' });
    gates.forEach((g) => g.resolve());
    const results = await Promise.all(runs);
    assert.deepEqual(results, [0, 1, 2, 3].map((value) => ({ kind: 'done', value })));
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.deepEqual(limiter.stats(), { running: 0, queued: 0 });
  });

  it('reports a failing task as failed and frees its slot', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrent: 1, maxQueue: 0 });
    const boom = new Error('boom');
    assert.deepEqual(await limiter.run(async () => { throw boom; }), { kind: 'failed', error: boom });
    assert.deepEqual(await limiter.run(async () => 'ok'), { kind: 'done', value: 'ok' });
  });

  it('drops a queued task whose signal aborts, without running it', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrent: 1, maxQueue: 5 });
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(async () => { ran = true; }, controller.signal);
    controller.abort();
    assert.deepEqual(await second, { kind: 'rejected', reason: 'aborted' });
    assert.equal(limiter.stats().queued, 0);
    gate.resolve();
    await first;
    assert.equal(ran, false);
    assert.deepEqual(limiter.stats(), { running: 0, queued: 0 });
  });

  it('rejects an invalid configuration clearly', () => {
    assert.throws(() => createConcurrencyLimiter({ maxConcurrent: 0, maxQueue: 1 }), /maxConcurrent 0/);
    assert.throws(() => createConcurrencyLimiter({ maxConcurrent: 1, maxQueue: -1 }), /maxQueue -1/);
  });
});
