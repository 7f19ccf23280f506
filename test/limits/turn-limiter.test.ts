import assert from 'node:assert/strict';
import { createTurnLimiter, defaultTurnLimitPolicy } from '../../src/limits/turn-limiter';
import { rateLimitedText, retryAfterSeconds, probesBusyText } from '../../src/limits/messages';

const policy = {
  turn: { perUser: { capacity: 2, refillPerSecond: 1 }, perTenant: { capacity: 3, refillPerSecond: 1 } },
  migration: { perUser: { capacity: 1, refillPerSecond: 1 }, perTenant: { capacity: 1, refillPerSecond: 1 } },
  probe: { perUser: { capacity: 5, refillPerSecond: 1 }, perTenant: { capacity: 5, refillPerSecond: 1 } },
};

describe('turn limiter (per tenant and per user)', () => {
  it('limits one user without affecting a colleague until the tenant budget is spent', () => {
    const limiter = createTurnLimiter({ policy, clock: () => 0 });
    const alice = { tenantId: 't1', userId: 'alice' };
    const bob = { tenantId: 't1', userId: 'bob' };
    assert.equal(limiter.check('turn', alice).allowed, true);
    assert.equal(limiter.check('turn', alice).allowed, true);
    assert.deepEqual(limiter.check('turn', alice), { allowed: false, retryAfterMs: 1000 });
    assert.equal(limiter.check('turn', bob).allowed, true);
    // Tenant bucket (3) is now empty: bob is refused although his own bucket has a token left.
    assert.equal(limiter.check('turn', bob).allowed, false);
    assert.equal(limiter.check('turn', { tenantId: 't2', userId: 'bob' }).allowed, true);
  });

  it('a refusal by the tenant takes nothing from the user', () => {
    let now = 0;
    const limiter = createTurnLimiter({ policy, clock: () => now });
    for (const u of ['a', 'b', 'c']) limiter.check('turn', { tenantId: 't', userId: u });
    assert.equal(limiter.check('turn', { tenantId: 't', userId: 'd' }).allowed, false);
    now = 1000;
    // 'd' still has both of its own tokens: one tenant token came back, so one command goes through.
    assert.equal(limiter.check('turn', { tenantId: 't', userId: 'd' }).allowed, true);
  });

  it('keeps commands and probes apart and honours the cost of a multi-step probe', () => {
    const limiter = createTurnLimiter({ policy, clock: () => 0 });
    const who = { tenantId: 't', userId: 'u' };
    assert.equal(limiter.check('probe', who, 5).allowed, true);
    assert.equal(limiter.check('probe', who, 1).allowed, false);
    assert.equal(limiter.check('turn', who).allowed, true);
  });

  it('puts activities without ids into one shared bucket instead of letting them through', () => {
    const limiter = createTurnLimiter({ policy, clock: () => 0 });
    limiter.check('turn', {});
    limiter.check('turn', {});
    assert.equal(limiter.check('turn', { tenantId: undefined, userId: '' }).allowed, false);
  });

  it('the default policy stops a DNS cannon within seconds', () => {
    const limiter = createTurnLimiter({ policy: defaultTurnLimitPolicy, clock: () => 0 });
    let allowed = 0;
    for (let i = 0; i < 1000; i++) if (limiter.check('probe', { tenantId: 't', userId: 'u' }).allowed) allowed++;
    assert.equal(allowed, defaultTurnLimitPolicy.probe.perUser.capacity);
  });
});

describe('rate-limit refusal texts', () => {
  it('answers in the user\'s language with whole seconds', () => {
    assert.equal(rateLimitedText('de', 2500), 'Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in 3 Sekunden erneut.');
    assert.equal(rateLimitedText('en', 2500), 'Too many requests in a short time. Please try again in 3 seconds.');
    assert.match(rateLimitedText('de', 10), /in 1 Sekunde erneut/);
    assert.match(rateLimitedText('en', 0), /in 1 second\./);
    assert.notEqual(probesBusyText('de'), probesBusyText('en'));
  });

  it('never shows zero, negative or NaN seconds', () => {
    assert.equal(retryAfterSeconds(0), 1);
    assert.equal(retryAfterSeconds(-5), 1);
    assert.equal(retryAfterSeconds(Number.NaN), 1);
    assert.equal(retryAfterSeconds(60_001), 61);
  });
});
