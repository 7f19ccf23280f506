import assert from 'node:assert/strict';
import { generateKeyPairSync, createSign } from 'node:crypto';
import pino from 'pino';
import { createAdapter } from '../../src/bot/adapter';
import { createBot } from '../../src/bot/create-app';
import { parseConfig } from '../../src/config/config';
import { startServer, type RunningServer } from '../../src/server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';

const BOT_ID = '11111111-2222-3333-4444-555555555555';

/** A JWT signed RS256 with a key made here: the shape of a Bot Framework token, but no key Microsoft published. */
function forgedToken(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: 'forged-key-1', x5t: 'forged-key-1' })}.${part(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

function activity(serviceUrl: string) {
  return {
    type: 'message', id: 'a1', text: '/help', locale: 'en-US', channelId: 'msteams', serviceUrl,
    from: { id: 'user-1', aadObjectId: 'aad-1' }, recipient: { id: `28:${BOT_ID}` },
    conversation: { id: 'conv-1', conversationType: 'personal', tenantId: 'tenant-1' },
  };
}

describe('server: authentication with BOT_ID set', function () {
  this.timeout(30_000);
  let server: RunningServer | undefined;
  let connector: FakeConnector | undefined;
  let turns = 0;

  beforeEach(async () => {
    turns = 0;
    connector = await startFakeConnector();
    const parsed = parseConfig({ BOT_ID, BOT_PASSWORD: 'not-a-real-secret', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: '99999999-8888-7777-6666-555555555555' }, '/tmp');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const adapter = createAdapter(parsed.config.bot);
    const logger = pino({ level: 'silent' });
    const bot = createBot({ adapter, botAppId: BOT_ID, logger, saveReference: async () => undefined });
    server = await startServer({
      host: '127.0.0.1', port: 0, adapter, logger, authAppId: BOT_ID, authTimeoutMs: 3000,
      handleTurn: async (context) => { turns++; await bot.handleTurn(context); },
    });
  });
  afterEach(async () => {
    await server?.close();
    await connector?.close();
  });

  async function post(authorization?: string): Promise<{ status: number; body: unknown; ms: number }> {
    const started = Date.now();
    const response = await fetch(`${server!.url}/api/messages`, {
      method: 'POST', body: JSON.stringify(activity(connector!.serviceUrl)),
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
  }

  it('refuses a request without a token with 401; the turn never runs and nothing is sent', async () => {
    const answer = await post();
    assert.equal(answer.status, 401);
    assert.equal((answer.body as { error: { code: string } }).error.code, 'Unauthorized');
    assert.equal(turns, 0);
    assert.equal(connector!.calls.length, 0);
  });

  it('refuses a forged token (right issuer and audience, signed with a key that is not Microsoft\'s) with 401, fail-closed without network', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = forgedToken({ iss: 'https://api.botframework.com', aud: BOT_ID, exp: now + 3600, nbf: now - 60, serviceurl: connector!.serviceUrl });
    const answer = await post(`Bearer ${token}`);
    assert.equal(answer.status, 401);
    assert.ok(answer.ms < 10_000, `took ${answer.ms} ms`);
    // Give a late authentication success no chance to run the turn afterwards.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(turns, 0);
    assert.equal(connector!.calls.length, 0);
  });

  it('refuses tokens that fail the local pre-check at once: other audience, other issuer, expired, not a JWT, HS256', async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = { iss: 'https://api.botframework.com', aud: BOT_ID, exp: now + 3600 };
    const hs256 = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.c2ln`;
    for (const authorization of [
      `Bearer ${forgedToken({ ...good, aud: '00000000-0000-0000-0000-000000000000' })}`,
      `Bearer ${forgedToken({ ...good, iss: 'https://evil.example' })}`,
      `Bearer ${forgedToken({ ...good, exp: now - 3600 })}`,
      'Bearer not-a-jwt', 'Basic dXNlcjpwYXNz', `Bearer ${hs256}`,
    ]) {
      const answer = await post(authorization);
      assert.equal(answer.status, 401, authorization.slice(0, 40));
      assert.ok(answer.ms < 2000, `${authorization.slice(0, 30)} took ${answer.ms} ms`);
    }
    assert.equal(turns, 0);
    assert.equal(connector!.calls.length, 0);
  });
});
