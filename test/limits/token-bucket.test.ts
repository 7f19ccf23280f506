import assert from 'node:assert/strict';
import { fullBucket, isBucketIdle, refillBucket, takeFromBucket } from '../../src/limits/token-bucket';

describe('token bucket (pure)', () => {
  const config = { capacity: 3, refillPerSecond: 1 };

  it('allows a burst up to capacity, then refuses with the time until the next token', () => {
    let state = fullBucket(config, 0);
    for (let i = 0; i < 3; i++) {
      const [decision, next] = takeFromBucket(state, config, 0);
      assert.deepEqual(decision, { allowed: true });
      state = next;
    }
    const [refused] = takeFromBucket(state, config, 0);
    assert.deepEqual(refused, { allowed: false, retryAfterMs: 1000 });
    const [later] = takeFromBucket(state, config, 400);
    assert.deepEqual(later, { allowed: false, retryAfterMs: 600 });
    const [allowed] = takeFromBucket(state, config, 1000);
    assert.deepEqual(allowed, { allowed: true });
  });

  it('a refusal takes nothing, so it does not push the next allowed time further out', () => {
    const empty = { tokens: 0, updatedAt: 0 };
    const [, afterRefusal] = takeFromBucket(empty, config, 500);
    assert.equal(afterRefusal.tokens, 0.5);
    const [decision] = takeFromBucket(afterRefusal, config, 1000);
    assert.deepEqual(decision, { allowed: true });
  });

  it('never refills above capacity and ignores a clock going backwards', () => {
    assert.equal(refillBucket({ tokens: 0, updatedAt: 0 }, config, 60_000).tokens, 3);
    assert.deepEqual(refillBucket({ tokens: 1, updatedAt: 5000 }, config, 1000), { tokens: 1, updatedAt: 5000 });
  });

  it('reports idleness only once the bucket is full again', () => {
    assert.equal(isBucketIdle({ tokens: 2, updatedAt: 0 }, config, 999), false);
    assert.equal(isBucketIdle({ tokens: 2, updatedAt: 0 }, config, 1000), true);
  });

  it('rounds retryAfterMs up to whole milliseconds for fractional rates', () => {
    const slow = { capacity: 1, refillPerSecond: 1 / 3 };
    const [decision] = takeFromBucket({ tokens: 0, updatedAt: 0 }, slow, 0);
    assert.deepEqual(decision, { allowed: false, retryAfterMs: 3000 });
  });

  it('treats a cost above capacity as a full bucket, so a big request is delayed, not refused forever', () => {
    const [now] = takeFromBucket({ tokens: 3, updatedAt: 0 }, config, 0, 10);
    assert.deepEqual(now, { allowed: true });
    const [later] = takeFromBucket({ tokens: 1, updatedAt: 0 }, config, 0, 10);
    assert.deepEqual(later, { allowed: false, retryAfterMs: 2000 });
  });
});
