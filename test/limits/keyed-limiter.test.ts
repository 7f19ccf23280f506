import assert from 'node:assert/strict';
import { createKeyedLimiter } from '../../src/limits/keyed-limiter';

describe('keyed limiter (in memory)', () => {
  it('keeps separate buckets per key', () => {
    let now = 0;
    const limiter = createKeyedLimiter({ bucket: { capacity: 1, refillPerSecond: 1 }, clock: () => now });
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.take('a').allowed, false);
    assert.equal(limiter.take('b').allowed, true);
    now = 1000;
    assert.equal(limiter.take('a').allowed, true);
  });

  it('peek decides without taking', () => {
    const limiter = createKeyedLimiter({ bucket: { capacity: 1, refillPerSecond: 1 }, clock: () => 0 });
    assert.equal(limiter.peek('a').allowed, true);
    assert.equal(limiter.peek('a').allowed, true);
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.peek('a').allowed, false);
  });

  it('forgets keys whose bucket has refilled (idle keys), so memory follows active users only', () => {
    let now = 0;
    const limiter = createKeyedLimiter({ bucket: { capacity: 2, refillPerSecond: 1 }, clock: () => now });
    for (let i = 0; i < 500; i++) limiter.take(`user-${i}`);
    assert.equal(limiter.size(), 500);
    now = 1000;
    limiter.take('someone-new');
    assert.equal(limiter.size(), 1);
  });

  it('never holds more than maxKeys buckets under a flood of distinct keys', () => {
    const limiter = createKeyedLimiter({ bucket: { capacity: 1, refillPerSecond: 0.001 }, clock: () => 0, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.take(`k${i}`);
    assert.equal(limiter.size(), 100);
    // The most recent keys are remembered and still limited.
    assert.equal(limiter.take('k9999').allowed, false);
  });

  it('rejects an invalid configuration clearly', () => {
    assert.throws(() => createKeyedLimiter({ bucket: { capacity: 0, refillPerSecond: 1 } }), /capacity 0/);
    assert.throws(() => createKeyedLimiter({ bucket: { capacity: 1, refillPerSecond: 0 } }), /refillPerSecond 0/);
  });
});
