import assert from 'node:assert/strict';
import Redis from 'ioredis';
import pino from 'pino';
import { parseConfig, type Config } from '../../src/config/config';
import { startCoexist, type StartedCoexist } from '../../src/index';
import { isStoreTimeout, StoreTimeoutError, withStoreDeadline } from '../../src/store/deadline-store';
import { openRedisStore } from '../../src/store/redis-store';
import type { Store } from '../../src/store/types';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { startRedisServer, type RedisServer } from '../support/redis-server';

/** Blocks the whole redis-server for `seconds` (DEBUG SLEEP), as a slow command or a stalled host would. */
function stallRedis(url: string, seconds: number): { done: Promise<void> } {
  const admin = new Redis(url, { lazyConnect: false });
  // A refused DEBUG (Redis 7 without --enable-debug-command) must fail the test, not pass for a stall that never was.
  const done = admin.call('DEBUG', 'SLEEP', String(seconds)).then((reply) => assert.equal(reply, 'OK')).finally(() => admin.disconnect());
  return { done };
}

async function elapsed<T>(run: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const start = Date.now();
  const [result] = await Promise.allSettled([run()]);
  return { ms: Date.now() - start, result: result! };
}

describe('store deadline against a real redis-server stalled with DEBUG SLEEP', function () {
  this.timeout(60_000);
  let server: RedisServer;
  let store: Store;
  before(async () => {
    server = await startRedisServer({ enableDebug: true });
    store = withStoreDeadline(await openRedisStore(server.url, { prefix: `deadline-${Date.now()}:` }), 500);
  });
  after(async () => {
    await store?.close();
    await server?.stop();
  });

  it('a read rejects with StoreTimeoutError after the deadline (not after the stall), saying it changed nothing', async () => {
    await store.records.put('k', { v: 1 }, '*');
    const stall = stallRedis(server.url, 3);
    await new Promise((r) => setTimeout(r, 100));
    const { ms, result } = await elapsed(() => store.records.get('k'));
    assert.equal(result.status, 'rejected');
    const error = (result as PromiseRejectedResult).reason as unknown;
    assert.ok(error instanceof StoreTimeoutError, String(error));
    assert.ok(isStoreTimeout(error));
    assert.equal(error.operation, 'records.get');
    assert.equal(error.mayHaveWritten, false);
    assert.ok(ms >= 450 && ms < 1500, `${ms} ms`);
    const write = await elapsed(() => store.records.put('k', { v: 2 }, '*'));
    assert.equal(write.result.status, 'rejected');
    assert.equal(((write.result as PromiseRejectedResult).reason as StoreTimeoutError).mayHaveWritten, true);
    const claim = await elapsed(() => store.jobs.claimDue({ now: Date.now(), limit: 1, owner: 'o', leaseMs: 1000 }));
    assert.equal(((claim.result as PromiseRejectedResult).reason as StoreTimeoutError).operation, 'jobs.claimDue');
    await stall.done;
    assert.deepEqual((await store.records.get('k'))?.value, { v: 2 }, 'the late write landed: why it says "may have written"');
  });
});

function config(redisUrl: string): Config {
  const result = parseConfig({ PORT: '0', COEXIST_STORAGE: redisUrl, COEXIST_STORE_TIMEOUT_MS: '800', COEXIST_DNS_SERVERS: '127.0.0.1:9' }, '/tmp');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

function envelope(serviceUrl: string, locale: string, user: string) {
  return {
    id: `act-${Math.random().toString(36).slice(2)}`, channelId: 'msteams', serviceUrl, locale,
    from: { id: `29:${user}`, aadObjectId: `aad-${user}` }, recipient: { id: '28:bot' },
    conversation: { id: `a:conv-${user}`, conversationType: 'personal', tenantId: 'tenant-1' }, channelData: { tenant: { id: 'tenant-1' } },
  };
}

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) as unknown : undefined };
}

describe('a turn whose store does not answer (real redis-server, DEBUG SLEEP 4, COEXIST_STORE_TIMEOUT_MS=800)', function () {
  this.timeout(90_000);
  let server: RedisServer;
  let connector: FakeConnector;
  let bot: StartedCoexist;
  before(async () => {
    server = await startRedisServer({ enableDebug: true });
    connector = await startFakeConnector();
    bot = await startCoexist(config(server.url), pino({ level: 'silent' }));
  });
  after(async () => {
    await bot?.stop();
    await connector?.close();
    await server?.stop();
  });

  for (const [locale, expected] of [
    ['de-DE', /^Der Speicher antwortet gerade nicht; es wurde nichts geändert\. Bitte versuchen Sie es in einer Minute erneut\.$/],
    ['en-US', /^Storage is not answering; nothing was changed\. Please try again in a minute\.$/],
  ] as const) {
    it(`/status is answered within the deadline with "nothing was changed" (${locale}), and nothing else is sent`, async () => {
      const user = `stalled-${locale}`;
      const stall = stallRedis(server.url, 4);
      await new Promise((r) => setTimeout(r, 100));
      const { ms, result } = await elapsed(() => post(bot.url, { ...envelope(connector.serviceUrl, locale, user), type: 'message', text: '/status' }));
      assert.equal(result.status, 'fulfilled');
      assert.ok(ms < 3000, `answered after ${ms} ms, the stall lasts 4 s`);
      const sent = connector.activitiesIn(`a:conv-${user}`);
      assert.equal(sent.length, 1, JSON.stringify(sent));
      assert.match(String(sent[0]!.text), expected);
      await stall.done;
      await new Promise((r) => setTimeout(r, 300));
      const after = connector.activitiesIn(`a:conv-${user}`);
      assert.equal(after.length, 1, `no late card or typing after the stall: ${JSON.stringify(after.map((a) => a.type))}`);
      assert.equal(after.filter((a) => a.type === 'typing').length, 0);
    });
  }

  it('a card click gets the text as its invoke response within the deadline', async () => {
    const stall = stallRedis(server.url, 4);
    await new Promise((r) => setTimeout(r, 100));
    const { ms, result } = await elapsed(() => post(bot.url, { ...envelope(connector.serviceUrl, 'de-DE', 'clicker'), type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'migration.check', data: { domain: 'meinefirma.de', revision: 1 } }, trigger: 'manual' } }));
    assert.ok(ms < 3000, `${ms} ms`);
    const answer = (result as PromiseFulfilledResult<{ status: number; json: unknown }>).value;
    assert.equal(answer.status, 200);
    const body = answer.json as { type: string; value: string };
    assert.equal(body.type, 'application/vnd.microsoft.activity.message');
    assert.match(body.value, /^Der Speicher antwortet gerade nicht/);
    await stall.done;
  });
});
