import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openRedisStore } from '../../src/store/redis-store';
import type { Store } from '../../src/store/types';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { defineStoreContract } from './store-contract';

let server: RedisServer | undefined;

describe('redis store', () => {
  before(async function () {
    this.timeout(20_000);
    server = await startRedisServer();
  });
  after(async () => {
    await server?.stop();
  });

  // Each fixture gets its own key namespace on the shared server; each open() is another ioredis connection.
  defineStoreContract('redis (two ioredis clients on one server)', async () => {
    const prefix = `t-${randomUUID()}:`;
    const opened: Store[] = [];
    return {
      async open() {
        const store = await openRedisStore(server!.url, { prefix });
        opened.push(store);
        return store;
      },
      async dispose() {
        await Promise.all(opened.map((s) => s.close()));
      },
    };
  });

  describe('redis store under real concurrency', function () {
    this.timeout(60_000);

    it('three connections racing over 3,000 due jobs each get some and never the same one', async () => {
      const prefix = `race-${randomUUID()}:`;
      const stores = await Promise.all([0, 1, 2].map(() => openRedisStore(server!.url, { prefix })));
      try {
        const now = 1_700_000_000_000;
        await stores[0]!.jobs.scheduleMany(Array.from({ length: 3000 }, (_, i) => ({
          id: `j${i}`, tenantId: 't', kind: 'recheck', dueAt: now - (i % 13), payload: { i },
        })));
        const claimAll = async (store: Store, owner: string): Promise<string[]> => {
          const ids: string[] = [];
          for (;;) {
            const got = await store.jobs.claimDue({ now, limit: 10, owner, leaseMs: 60_000 });
            if (got.length === 0) return ids;
            ids.push(...got.map((j) => j.id));
            await Promise.all(got.map((j) => store.jobs.complete(j.id, j.token)));
          }
        };
        const results = await Promise.all(stores.map((store, i) => claimAll(store, `owner-${i}`)));
        assert.ok(results.every((ids) => ids.length > 0), results.map((ids) => ids.length).join('/'));
        const all = results.flat();
        assert.equal(all.length, 3000);
        assert.equal(new Set(all).size, 3000);
        const once = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.markOnce('job-run/j1/1/send', 60_000)));
        assert.equal(once.filter(Boolean).length, 1);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });
  });
});
