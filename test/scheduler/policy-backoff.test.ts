import { strict as assert } from 'node:assert';
import { DEFAULT_BACKOFF_MINUTES, nextRecheckAt } from '../../src/scheduler/policy-backoff';

const NOW = Date.UTC(2026, 10, 26, 10, 0);
const min = (n: number) => n * 60_000;

describe('scheduler/policy-backoff', () => {
  it('waits 1, 2, 5, 10, 15, 30, 60 minutes and then stays at the 60-minute cap', () => {
    const waits = Array.from({ length: 10 }, (_, attempt) => (nextRecheckAt(NOW, attempt) - NOW) / 60_000);
    assert.deepEqual(waits, [1, 2, 5, 10, 15, 30, 60, 60, 60, 60]);
    assert.deepEqual([...DEFAULT_BACKOFF_MINUTES], [1, 2, 5, 10, 15, 30, 60]);
  });

  it('never comes back before the TTL of the record that was seen has run out', () => {
    assert.equal(nextRecheckAt(NOW, 0, 3600), NOW + 3_600_000);
    assert.equal(nextRecheckAt(NOW, 2, 299), NOW + min(5));
    assert.equal(nextRecheckAt(NOW, 2, 301), NOW + 301_000);
    assert.equal(nextRecheckAt(NOW, 6, 7200), NOW + 7_200_000);
  });

  it('caps an absurd TTL at one day by default, and at the configured bound', () => {
    assert.equal(nextRecheckAt(NOW, 0, 10 * 86_400), NOW + 86_400_000);
    assert.equal(nextRecheckAt(NOW, 0, 10 * 86_400, { maxTtlSeconds: 600 }), NOW + 600_000);
  });

  it('treats unknown, negative or NaN inputs as zero instead of throwing', () => {
    assert.equal(nextRecheckAt(NOW, -3), NOW + min(1));
    assert.equal(nextRecheckAt(NOW, Number.NaN, Number.NaN), NOW + min(1));
    assert.equal(nextRecheckAt(NOW, 1, -50), NOW + min(2));
  });

  it('takes its own steps', () => {
    assert.equal(nextRecheckAt(NOW, 0, undefined, { steps: [3, 7] }), NOW + min(3));
    assert.equal(nextRecheckAt(NOW, 5, undefined, { steps: [3, 7] }), NOW + min(7));
    assert.equal(nextRecheckAt(NOW, 0, undefined, { steps: [] }), NOW + min(1));
  });
});
