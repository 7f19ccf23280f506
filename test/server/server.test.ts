import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { parseConfig, type Config } from '../../src/config/config';
import { createAdapter } from '../../src/bot/adapter';
import { createBot } from '../../src/bot/create-app';
import { startCoexist, type RunningCoexist } from '../../src/index';
import { startServer } from '../../src/server';

/** A stand-in for the Bot Connector service on loopback: records every activity the bot sends. */
async function startFakeConnector(): Promise<{ url: string; received: Array<{ path: string; body: Record<string, unknown> }>; close: () => Promise<void> }> {
  const received: Array<{ path: string; body: Record<string, unknown> }> = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: data ? (JSON.parse(data) as Record<string, unknown>) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function config(env: Record<string, string>): Config {
  const result = parseConfig({ PORT: '0', COEXIST_STORAGE: 'memory', ...env }, '/tmp');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

function activity(serviceUrl: string, text: string, locale: string) {
  return {
    type: 'message', id: 'a1', text, locale, channelId: 'msteams', serviceUrl,
    from: { id: 'user-1', name: 'Anna' }, recipient: { id: 'bot-1', name: 'coexist' },
    conversation: { id: 'conv-1', conversationType: 'personal' },
  };
}

describe('server: HTTP endpoints', () => {
  let running: RunningCoexist | undefined;
  let connector: Awaited<ReturnType<typeof startFakeConnector>> | undefined;
  afterEach(async () => {
    await running?.stop();
    await connector?.close();
    running = undefined;
    connector = undefined;
  });

  it('GET /healthz answers 200 with status ok', async () => {
    running = await startCoexist(config({}), pino({ level: 'silent' }));
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${running.url}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
  });

  it('POST /api/messages runs a turn and replies through the connector at serviceUrl (anonymous mode)', async () => {
    connector = await startFakeConnector();
    running = await startCoexist(config({}), pino({ level: 'silent' }));
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(connector.url, '/help', 'de-DE')),
    });
    assert.equal(response.status, 200);
    assert.equal(connector.received.length, 1);
    const sent = connector.received[0]!;
    assert.equal(sent.path, '/v3/conversations/conv-1/activities/a1');
    const attachments = sent.body.attachments as Array<{ contentType: string; content: unknown }>;
    assert.equal(attachments[0]!.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(attachments[0]!.content), /Befehle/);
  });

  it('rejects an unauthenticated request with 401 when BOT_ID is configured', async () => {
    connector = await startFakeConnector();
    running = await startCoexist(config({ BOT_ID: '11111111-2222-3333-4444-555555555555', BOT_PASSWORD: 'not-a-real-secret', BOT_TYPE: 'MultiTenant' }), pino({ level: 'silent' }));
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(connector.url, '/help', 'en-US')),
    });
    assert.equal(response.status, 401);
    assert.equal(connector.received.length, 0);
  });

  it('answers 400 to a body that is not an activity, and keeps serving', async () => {
    running = await startCoexist(config({}), pino({ level: 'silent' }));
    const bad = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hello":' });
    assert.ok(bad.status >= 400 && bad.status < 500, `status ${bad.status}`);
    assert.equal((await fetch(`${running.url}/healthz`)).status, 200);
  });

  it('a handler that throws is logged and the user gets an apology in their language; the server keeps serving', async () => {
    connector = await startFakeConnector();
    const cfg = config({});
    const adapter = createAdapter(cfg.bot);
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    const bot = createBot({
      adapter, botAppId: undefined, logger, saveReference: async () => undefined,
      handlers: [(app) => app.message(async (c) => c.activity.text === '/boom', async () => { throw new Error('kaputt'); })],
    });
    const server = await startServer({ host: '127.0.0.1', port: 0, adapter, handleTurn: bot.handleTurn, logger });
    running = { url: server.url, port: server.port, stop: server.close };
    await fetch(`${server.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(connector.url, '/boom', 'de-DE')),
    });
    assert.equal(connector.received.length, 1);
    assert.match(String(connector.received[0]!.body.text), /etwas schiefgegangen/);
    assert.ok(logged.some((line) => line.includes('kaputt')), logged.join('\n'));
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  // The server hands the checked activity to the adapter's processActivity itself (not CloudAdapter.process): the
  // turn must see what process() would have made of it, and an invoke's response must come back as the HTTP answer.
  it('a turn sees the activity as CloudAdapter.process would give it (dates parsed, raw text kept); an invoke answers with its invoke response', async () => {
    connector = await startFakeConnector();
    const cfg = config({});
    const adapter = createAdapter(cfg.bot);
    const seen: Array<Record<string, unknown>> = [];
    const bot = createBot({
      adapter, botAppId: undefined, logger: pino({ level: 'silent' }), saveReference: async () => undefined,
      handlers: [(app) => app.adaptiveCards.actionExecute('probe.verb', async (context) => {
        seen.push({ ...context.activity });
        return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'done' }] };
      })],
    });
    const server = await startServer({ host: '127.0.0.1', port: 0, adapter, handleTurn: bot.handleTurn, logger: pino({ level: 'silent' }) });
    running = { url: server.url, port: server.port, stop: server.close };
    const timestamp = '2026-11-26T21:05:00.123Z';
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity(connector.url, '', 'en-US'), text: undefined, type: 'invoke', name: 'adaptiveCard/action', timestamp,
        localTimestamp: '2026-11-26T22:05:00.123+01:00', value: { action: { type: 'Action.Execute', verb: 'probe.verb', data: {} } } }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { statusCode: number; type: string; value: { body: Array<{ text: string }> } };
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(body.value.body[0]!.text, 'done');
    assert.equal(seen.length, 1);
    assert.ok(seen[0]!.timestamp instanceof Date, 'timestamp is a Date');
    assert.equal((seen[0]!.timestamp as Date).toISOString(), timestamp);
    assert.equal(seen[0]!.rawTimestamp, timestamp);
    assert.ok(seen[0]!.localTimestamp instanceof Date);
    assert.equal(seen[0]!.rawLocalTimestamp, '2026-11-26T22:05:00.123+01:00');
    assert.equal(connector.received.length, 0, 'an invoke response makes no connector call');
  });

  // /api/messages answers through Node's writeHead/end, not restify's send(): the same headers, a length always.
  it('answers /api/messages with exact framing: JSON with content-type and content-length, no body with content-length 0', async () => {
    running = await startCoexist(config({}), pino({ level: 'silent' }));
    const post = (body: string) => fetch(`${running!.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'rq-1' }, body });
    const bad = await post('{"hello":');
    const text = await bad.text();
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/json');
    assert.equal(bad.headers.get('content-length'), String(Buffer.byteLength(text)));
    assert.equal(bad.headers.get('x-request-id'), 'rq-1');
    assert.equal(bad.headers.get('server'), 'coexist');
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'BadRequest');
    const quiet = await post(JSON.stringify({ ...activity('http://127.0.0.1:9/', '', 'en-US'), type: 'typing' }));
    assert.equal(quiet.status, 200);
    assert.equal(quiet.headers.get('content-length'), '0');
    assert.equal(quiet.headers.get('transfer-encoding'), null);
    assert.equal(await quiet.text(), '');
  });

  it('routes POST /api/messages also with a query string, HEAD to 204, GET to 405 and other paths to 404', async () => {
    running = await startCoexist(config({}), pino({ level: 'silent' }));
    const url = running.url;
    const withQuery = await fetch(`${url}/api/messages?trace=1`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(withQuery.status, 415);
    assert.equal(((await withQuery.json()) as { error: { code: string } }).error.code, 'UnsupportedMediaType');
    assert.equal((await fetch(`${url}/api/messages`, { method: 'HEAD' })).status, 204);
    const get = await fetch(`${url}/api/messages`);
    assert.equal(get.status, 405);
    await get.arrayBuffer();
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const other = await fetch(`${url}/api/messagesX`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(other.status, 404);
    await other.arrayBuffer();
  });

  it('stop() closes the port', async () => {
    running = await startCoexist(config({}), pino({ level: 'silent' }));
    const url = running.url;
    await running.stop();
    running = undefined;
    await assert.rejects(fetch(`${url}/healthz`));
  });
});
