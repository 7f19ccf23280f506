import { randomUUID } from 'node:crypto';
import { openRedisStore } from '../../src/store/redis-store';
import type { Store } from '../../src/store/types';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { defineStoreContract } from './store-contract';

let server: RedisServer | undefined;

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
