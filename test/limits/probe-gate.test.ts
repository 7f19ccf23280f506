import assert from 'node:assert/strict';
import { createProbeGate } from '../../src/limits/probe-gate';

describe('probe gate (concurrency + queue + deadline)', () => {
  it('answers busy beyond the queue, times out slow calls, and passes values through', async () => {
    const gate = createProbeGate({ maxConcurrent: 1, maxQueue: 1, timeoutMs: 80 });
    const slow = gate.run(() => new Promise<never>(() => undefined));
    const queued = gate.run(async () => 'second');
    assert.deepEqual(await gate.run(async () => 'third'), { kind: 'busy' });
    assert.deepEqual(await slow, { kind: 'timeout', afterMs: 80 });
    assert.deepEqual(await queued, { kind: 'ok', value: 'second' });
    assert.deepEqual(gate.stats(), { running: 0, queued: 0 });
  });

  it('reports a failing probe as error and an aborted one as aborted', async () => {
    const gate = createProbeGate({ timeoutMs: 1000 });
    const boom = new Error('boom');
    assert.deepEqual(await gate.run(async () => { throw boom; }), { kind: 'error', error: boom });
    const controller = new AbortController();
    const pending = gate.run((signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('x')))), controller.signal);
    controller.abort();
    assert.deepEqual(await pending, { kind: 'aborted' });
  });
});
