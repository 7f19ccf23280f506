import assert from 'node:assert/strict';
import http from 'node:http';
import pino from 'pino';
import { parseConfig, type Config } from '../../src/config/config';
import { startCoexist, type StartedCoexist } from '../../src/index';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';

function config(env: Record<string, string> = {}): Config {
  const result = parseConfig({ PORT: '0', COEXIST_STORAGE: 'memory', COEXIST_DNS_SERVERS: '127.0.0.1:9', ...env }, '/tmp');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

function envelope(serviceUrl: string, locale: string, user = 'user-1') {
  return {
    id: `act-${Math.random().toString(36).slice(2)}`, channelId: 'msteams', serviceUrl, locale,
    from: { id: `29:${user}`, aadObjectId: `aad-${user}` }, recipient: { id: '28:bot' },
    conversation: { id: `a:conv-${user}`, conversationType: 'personal', tenantId: 'tenant-1' }, channelData: { tenant: { id: 'tenant-1' } },
  };
}

interface Answer { status: number; json: unknown; headers: Headers }

async function post(url: string, body: string, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', body, headers: { 'content-type': contentType } });
  const text = await response.text();
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: response.status, json, headers: response.headers };
}

const errorCode = (a: Answer) => (a.json as { error?: { code?: string } } | undefined)?.error?.code;

describe('server: request limits before the adapter', function () {
  this.timeout(30_000);
  let bot: StartedCoexist;
  let connector: FakeConnector;
  before(async () => {
    connector = await startFakeConnector();
    bot = await startCoexist(config(), pino({ level: 'silent' }));
  });
  after(async () => {
    await bot.stop();
    await connector.close();
  });
  beforeEach(() => connector.reset());

  it('answers 413 with a JSON error body to a body over 256 KB, and keeps serving', async () => {
    const big = JSON.stringify({ ...envelope(connector.serviceUrl, 'en-US'), type: 'message', text: 'x'.repeat(300_000) });
    const answer = await post(bot.url, big);
    assert.equal(answer.status, 413);
    assert.equal(errorCode(answer), 'PayloadTooLarge');
    assert.match(answer.headers.get('content-type') ?? '', /application\/json/);
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
  });

  it('answers 413 to a chunked body that grows past the limit without a Content-Length', async () => {
    const { port } = new URL(bot.url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/api/messages', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      for (let i = 0; i < 40; i++) request.write('x'.repeat(10_000));
      request.end();
    });
    assert.equal(status, 413);
  });

  const cases: Array<[string, string, string | undefined, number]> = [
    ['malformed JSON', '{"type":"message",', undefined, 400],
    ['an empty body', '', undefined, 400],
    ['JSON that is not an object', '[{"type":"message"}]', undefined, 400],
    ['a JSON string', '"message"', undefined, 400],
    ['a missing type', JSON.stringify({ ...envelope('http://127.0.0.1:9/', 'en'), text: 'hi' }), undefined, 400],
    ['a type that is not a name', JSON.stringify({ ...envelope('http://127.0.0.1:9/', 'en'), type: 42 }), undefined, 400],
    ['a missing serviceUrl', JSON.stringify({ ...envelope('http://127.0.0.1:9/', 'en'), serviceUrl: undefined, type: 'message', text: '/help' }), undefined, 400],
    ['a file: serviceUrl', JSON.stringify({ ...envelope('file:///etc/passwd', 'en'), type: 'message', text: '/help' }), undefined, 400],
    ['a javascript: serviceUrl', JSON.stringify({ ...envelope('javascript:alert(1)', 'en'), type: 'message', text: '/help' }), undefined, 400],
    ['a missing conversation', JSON.stringify({ ...envelope('http://127.0.0.1:9/', 'en'), conversation: undefined, type: 'message', text: '/help' }), undefined, 400],
    ['text that is not a string', JSON.stringify({ ...envelope('http://127.0.0.1:9/', 'en'), type: 'message', text: { a: 1 } }), undefined, 400],
    ['nesting 500 levels deep', `{"type":"message","value":${'['.repeat(500)}${']'.repeat(500)}}`, undefined, 400],
    ['conversation.tenantId and channelData.tenant.id naming different tenants',
      JSON.stringify({ ...envelope('http://127.0.0.1:9/', 'en'), channelData: { tenant: { id: 'tenant-2' } }, type: 'message', text: '/help' }), undefined, 400],
    ['text/plain', JSON.stringify({ ...envelope('http://127.0.0.1:9/', 'en'), type: 'message', text: '/help' }), 'text/plain', 415],
    ['a form post', 'type=message&text=hi', 'application/x-www-form-urlencoded', 415],
  ];
  for (const [name, body, contentType, status] of cases) {
    it(`answers ${status} to ${name}, with a JSON error and no call to any connector`, async () => {
      const answer = await post(bot.url, body, contentType);
      assert.equal(answer.status, status, JSON.stringify(answer.json));
      assert.ok(errorCode(answer), JSON.stringify(answer.json));
      assert.equal(connector.calls.length, 0);
    });
  }

  it('accepts a body with a byte order mark and charset parameter (RFC 8259 8.1)', async () => {
    const body = `\ufeff${JSON.stringify({ ...envelope(connector.serviceUrl, 'en-US'), type: 'message', text: '/help' })}`;
    const answer = await post(bot.url, body, 'application/json; charset=utf-8');
    assert.equal(answer.status, 200);
    await connector.waitFor(() => true, 5000);
  });

  it('answers the tenant mismatch with its own error code', async () => {
    const answer = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, 'en'), channelData: { tenant: { id: 'tenant-2' } }, type: 'message', text: '/help' }));
    assert.equal(answer.status, 400);
    assert.equal(errorCode(answer), 'TenantMismatch');
    const agreeing = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, 'en'), type: 'message', text: '/help' }));
    assert.equal(agreeing.status, 200);
  });

  for (const [locale, expected] of [['de-DE', /Diese Nachricht ist zu lang \(mehr als 28000 Zeichen\).*Bitte senden Sie/], ['en-US', /This message is too long \(more than 28000 characters\)/]] as const) {
    it(`refuses a message text over 28,000 UTF-16 units politely (${locale}) before any matching, and reads one at the limit`, async () => {
      const user = `long-${locale}`;
      const ndr = 'Warum kommen Mails zurück? 550 5.1.10 RESOLVER.ADR.RecipientNotFound ';
      const long = ndr + '\u00e4'.repeat(28_001 - ndr.length);
      assert.equal(long.length, 28_001);
      assert.equal((await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, locale, user), type: 'message', text: long }))).status, 200);
      const sent = connector.activitiesIn(`a:conv-${user}`);
      assert.equal(sent.length, 1, JSON.stringify(sent.map((a) => a.text ?? '(card)')));
      assert.match(String(sent[0]!.text), expected);
      assert.equal(sent[0]!.attachments, undefined);
      connector.reset();
      assert.equal((await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, locale, user), type: 'message', text: long.slice(0, 28_000) }))).status, 200);
      await connector.waitFor((call) => call.conversationId === `a:conv-${user}`, 10_000);
      assert.doesNotMatch(String(connector.activitiesIn(`a:conv-${user}`)[0]!.text ?? ''), expected);
    });
  }

  it('puts a request id on every answer (a caller\'s safe x-request-id is kept)', async () => {
    const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json', 'x-request-id': 'proxy-123' } });
    assert.equal(response.headers.get('x-request-id'), 'proxy-123');
    const other = await fetch(`${bot.url}/api/messages`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' } });
    assert.match(other.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('GET /readyz answers 200 while the store answers', async () => {
    const response = await fetch(`${bot.url}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ready: true, storage: 'memory' });
  });
});

describe('server: rate limit and card-submit schema in the turn', function () {
  this.timeout(30_000);
  let bot: StartedCoexist;
  let connector: FakeConnector;
  beforeEach(async () => {
    connector = await startFakeConnector();
    bot = await startCoexist(config(), pino({ level: 'silent' }));
  });
  afterEach(async () => {
    await bot.stop();
    await connector.close();
  });

  // Ordinary messages and clicks meet only a flood bound far above human pace (src/limits/turn-limiter.ts: a burst of
  // 120, then 5 a second per user); what costs (probes, new migrations) has its own, tighter budget.
  for (const [locale, expected] of [['de-DE', /Zu viele Anfragen.*Sekunde/], ['en-US', /Too many requests.*second/]] as const) {
    it(`answers a flood of commands past the bound once per wait in the user's language (${locale}), and other users are not affected`, async () => {
      const user = `burst-${locale}`;
      for (let i = 0; i < 200; i++) {
        const answer = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, locale, user), type: 'message', text: '/help' }));
        assert.equal(answer.status, 200);
      }
      const sent = connector.activitiesIn(`a:conv-${user}`);
      const refusals = sent.filter((a) => typeof a.text === 'string' && expected.test(a.text));
      // Refused once per wait: on a slow machine the wait may end inside the loop and a later wait is refused again,
      // but never twice in a row.
      assert.ok(refusals.length >= 1, JSON.stringify(sent.map((a) => a.text ?? '(card)').slice(-5)));
      const refused = sent.map((a) => typeof a.text === 'string' && expected.test(a.text));
      assert.ok(!refused.some((r, i) => r && refused[i + 1]), 'two refusals in a row');
      const cards = sent.filter((a) => Array.isArray(a.attachments)).length;
      // At least the whole burst is served; the refill during the loop may add a few more, never all 200.
      assert.ok(cards >= 120 && cards < 200, `${cards} help cards`);
      const other = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, locale, 'someone-else'), type: 'message', text: '/help' }));
      assert.equal(other.status, 200);
      assert.equal(connector.activitiesIn('a:conv-someone-else').filter((a) => Array.isArray(a.attachments)).length, 1);
    });
  }

  it('answers a card click past the flood bound with the refusal as its invoke response', async () => {
    let refusedAt = -1;
    for (let i = 0; i < 250 && refusedAt < 0; i++) {
      const answer = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, 'de-DE', 'clicker'), type: 'invoke', name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'no.such.verb', data: {} } } }));
      assert.equal(answer.status, 200);
      const body = answer.json as { statusCode: number; type: string; value: string } | undefined;
      if (body?.type === 'application/vnd.microsoft.activity.message' && /Zu viele Anfragen/.test(String(body.value))) refusedAt = i;
    }
    assert.ok(refusedAt >= 120, `refused at click ${refusedAt}: an admin ticking 40 users never sees a refusal`);
  });

  const badSubmits: Array<[string, unknown]> = [
    ['an unknown verb', { verb: 'migration.next', data: { stepId: 'mx', domain: 'meinefirma.de', revision: 1 } }],
    ['a path as verb', { verb: '../../etc/passwd', data: {} }],
    ['__proto__ as verb', { verb: '__proto__', data: {} }],
    ['an unknown step id', { verb: 'migration.check', data: { stepId: 'no-such-step', domain: 'meinefirma.de', revision: 1 } }],
    ['a 3,000-character domain', { verb: 'migration.check', data: { domain: 'a'.repeat(3000), revision: 1 } }],
    ['a revision that is not a number', { verb: 'migration.confirm', data: { stepId: 'mx', domain: 'meinefirma.de', revision: 'eins' } }],
    ['deeply nested data', { verb: 'migration.inputs', data: { users: { a: { b: { c: { d: 'x' } } } } } }],
    ['a __proto__ key in data', JSON.parse('{"verb":"migration.check","data":{"__proto__":{"admin":true},"domain":"meinefirma.de","revision":1}}')],
    ['data that is a string', { verb: 'migration.check', data: 'meinefirma.de' }],
  ];
  for (const [name, action] of badSubmits) {
    it(`rejects an Action.Execute with ${name}: 200 with a short message in the user's language, not a 501`, async () => {
      for (const [locale, expected] of [['de-DE', /Diese Schaltfläche kann ich nicht ausführen/], ['en-US', /I cannot run this button/]] as const) {
        const answer = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, locale, `submit-${locale}`), type: 'invoke', name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', ...(action as object) }, trigger: 'manual' } }));
        assert.equal(answer.status, 200, JSON.stringify(answer.json));
        const body = answer.json as { statusCode: number; type: string; value: string };
        assert.equal(body.type, 'application/vnd.microsoft.activity.message');
        assert.match(body.value, expected);
      }
    });
  }

  it('rejects an Action.Submit message with an unknown verb with a message in the user\'s language', async () => {
    const answer = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, 'de-DE', 'submitter'), type: 'message', value: { verb: 'reminder.snooze', stepId: 'mx' } }));
    assert.equal(answer.status, 200);
    const sent = connector.activitiesIn('a:conv-submitter');
    assert.equal(sent.length, 1);
    assert.match(String(sent[0]!.text), /Diese Schaltfläche kann ich nicht ausführen/);
  });

  it('answers other invoke names with 400 instead of 501', async () => {
    for (const name of ['composeExtension/query', 'task/fetch', 'unknown/invoke']) {
      const answer = await post(bot.url, JSON.stringify({ ...envelope(connector.serviceUrl, 'en-US', 'invoker'), type: 'invoke', name, value: {} }));
      assert.equal(answer.status, 400, name);
    }
  });
});
