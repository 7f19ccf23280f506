import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { runCli } from '../../src/cli/run-cli';
import { commands } from '../../src/cli/registry';
import { derivedTenantMx, parseRelayProbeArgs } from '../../src/cli/relay-probe';
import { classifyRcptReply } from '../../src/proofs/relay-probe';
import { scanReply, type SmtpReply } from '../../src/proofs/smtp-reply';
import { startPostfix, type PostfixServer } from '../support/postfix';

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env });
  return { code, stdout, stderr };
}

function reply(code: number, text: string): SmtpReply {
  const scan = scanReply(`${code} ${text}\r\n`);
  assert.equal(scan.kind, 'reply');
  return (scan as { reply: SmtpReply }).reply;
}

describe('SMTP replies (RFC 5321 4.2)', () => {
  it('reads a multi-line reply to its last line and the enhanced status code of that line', () => {
    const scan = scanReply('250-mx.test Hello\r\n250-PIPELINING\r\n250 2.0.0 ENHANCEDSTATUSCODES\r\n220 next');
    assert.equal(scan.kind, 'reply');
    if (scan.kind !== 'reply') return;
    assert.equal(scan.reply.code, 250);
    assert.equal(scan.reply.enhanced, '2.0.0');
    assert.deepEqual(scan.reply.lines, ['250-mx.test Hello', '250-PIPELINING', '250 2.0.0 ENHANCEDSTATUSCODES']);
    assert.equal(scan.rest, '220 next');
  });

  const table: Array<[string, string, string?]> = [
    ['250-partial\r\n', 'incomplete'],
    ['550 5.4.1', 'incomplete'],
    ['550 5.4.1 Access denied\n', 'reply', '5.4.1'],
    ['354\r\n', 'reply'],
    ['250 OK\r\n', 'reply'],
    ['HTTP/1.1 400 Bad Request\r\n', 'malformed'],
    ['250-a\r\n550 b\r\n', 'malformed'],
    ['099 low\r\n', 'malformed'],
    [`250 ${'x'.repeat(3000)}`, 'malformed'],
  ];
  for (const [input, kind, enhanced] of table) {
    it(`${JSON.stringify(input.slice(0, 30))} → ${kind}${enhanced ? ` ${enhanced}` : ''}`, () => {
      const scan = scanReply(input);
      assert.equal(scan.kind, kind);
      if (scan.kind === 'reply') assert.equal(scan.reply.enhanced, enhanced);
    });
  }
});

describe('relay probe verdict of a RCPT reply', () => {
  const table: Array<[number, string, string]> = [
    [250, '2.1.5 Recipient OK', 'internal-relay'],
    [251, 'User not local; will forward', 'internal-relay'],
    [550, '5.4.1 Recipient address rejected: Access denied. AS(201806281)', 'authoritative'],
    [550, '5.1.1 User unknown', 'unknown'],
    [550, '5.7.606 Access denied, banned sending IP', 'unknown'],
    [554, '5.4.1 Access denied', 'unknown'],
    [451, '4.7.500 Server busy', 'unknown'],
    [550, 'Access denied', 'unknown'],
  ];
  for (const [code, text, expected] of table) {
    it(`${code} ${text} → ${expected}`, () => {
      assert.equal(classifyRcptReply(reply(code, text)).domainType, expected);
    });
  }
  it('calls a 4xx temporary and other refusals "other"', () => {
    assert.deepEqual(classifyRcptReply(reply(451, '4.7.500 busy')), { domainType: 'unknown', reason: 'rcpt-temporary' });
    assert.deepEqual(classifyRcptReply(reply(550, '5.1.1 unknown')), { domainType: 'unknown', reason: 'rcpt-other' });
  });
});

describe('coexist relay-probe arguments', () => {
  it('defaults to the tenant MX derived from the domain, port 25', () => {
    const args = parseRelayProbeArgs(['MeineFirma.de']);
    assert.equal(args.host, 'meinefirma-de.mail.protection.outlook.com');
    assert.equal(args.port, 25);
    assert.equal(derivedTenantMx('my-firm.co.uk'), 'my-firm-co-uk.mail.protection.outlook.com');
  });

  it('exits 2 for usage errors, with the same domain rules as coexist check', async () => {
    for (const argv of [['relay-probe'], ['relay-probe', 'max@meinefirma.de'], ['relay-probe', 'xn--zz.de'], ['relay-probe', 'a.de', '--mx', 'bad host'],
      ['relay-probe', 'a.de', '--mx', 'mx.test:0'], ['relay-probe', 'a.de', '--timeout', 'soon'], ['relay-probe', 'a.de', '--lang', 'fr'], ['relay-probe', 'a.de', 'b.de']]) {
      const result = await run(argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, /^coexist relay-probe: .+\n$/);
      assert.equal(result.stdout, '');
    }
  });
});

describe('coexist relay-probe against a real Postfix (Directory-Based Edge Blocking both ways)', function () {
  this.timeout(60_000);
  let postfix: PostfixServer;
  let silent: Server;
  let silentPort: number;
  const ports: Record<string, number> = {};

  before(async () => {
    postfix = await startPostfix({
      recipientRules: [
        '/@dbeb\\.test$/ 550 5.4.1 Recipient address rejected: Access denied',
        '/@grey\\.test$/ 450 4.7.1 Try again later',
        '/@nomailbox\\.test$/ 550 5.1.1 User unknown',
      ],
      relayDomains: ['relay.test', 'grey.test', 'nomailbox.test'],
      services: {
        main: {},
        connect: { smtpd_delay_reject: 'no', smtpd_client_restrictions: 'reject' },
        mail: { smtpd_delay_reject: 'no', smtpd_sender_restrictions: 'reject' },
      },
    });
    Object.assign(ports, postfix.ports);
    silent = createServer(() => { /* accepts and never greets */ });
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', () => done()));
    silentPort = (silent.address() as { port: number }).port;
  });
  after(async () => {
    await postfix?.stop();
    await new Promise<void>((done) => (silent ? silent.close(() => done()) : done()));
  });

  async function probe(domain: string, port: number, extra: string[] = []): Promise<{ code: number; json: Record<string, unknown> }> {
    const result = await run(['relay-probe', domain, '--mx', `127.0.0.1:${port}`, '--json', ...extra]);
    assert.equal(result.stderr, '');
    return { code: result.code, json: JSON.parse(result.stdout) as Record<string, unknown> };
  }

  it('authoritative: 550 5.4.1 at RCPT, exit 1, the advice says to switch to Internal Relay', async () => {
    const { code, json } = await probe('dbeb.test', ports.main!);
    assert.equal(code, 1);
    assert.deepEqual(Object.keys(json), ['domain', 'mx', 'domainType', 'reply', 'advice']);
    assert.equal(json.domain, 'dbeb.test');
    assert.equal(json.mx, `127.0.0.1:${ports.main}`);
    assert.equal(json.domainType, 'authoritative');
    assert.match(String(json.reply), /^550 5\.4\.1 <coexist-probe-[a-z2-7]{16}@dbeb\.test>: Recipient address rejected/);
    assert.match(String(json.advice), /Set-AcceptedDomain -Identity dbeb\.test -DomainType InternalRelay/);
  });

  it('internal-relay: 250 at RCPT, exit 0, and the server never saw DATA (Postfix counts the commands)', async () => {
    const { code, json } = await probe('relay.test', ports.main!);
    assert.equal(code, 0);
    assert.equal(json.domainType, 'internal-relay');
    assert.match(String(json.reply), /^250 2\.1\.5/);
    // Postfix logs "disconnect from … ehlo=1 mail=1 rcpt=1 quit=1 commands=4" when the client leaves.
    let line: string | undefined;
    for (let i = 0; i < 50 && !line; i++) {
      line = postfix.log().split('\n').find((l) => /disconnect from/.test(l) && /rcpt=1 /.test(l));
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(line, postfix.log());
    assert.match(line, /ehlo=1 mail=1 rcpt=1 quit=1 commands=4/);
    assert.doesNotMatch(postfix.log(), /data=/);
  });

  it('a fresh random recipient each time', async () => {
    const a = await probe('dbeb.test', ports.main!);
    const b = await probe('dbeb.test', ports.main!);
    const recipient = (json: Record<string, unknown>): string => /<(coexist-probe-[a-z2-7]{16}@dbeb\.test)>/.exec(String(json.reply))?.[1] ?? '';
    assert.notEqual(recipient(a.json), '');
    assert.notEqual(recipient(a.json), recipient(b.json));
  });

  it('unknown for a 4xx (greylisting), another 5xx (no such user, relay denied), exit 1, with the reply', async () => {
    const cases: Array<[string, RegExp]> = [['grey.test', /^450 4\.7\.1/], ['nomailbox.test', /^550 5\.1\.1/], ['elsewhere.test', /^554 5\.7\.1/]];
    for (const [domain, expected] of cases) {
      const { code, json } = await probe(domain, ports.main!);
      assert.equal(code, 1, domain);
      assert.equal(json.domainType, 'unknown', domain);
      assert.match(String(json.reply), expected);
      assert.match(String(json.advice), /^Could not tell/);
    }
  });

  it('unknown when the server rejects the client at connect or the null sender at MAIL', async () => {
    for (const port of [ports.connect!, ports.mail!]) {
      const { code, json } = await probe('relay.test', port);
      assert.equal(code, 1);
      assert.equal(json.domainType, 'unknown');
      assert.match(String(json.reply), /^5\d\d /);
      assert.match(String(json.advice), /refused the dialogue before the recipient/);
    }
  });

  it('unknown for a refused connection and for a server that never answers, within --timeout', async () => {
    const closed = await probe('relay.test', await unusedPort());
    assert.equal(closed.code, 1);
    assert.equal(closed.json.domainType, 'unknown');
    assert.equal(closed.json.reply, '');
    assert.match(String(closed.json.advice), /no connection to/);
    const started = Date.now();
    const stalled = await probe('relay.test', silentPort, ['--timeout', '400']);
    assert.equal(stalled.code, 1);
    assert.equal(stalled.json.domainType, 'unknown');
    assert.match(String(stalled.json.advice), /did not finish the dialogue in time \(no answer within 400 ms\)/);
    assert.ok(Date.now() - started < 5000);
  });

  it('speaks German with --lang de and in the table, using the admin center\'s terms', async () => {
    const result = await run(['relay-probe', 'dbeb.test', '--mx', `127.0.0.1:${ports.main}`, '--lang', 'de']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Domänentyp: Autoritative Domäne/);
    assert.match(result.stdout, /„Interne Relaydomäne"/);
    const viaLang = await run(['relay-probe', 'relay.test', '--mx', `127.0.0.1:${ports.main}`], { LANG: 'de_DE.UTF-8' });
    assert.equal(viaLang.code, 0);
    assert.match(viaLang.stdout, /Domänentyp: Interne Relaydomäne/);
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
