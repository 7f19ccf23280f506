import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { startRedisServer } from '../support/redis-server';

describe('test support: redis-server', function () {
  this.timeout(20_000);

  it('starts a real server on loopback without persistence and stops it', async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url);
    try {
      assert.match(server.url, /^redis:\/\/127\.0\.0\.1:\d+\/0$/);
      assert.equal(await client.ping(), 'PONG');
      assert.deepEqual(await client.config('GET', 'save'), ['save', '']);
      assert.deepEqual(await client.config('GET', 'appendonly'), ['appendonly', 'no']);
    } finally {
      client.disconnect();
      await server.stop();
      await server.stop();
    }
    const after = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    after.on('error', () => undefined);
    await assert.rejects(after.connect());
    after.disconnect();
  });

  it('fails (never skips) when the binary is missing, naming apt-get install redis-server', async () => {
    await assert.rejects(startRedisServer({ binary: '/nonexistent/redis-server' }), /apt-get install redis-server/);
  });
});
