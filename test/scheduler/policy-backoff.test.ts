import { strict as assert } from 'node:assert';
import { nextRecheckAt as procedureNextRecheckAt } from '../../src/procedure';
import { nextRecheckAt, RECHECK_BASE_MS, scaleRecheck } from '../../src/scheduler/policy-backoff';

const NOW = Date.UTC(2026, 10, 26, 10, 0);
const min = (n: number) => n * 60_000;

describe('scheduler/policy-backoff', () => {
  it('is the procedure\'s policy: 1, 2, 4, 8, 16, 32 minutes, then the 60-minute cap', () => {
    const waits = Array.from({ length: 9 }, (_, attempt) => (nextRecheckAt(NOW, attempt) - NOW) / 60_000);
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    for (let attempt = 0; attempt < 9; attempt++) {
      for (const ttl of [undefined, 30, 300, 7200]) {
        assert.equal(nextRecheckAt(NOW, attempt, ttl), procedureNextRecheckAt(NOW, attempt, ttl), `attempt ${attempt} ttl ${ttl}`);
      }
    }
  });

  it('never comes back before the TTL of the record that was seen has run out', () => {
    assert.equal(nextRecheckAt(NOW, 0, 3600), NOW + 3_600_000);
    assert.equal(nextRecheckAt(NOW, 2, 239), NOW + min(4));
    assert.equal(nextRecheckAt(NOW, 2, 301), NOW + 301_000);
  });

  it('never waits longer than the hour the README promises, whatever the TTL (7200, 2^31-1, 7 days)', () => {
    for (const attempt of [0, 3, 6, 12]) {
      for (const ttl of [7200, 604_800, 86_400, 2_147_483_647]) {
        assert.equal(nextRecheckAt(NOW, attempt, ttl), NOW + min(60), `attempt ${attempt} ttl ${ttl}`);
        assert.equal(procedureNextRecheckAt(NOW, attempt, ttl), NOW + min(60));
      }
    }
    assert.equal(nextRecheckAt(NOW, 0, 2_147_483_647, { firstMs: 2000 }), NOW + 120_000, 'scaled like the hour');
  });

  it('treats unknown, negative or NaN inputs as zero instead of throwing', () => {
    assert.equal(nextRecheckAt(NOW, -3), NOW + min(1));
    assert.equal(nextRecheckAt(NOW, Number.NaN, Number.NaN), NOW + min(1));
    assert.equal(nextRecheckAt(NOW, 1, -50), NOW + min(2));
  });

  it('compresses the time scale for tests (COEXIST_RECHECK_FIRST_MS): first wait = firstMs, the rest alike', () => {
    assert.equal(RECHECK_BASE_MS, 60_000);
    assert.equal(nextRecheckAt(NOW, 0, undefined, { firstMs: 2000 }), NOW + 2000);
    assert.equal(nextRecheckAt(NOW, 1, undefined, { firstMs: 2000 }), NOW + 4000);
    assert.equal(nextRecheckAt(NOW, 0, 300, { firstMs: 2000 }), NOW + 10_000, 'TTL waits scale too');
    assert.equal(scaleRecheck(NOW, NOW + min(1), { firstMs: 500 }), NOW + 500);
    assert.equal(scaleRecheck(NOW, NOW + min(1)), NOW + min(1), 'no setting: real time');
    assert.equal(scaleRecheck(NOW, NOW - 5, { firstMs: 500 }), NOW - 5, 'overdue stays overdue');
    assert.equal(scaleRecheck(NOW, NOW + min(1), { firstMs: Number.NaN }), NOW + min(1));
  });
});
