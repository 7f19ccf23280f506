import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, requestIdFrom, turnLogger, type LoggerOptions } from '../../src/observability/logger';

function capture(options: Omit<LoggerOptions, 'destination'> = {}) {
  const chunks: string[] = [];
  const destination = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  const log = createLogger({ ...options, destination: destination as unknown as LoggerOptions['destination'] });
  return { log, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const token = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9ib3RpZCIsImlzcyI6Imh0dHBzOi8vYXBpLmJvdGZyYW1ld29yay5jb20ifQ.c2lnbmF0dXJlLXBhcnQ';
const botPassword = 'Xy7~qP9.botpassword-value';
const messageText = 'Mail an max.muster@meinefirma.de kommt zurück, Passwort ist Sommer2026';

describe('logger (pino, JSON, redaction)', () => {
  it('at info, a token, BOT_PASSWORD and a message text never appear, wherever they are put', async () => {
    const { log, text, lines } = capture({ level: 'info', secrets: [botPassword] });
    const turn = turnLogger(log, { conversationId: 'a:1', activityType: 'message' });
    const activity = { type: 'message', text: messageText, value: { domain: 'meinefirma.de', note: messageText },
      attachments: [{ content: { body: [{ text: messageText }] } }], from: { id: 'u1' } };
    turn.info({ req: { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, activity }, 'turn received');
    turn.info(`header was Bearer ${token}`);
    turn.info({ config: { BOT_PASSWORD: botPassword, botId: 'b1' } }, 'config loaded');
    turn.warn({ detail: `login failed for ${botPassword} with ${token}` }, 'connector said %s', `401 ${token}`);
    turn.error({ err: new Error(`request failed: Authorization: Bearer ${token}`) }, 'send failed');
    turn.info({ deep: { a: { b: { c: { access_token: token, clientSecret: botPassword } } } } }, 'nested');
    turn.error(new Error(`token rejected: ${token} (${botPassword})`));
    turn.info('activity %j from %s', { text: messageText, headers: { authorization: `Bearer ${token}` } }, botPassword);
    const out = text();
    assert.ok(out.length > 0);
    for (const forbidden of [token, botPassword, messageText, 'Sommer2026', token.slice(0, 40)]) {
      assert.ok(!out.includes(forbidden), `log output contains ${forbidden.slice(0, 20)}…:\n${out}`);
    }
    const parsed = lines();
    assert.equal(parsed.length, 8);
    assert.match(String(parsed[6]!.msg), /^token rejected: \[redacted\]/);
    assert.equal(parsed[0]!.level, 'info');
    assert.equal(parsed[0]!.conversationId, 'a:1');
    assert.match(String(parsed[0]!.turnId), /^[0-9a-f-]{36}$/);
    // Harmless fields survive, so the logs stay useful.
    assert.equal((parsed[0]!.req as { headers: Record<string, string> }).headers['content-type'], 'application/json');
    assert.equal((parsed[2]!.config as Record<string, string>).botId, 'b1');
  });

  it('shows message bodies only at debug with logBodies, and never secrets even then', () => {
    const info = capture({ level: 'info', logBodies: true });
    info.log.info({ activity: { text: messageText } }, 'x');
    assert.ok(!info.text().includes(messageText));
    const debug = capture({ level: 'debug', logBodies: true, secrets: [botPassword] });
    debug.log.debug({ activity: { text: messageText }, authorization: `Bearer ${token}`, pw: botPassword }, 'x');
    assert.ok(debug.text().includes(messageText));
    assert.ok(!debug.text().includes(token));
    assert.ok(!debug.text().includes(botPassword));
  });

  it('respects the configured level and rejects an unknown one with a clear message', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    assert.deepEqual(lines().map((l) => l.msg), ['shown']);
    assert.throws(() => createLogger({ level: 'verbose' as never }), /unknown log level "verbose"/);
  });

  it('survives circular objects and keeps every line valid JSON', () => {
    const { log, lines } = capture();
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    log.info({ a }, 'cycle');
    assert.equal((lines()[0]!.a as Record<string, unknown>).self, '[circular]');
  });

  it('accepts a safe incoming request id and replaces an unsafe one', () => {
    assert.equal(requestIdFrom('abc-123'), 'abc-123');
    assert.match(requestIdFrom('bad id\nwith newline'), /^[0-9a-f-]{36}$/);
    assert.match(requestIdFrom(undefined), /^[0-9a-f-]{36}$/);
  });
});
