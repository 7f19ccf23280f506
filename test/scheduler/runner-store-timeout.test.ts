/**
 * A job whose store call misses its deadline (src/store/deadline-store.ts) before it sent anything gives its lease
 * back and is due again a minute later; one that already sent keeps the crash rule (the lease expires, the same
 * generation runs again, so its idempotency keys hold). Over a real redis-server stalled with DEBUG SLEEP.
 */
import { strict as assert } from 'node:assert';
import Redis from 'ioredis';
import { createRunner } from '../../src/scheduler/runner';
import { openRedisStore, withStoreDeadline, type Store, type StoredJob } from '../../src/store';
import { startRedisServer, type RedisServer } from '../support/redis-server';

describe('scheduler/runner when the store stalls (real redis-server, DEBUG SLEEP)', function () {
  this.timeout(30_000);
  let server: RedisServer;
  let store: Store;
  let now: number;
  before(async () => {
    server = await startRedisServer({ enableDebug: true });
    store = withStoreDeadline(await openRedisStore(`${server.url}?prefix=runner-stall:`), 400);
  });
  after(async () => {
    await store?.close();
    await server?.stop();
  });

  async function runStalling(sendFirst: boolean): Promise<{ delivered: number; stored: StoredJob }> {
    // Apart in time, so the other test's job is never due in this one's run.
    now = 1_700_000_000_000 - (sendFirst ? 10_000_000 : 0);
    const id = `job-${sendFirst ? 'sent' : 'quiet'}`;
    await store.jobs.schedule({ id, tenantId: 't', kind: 'k', dueAt: now, payload: {} });
    let delivered = 0;
    const runner = createRunner({
      queue: store.jobs, markOnce: (key, ttl) => store.markOnce(key, ttl), owner: 'instance-1', clock: () => now,
      deliver: async () => { delivered += 1; return { kind: 'sent', activityId: 'a1' }; },
      handlers: {
        k: async (_job, context) => {
          if (sendFirst) await context.sendOnce({}, { type: 'text', text: 'hello' }, 'p');
          const admin = new Redis(server.url);
          const stall = admin.call('DEBUG', 'SLEEP', '1.5').finally(() => admin.disconnect());
          await new Promise((r) => setTimeout(r, 50));
          try {
            await store.records.get('anything');
            return { kind: 'complete' };
          } finally {
            // The runner's own reschedule then meets a store that answers again.
            await stall;
          }
        },
      },
    });
    assert.equal(await runner.runDue(1), 1);
    const stored = await store.jobs.get(id);
    assert.ok(stored);
    return { delivered, stored };
  }

  it('nothing sent yet: the lease is given back and the job is due a minute later in a new generation', async () => {
    const result = await runStalling(false);
    assert.equal(result.delivered, 0);
    assert.equal(result.stored.owner, undefined);
    assert.equal(result.stored.leaseUntil, undefined);
    assert.equal(result.stored.dueAt, now + 60_000);
    assert.equal(result.stored.generation, 2);
  });

  it('already sent: the lease stays (same generation, so the sent message is not sent again)', async () => {
    const result = await runStalling(true);
    assert.equal(result.delivered, 1);
    assert.equal(result.stored.owner, 'instance-1');
    assert.equal(result.stored.generation, 1);
  });
});
