import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createAdapter } from '../../src/bot/adapter';
import { createBot } from '../../src/bot/create-app';
import { parseConfig, type Config } from '../../src/config/config';
import { createLogger, startCoexist } from '../../src/index';
import { createGracefulShutdown } from '../../src/observability/shutdown';
import { startServer } from '../../src/server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';

function config(env: Record<string, string> = {}): Config {
  const result = parseConfig({ PORT: '0', COEXIST_STORAGE: 'memory', COEXIST_DNS_SERVERS: '127.0.0.1:9', ...env }, '/tmp');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

function collector(): { stream: Writable; lines: () => Array<Record<string, unknown>>; raw: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
  return { stream, raw: () => text, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function activity(serviceUrl: string, extra: Record<string, unknown>) {
  return {
    id: 'a1', channelId: 'msteams', serviceUrl, locale: 'en-US', from: { id: '29:u1', aadObjectId: 'aad-u1' }, recipient: { id: '28:bot' },
    conversation: { id: 'a:c1', conversationType: 'personal', tenantId: 't1' }, ...extra,
  };
}

describe('server: logs and shutdown', function () {
  this.timeout(30_000);
  let connector: FakeConnector;
  beforeEach(async () => { connector = await startFakeConnector(); });
  afterEach(async () => { await connector.close(); });

  it('every line written during a request carries its request id (and the turn id inside the turn); no message text, token or password at info', async () => {
    const out = collector();
    const cfg = config({ COEXIST_LOG_LEVEL: 'info' });
    const logger = createLogger({ logLevel: 'info', bot: { password: 'pa55-Secret-Value' } }, out.stream);
    const bot = await startCoexist(cfg, logger);
    try {
      const secretText = 'my-private-question-text-4711';
      // A refused card submit logs inside the turn; a malformed body logs nothing; text and token must never show.
      const headers = { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJ4IjoxfQ.c2ln', 'x-request-id': 'req-42' };
      await fetch(`${bot.url}/api/messages`, { method: 'POST', headers,
        body: JSON.stringify(activity(connector.serviceUrl, { type: 'message', value: { verb: 'no.such.verb', note: secretText } })) });
      await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { ...headers, 'x-request-id': 'req-43' },
        body: JSON.stringify(activity(connector.serviceUrl, { type: 'message', text: `${secretText} why do mails bounce?` })) });
      logger.info({ note: 'outside a request' }, 'after');
      const lines = out.lines();
      const inTurn = lines.filter((l) => l.msg === 'card submit refused');
      assert.equal(inTurn.length, 1, out.raw());
      assert.equal(inTurn[0]!.requestId, 'req-42');
      assert.match(String(inTurn[0]!.turnId), /^[0-9a-f-]{36}$/);
      // Other routes' lines inside a turn (here the helpdesk's) carry the ids too: they log about the turn's activity.
      const helpdesk = lines.filter((l) => l.requestId === 'req-43');
      assert.ok(helpdesk.length > 0 && helpdesk.every((l) => typeof l.turnId === 'string'), out.raw());
      const after = lines.find((l) => l.msg === 'after')!;
      assert.equal(after.requestId, undefined);
      const startup = lines.find((l) => String(l.msg).includes('WITHOUT authentication'));
      assert.ok(startup && startup.level === 'warn', 'anonymous mode is a warning at start-up');
      const raw = out.raw();
      for (const forbidden of [secretText, 'eyJhbGciOiJSUzI1NiJ9', 'pa55-Secret-Value']) assert.ok(!raw.includes(forbidden), `${forbidden} leaked: ${raw}`);
      logger.info({ config: { password: 'pa55-Secret-Value' } }, 'password pa55-Secret-Value in a message');
      assert.ok(!out.raw().includes('pa55-Secret-Value'), 'BOT_PASSWORD is redacted wherever it appears');
    } finally {
      await bot.stop();
    }
  });

  it('concurrent requests: each line names its own request and turn (the ids travel with the activity, not with whatever ran last)', async () => {
    const out = collector();
    const logger = createLogger({ logLevel: 'info' }, out.stream);
    const bot = await startCoexist(config({ COEXIST_LOG_LEVEL: 'info' }), logger);
    try {
      const ids = Array.from({ length: 8 }, (_, n) => `req-c${n}`);
      await Promise.all(ids.map((requestId, n) => fetch(`${bot.url}/api/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify(activity(connector.serviceUrl, { id: `a${n}`, type: 'message', text: 'why do mails to example.org bounce?',
          from: { id: `29:u${n}`, aadObjectId: `aad-u${n}` }, conversation: { id: `a:c${n}`, conversationType: 'personal', tenantId: 't1' } })),
      })));
      const answered = out.lines().filter((l) => l.msg === 'helpdesk answered');
      assert.deepEqual(answered.map((l) => l.requestId).sort(), ids, out.raw());
      const turnIds = answered.map((l) => String(l.turnId));
      assert.ok(turnIds.every((t) => /^[0-9a-f-]{36}$/.test(t)));
      assert.equal(new Set(turnIds).size, ids.length, 'one turn id per request');
    } finally {
      await bot.stop();
    }
  });

  it('graceful shutdown: a turn in flight finishes and is answered, new requests are refused, release steps run after the drain in order', async () => {
    const cfg = config();
    const adapter = createAdapter(cfg.bot);
    const logger = pino({ level: 'silent' });
    const events: string[] = [];
    let releaseTurn: () => void = () => undefined;
    const turnBlocked = new Promise<void>((resolve) => { releaseTurn = resolve; });
    let turnStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => { turnStarted = resolve; });
    const bot = createBot({ adapter, botAppId: undefined, logger, saveReference: async () => undefined,
      handlers: [(app) => app.message('/slow', async (context) => {
        turnStarted();
        await turnBlocked;
        await context.sendActivity('done');
        events.push('turn finished');
      })] });
    const holder: { server?: Awaited<ReturnType<typeof startServer>> } = {};
    const shutdown = createGracefulShutdown({ stopAccepting: () => holder.server?.close(), drainDeadlineMs: 5000 });
    shutdown.onRelease('leases', () => { events.push('leases released'); });
    shutdown.onRelease('store', () => { events.push('store closed'); });
    const server = await startServer({ host: '127.0.0.1', port: 0, adapter, handleTurn: bot.handleTurn, logger, shutdown });
    holder.server = server;
    const url = server.url;
    const inFlight = fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(connector.serviceUrl, { type: 'message', text: '/slow' })) });
    await started;
    const report = shutdown.shutdown('test');
    assert.equal(shutdown.isAccepting(), false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The listener is closed: a new connection is refused (a kept-alive one would get 503, tested below).
    const refused = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => `status ${r.status}`, (e: Error) => String((e.cause as { code?: string } | undefined)?.code));
    assert.equal(refused, 'ECONNREFUSED');
    assert.deepEqual(events, []);
    releaseTurn();
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    const done = await report;
    assert.equal(done.drained, true);
    // The finished turn's keep-alive connection does not hold the stop open until it times out.
    assert.ok(done.durationMs < 1500, `shutdown took ${done.durationMs} ms`);
    assert.deepEqual(events, ['turn finished', 'leases released', 'store closed']);
    assert.equal(connector.activitiesIn('a:c1').map((a) => a.text).join(), 'done');
  });

  it('answers 503 with Retry-After and /readyz 503 once shutdown has begun', async () => {
    const cfg = config();
    const adapter = createAdapter(cfg.bot);
    const logger = pino({ level: 'silent' });
    let accepting = true;
    const gate = { isAccepting: () => accepting, begin: () => () => undefined };
    const bot = createBot({ adapter, botAppId: undefined, logger, saveReference: async () => undefined });
    const server = await startServer({ host: '127.0.0.1', port: 0, adapter, handleTurn: bot.handleTurn, logger, shutdown: gate, ready: async () => ({ ready: true }) });
    try {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      accepting = false;
      const answer = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(connector.serviceUrl, { type: 'message', text: '/help' })) });
      assert.equal(answer.status, 503);
      assert.equal(answer.headers.get('retry-after'), '5');
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'ShuttingDown');
      assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
      assert.equal(connector.calls.length, 0);
    } finally {
      await server.close();
    }
  });

  it('/readyz is 503 when the store does not answer', async () => {
    const cfg = config();
    const adapter = createAdapter(cfg.bot);
    const logger = pino({ level: 'silent' });
    const bot = createBot({ adapter, botAppId: undefined, logger, saveReference: async () => undefined });
    const server = await startServer({ host: '127.0.0.1', port: 0, adapter, handleTurn: bot.handleTurn, logger, ready: async () => { throw new Error('SQLITE_CANTOPEN'); } });
    try {
      const answer = await fetch(`${server.url}/readyz`);
      assert.equal(answer.status, 503);
      assert.match(JSON.stringify(await answer.json()), /SQLITE_CANTOPEN/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.close();
    }
  });
});
