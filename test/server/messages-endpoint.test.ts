import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import pino from 'pino';
import { checkCardSubmit, cardSubmitOf } from '../../src/cards/card-submit-schema';
import { createMessagesEndpoint, type ProcessActivity } from '../../src/http/messages-endpoint';
import { bracketCountExceeds, MAX_JSON_DEPTH, parseActivityBody, precheckBearer, readBody } from '../../src/http/request-guards';

const APP = '11111111-2222-3333-4444-555555555555';
const jwt = (head: object, claims: object) => `${Buffer.from(JSON.stringify(head)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
const activity = { type: 'message', serviceUrl: 'https://smba.trafficmanager.net/emea/', from: { id: 'u' }, recipient: { id: 'b' }, conversation: { id: 'c' } };

/** Serves the endpoint on loopback; `process` stands in for the Bot Framework adapter. */
async function serve(process: ProcessActivity, authTimeoutMs = 300): Promise<{ url: string; close: () => Promise<void> }> {
  const endpoint = createMessagesEndpoint({ process, appId: APP, logger: pino({ level: 'silent' }), authTimeoutMs });
  const server = http.createServer((req, res) => {
    void endpoint(req).then((reply) => {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('messages endpoint: authentication fails closed', () => {
  const now = Math.floor(Date.now() / 1000);
  const token = `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, { iss: 'https://api.botframework.com', aud: APP, exp: now + 600 })}`;
  const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify(activity) });

  it('refuses with 401 when authentication hangs (no route to the key endpoint), and never runs the turn afterwards', async () => {
    let turnRan = false;
    let finishAuth: () => void = () => undefined;
    const server = await serve(async (_activity, _authorization, startTurn) => {
      await new Promise<void>((resolve) => { finishAuth = resolve; });
      if (startTurn()) turnRan = true;
      return { status: 200 };
    });
    try {
      const started = Date.now();
      const answer = await post(server.url);
      assert.equal(answer.status, 401);
      assert.ok(Date.now() - started < 2000);
      finishAuth();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(turnRan, false);
    } finally {
      await server.close();
    }
  });

  it('refuses with 401 when the adapter finishes without starting the turn (whatever status it chose) or throws before it', async () => {
    for (const process of [async () => ({ status: 500 }), async () => ({ status: 200 }), async () => { throw new Error('ENOTFOUND login.botframework.com'); }] as ProcessActivity[]) {
      const server = await serve(process);
      try {
        assert.equal((await post(server.url)).status, 401);
      } finally {
        await server.close();
      }
    }
  });

  it('passes the adapter\'s answer through once the turn started (invoke status and body)', async () => {
    const server = await serve(async (_a, _auth, startTurn) => {
      assert.equal(startTurn(), true);
      assert.equal(startTurn(), false, 'a turn starts at most once');
      return { status: 200, body: { statusCode: 200, value: 'ok' } };
    });
    try {
      const answer = await post(server.url);
      assert.equal(answer.status, 200);
      assert.deepEqual(await answer.json(), { statusCode: 200, value: 'ok' });
    } finally {
      await server.close();
    }
  });
});

describe('request guards (pure)', () => {
  const now = 1_800_000_000;
  const good = { iss: 'https://api.botframework.com', aud: APP, exp: now + 600 };
  const table: Array<[string, string | undefined, boolean]> = [
    ['a Bot Framework-shaped token', `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, good)}`, true],
    ['an Entra v2 issuer (single tenant)', `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, { ...good, iss: 'https://login.microsoftonline.com/99999999-8888-7777-6666-555555555555/v2.0' })}`, true],
    ['audience as a list', `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, { ...good, aud: ['x', APP] })}`, true],
    ['no header', undefined, false],
    ['alg none', `Bearer ${jwt({ alg: 'none', kid: 'k' }, good)}`, false],
    ['no kid', `Bearer ${jwt({ alg: 'RS256' }, good)}`, false],
    ['expired beyond the skew', `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, { ...good, exp: now - 301 })}`, false],
    ['expired within the 5-minute skew', `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, { ...good, exp: now - 299 })}`, true],
    ['not yet valid', `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, { ...good, nbf: now + 900 })}`, false],
    ['an issuer that only looks similar', `Bearer ${jwt({ alg: 'RS256', kid: 'k' }, { ...good, iss: 'https://api.botframework.com.evil.example' })}`, false],
    ['garbage segments', 'Bearer a.b.c', false],
  ];
  for (const [name, header, passes] of table) {
    it(`bearer pre-check: ${name} → ${passes ? 'passes on to botbuilder' : '401'}`, () => {
      const result = precheckBearer(header, { appId: APP, nowSeconds: now });
      if (passes) assert.equal(result, undefined);
      else assert.equal(result?.status, 401);
    });
  }

  it('parseActivityBody keeps a valid activity and rejects non-object entities', () => {
    assert.equal(parseActivityBody(JSON.stringify(activity)).ok, true);
    assert.equal(parseActivityBody(JSON.stringify({ ...activity, entities: [null] })).ok, false);
    assert.equal(parseActivityBody(JSON.stringify({ ...activity, serviceUrl: 'https://user:pw@host/' })).ok, false);
    assert.equal(parseActivityBody(JSON.stringify({ ...activity, locale: 'x'.repeat(100) })).ok, false);
  });

  // The depth walk runs only when the body has more than MAX_JSON_DEPTH brackets: the count is a bound, not the check.
  it('nesting: deeper than the limit is refused however it is spread; many brackets side by side or inside strings are fine', () => {
    const depth = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const body = (value: string) => JSON.stringify({ ...activity, value: '@' }).replace('"@"', value);
    assert.equal(parseActivityBody(body(depth(MAX_JSON_DEPTH - 2))).ok, true, 'value at depth 2 holds 62 more levels');
    assert.equal(parseActivityBody(body(depth(MAX_JSON_DEPTH))).ok, false);
    const objects = (n: number) => `${'{"x":'.repeat(n)}1${'}'.repeat(n)}`;
    assert.equal(parseActivityBody(body(`{"a":${depth(30)},"b":${objects(MAX_JSON_DEPTH - 2)}}`)).ok, true, "30 arrays beside 62 objects: 94 brackets, depth 64");
    assert.equal(parseActivityBody(body(`{"a":${depth(30)},"b":${objects(MAX_JSON_DEPTH - 1)}}`)).ok, false, "one object deeper: 65");
    assert.equal(parseActivityBody(body(`[${Array.from({ length: 200 }, () => '{"a":[1]}').join(',')}]`)).ok, true, '400 brackets, depth 4');
    assert.equal(parseActivityBody(body(JSON.stringify('['.repeat(500)))).ok, true, 'brackets in a string are text');
    assert.equal(bracketCountExceeds('{"a":[{}]}', 2), true);
    assert.equal(bracketCountExceeds('{"a":[{}]}', 3), false);
  });

  it('readBody: one chunk or many (a UTF-8 character split between two) give the same text', async () => {
    const text = JSON.stringify({ ...activity, text: 'Grüße – 检查 ✓' });
    const bytes = Buffer.from(text, 'utf8');
    const split = bytes.indexOf(Buffer.from('ü', 'utf8')) + 1;
    const request = (chunks: Buffer[]) => Object.assign(Readable.from(chunks, { objectMode: false }), { headers: {} }) as unknown as http.IncomingMessage;
    assert.deepEqual(await readBody(request([bytes])), { kind: 'ok', text });
    assert.deepEqual(await readBody(request([bytes.subarray(0, split), bytes.subarray(split, split + 5), bytes.subarray(split + 5)])), { kind: 'ok', text });
  });

  it('card-submit schema: our verbs with well-formed data pass; anything else says why', () => {
    assert.equal(checkCardSubmit('migration.check', { verb: 'migration.check', stepId: 'mx', domain: 'meinefirma.de', revision: 3 }).ok, true);
    assert.equal(checkCardSubmit('procedure.goto', { stepId: 'spf', domain: 'meinefirma.de' }).ok, true);
    assert.equal(checkCardSubmit('migration.inputs', { verb: 'migration.inputs', domain: 'meinefirma.de', revision: '4', users: 'Max; max@meinefirma.de\n'.repeat(100) }).ok, true);
    for (const [verb, data] of [['migration.check', { verb: 'migration.skip' }], ['x.y', {}], ['migration.check', { a: { b: { c: { d: { e: 1 } } } } }], ['migration.check', { revision: -1 }]] as const) {
      const result = checkCardSubmit(verb, data);
      assert.equal(result.ok, false, `${verb} ${JSON.stringify(data)}`);
    }
    assert.deepEqual(cardSubmitOf({ type: 'message', text: 'hello', value: { verb: 'x' } }), undefined, 'typed text is a message, not a submit');
  });
});
