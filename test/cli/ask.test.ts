import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { runCli } from '../../src/cli/run-cli';
import { commands } from '../../src/cli/registry';
import { parseAskArgs } from '../../src/cli/ask';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createMigration, migrationRecordType, type Migration } from '../../src/procedure';
import { createRepositories, openStore } from '../../src/store';

const zone: ZoneData = {
  'meinefirma.de': { MX: [{ preference: 10, exchange: 'mx00.provider.test' }], TXT: ['MS=ms48151623', 'v=spf1 mx a ~all'] },
  'autodiscover.meinefirma.de': { CNAME: 'autodiscover.outlook.com' },
  'slow.de': { MX: [{ preference: 10, exchange: 'mx.provider.test' }] },
  'mx00.provider.test': { A: ['192.0.2.25'] },
  'mx.provider.test': { A: ['192.0.2.26'] },
};

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env });
  return { code, stdout, stderr };
}

interface AskJson { intent: string; confidence: number; language: string; answer: string; domain: string | null; stepId: string | null;
  checks: Array<{ id: string; status: string; advice: string }> }

describe('coexist ask', () => {
  let server: DnsTestServer;
  before(async () => {
    server = await startDnsServer({ zone });
    server.setBehaviour('slow.de', '*', 'timeout');
  });
  after(async () => { await server.close(); });

  it('prints the diagnosis as JSON with live checks, exit 0', async () => {
    const { code, stdout, stderr } = await run(['ask', 'Outlook findet das Konto nicht', '--domain', 'MeineFirma.de', '--dns', server.address, '--json']);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as AskJson;
    assert.equal(out.intent, 'autodiscover');
    assert.ok(out.confidence > 0 && out.confidence <= 1);
    assert.equal(out.language, 'de');
    assert.equal(out.domain, 'meinefirma.de');
    assert.equal(out.stepId, 'autodiscover');
    assert.deepEqual(out.checks.map((c) => [c.id, c.status]), [['autodiscover', 'ok']]);
    assert.match(out.answer, /autodiscover\.outlook\.com/);
  });

  it('reads the domain from a pasted NDR and words the answer in English', async () => {
    const ndr = "Your message to anna@meinefirma.de couldn't be delivered.\nRemote Server returned '550 5.7.23 The message was rejected because of Sender Policy Framework violation'";
    const { code, stdout } = await run(['ask', ndr, '--dns', server.address, '--json']);
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as AskJson;
    assert.equal(out.intent, 'spf-fail');
    assert.equal(out.domain, 'meinefirma.de');
    assert.deepEqual(out.checks.map((c) => [c.id, c.status]), [['spf', 'wrong']]);
  });

  it('answers unknown with exit 0 and prints text without --json', async () => {
    const { code, stdout } = await run(['ask', 'How', 'do', 'I', 'reset', 'my', 'password?', '--dns', server.address]);
    assert.equal(code, 0);
    assert.match(stdout, /I have no diagnosis/);
    const json = JSON.parse((await run(['ask', 'Wie ändere ich mein Passwort?', '--json', '--dns', server.address])).stdout) as AskJson;
    assert.equal(json.intent, 'unknown');
    assert.deepEqual(json.checks, []);
    assert.equal(json.stepId, null);
  });

  it('reports a DNS timeout as "could not check" and still answers', async () => {
    const { code, stdout } = await run(['ask', 'Mailschleife 554 5.4.14', '--domain', 'slow.de', '--dns', server.address, '--timeout', '100', '--json']);
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as AskJson;
    assert.equal(out.intent, 'mail-loop');
    assert.deepEqual(out.checks.map((c) => c.status), ['error']);
  });

  it('exits 2 with one line on usage errors', async () => {
    for (const argv of [['ask'], ['ask', '--json'], ['ask', 'x', '--domain', 'http://x'], ['ask', 'x', '--dns', 'nope:port'],
      ['ask', 'x', '--lang', 'fr'], ['ask', 'x', '--bogus'], ['ask', 'x', '--timeout', '0']]) {
      const { code, stdout, stderr } = await run(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^coexist ask: /);
    }
    assert.throws(() => parseAskArgs(['x'.repeat(20001)]), /at most 20000/);
  });

  it('runs as a real process (tsx src/cli.ts)', async function () {
    this.timeout(30000);
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'ask', '550 5.1.10 RESOLVER.ADR.RecipientNotFound',
      '--domain', 'meinefirma.de', '--dns', server.address, '--json'], { cwd: root });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as AskJson;
    assert.equal(out.intent, 'bounce-internal-relay');
    assert.deepEqual(out.checks.map((c) => [c.id, c.status]), [['mx', 'ok']]);
  });

  it('--storage --tenant: the answer knows the migration; a step it holds as done is not offered as the cause', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coexist-ask-'));
    try {
      const setting = `sqlite:${path.join(dir, 'coexist.db')}`;
      const store = await openStore(setting);
      const m = createMigration('tenant-a', 'meinefirma.de', 'admin-1', 1000);
      const done: Migration = { ...m, steps: { ...m.steps, 'internal-relay': { ...m.steps['internal-relay'], status: 'done' } } };
      assert.equal((await createRepositories<Migration>(store, migrationRecordType).migrations.put('tenant-a', 'meinefirma.de', done, 'absent')).ok, true);
      await store.close();
      const question = 'Mails an Kollegen bei Strato kommen zurück: 550 5.1.10 RecipientNotFound, einmal stand da auch relay access denied';
      const plain = JSON.parse((await run(['ask', question, '--dns', server.address, '--json'])).stdout) as AskJson & { ruledOut: unknown[] };
      assert.equal(plain.intent, 'bounce-internal-relay');
      assert.deepEqual(plain.ruledOut, []);
      const known = await run(['ask', question, '--storage', setting, '--tenant', 'tenant-a', '--dns', server.address, '--json']);
      assert.equal(known.code, 0, known.stderr);
      const out = JSON.parse(known.stdout) as AskJson & { ruledOut: unknown[] };
      assert.equal(out.intent, 'relay-denied');
      assert.equal(out.domain, 'meinefirma.de');
      assert.deepEqual(out.ruledOut, [{ intent: 'bounce-internal-relay', reason: 'step-done' }]);
      assert.match(out.answer, /Schritt 6 \(„.+"\) ist bestätigt/);
      const other = await run(['ask', question, '--storage', setting, '--tenant', 'tenant-b', '--dns', server.address, '--json']);
      assert.equal((JSON.parse(other.stdout) as AskJson).intent, 'bounce-internal-relay', 'another tenant sees none of tenant-a\'s migrations');
      assert.equal((await run(['ask', question, '--storage', setting])).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a clarifying question as data, and --intent answers it', async () => {
    const ask = JSON.parse((await run(['ask', 'My email to Petra came back', '--json', '--dns', server.address])).stdout) as AskJson & { clarify: { id: string; options: Array<{ intent: string }> } | null };
    assert.equal(ask.intent, 'unknown');
    assert.equal(ask.clarify?.id, 'bounce-direction');
    assert.deepEqual(ask.clarify?.options.map((o) => o.intent), ['bounce-internal-relay', 'forwarding-missing']);
    const answered = JSON.parse((await run(['ask', 'My email to Petra came back', '--intent', 'forwarding-missing', '--json', '--dns', server.address])).stdout) as AskJson & { clarify: unknown };
    assert.equal(answered.intent, 'forwarding-missing');
    assert.equal(answered.clarify, null);
    assert.equal((await run(['ask', 'x', '--intent', 'unknown'])).code, 2);
  });
});
