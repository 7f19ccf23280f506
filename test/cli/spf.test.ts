import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { runCli } from '../../src/cli/run-cli';
import { commands } from '../../src/cli/registry';

const zone: ZoneData = {
  'firma.de': { TXT: ['v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ip4:81.169.145.133 ~all'], A: ['203.0.113.5'], MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }] },
  'smtpin.rzone.de': { A: ['81.169.145.97'] },
  'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all'] },
  'smtp.strato.de': { TXT: ['v=spf1 ip4:81.169.144.0/20 -all'] },
  'typo.de': { TXT: ['v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ipv4:81.169.145.133 ~all'], MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }], A: ['203.0.113.6'] },
  'mail.firma.de': { A: ['198.51.100.7'], TXT: ['v=spf1 a -all'] },
};

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env });
  return { code, stdout, stderr };
}

describe('coexist spf', () => {
  let server: DnsTestServer;
  before(async () => { server = await startDnsServer({ zone }); });
  after(async () => { await server.close(); });

  describe('eval', () => {
    it('prints exactly { result, explanation, lookups, … } with --json and exits 0', async () => {
      const { code, stdout, stderr } = await run(['spf', 'eval', '--ip', '40.107.3.4', '--mailfrom', 'max@Firma.de', '--helo', 'mail.protection.outlook.com', '--dns', server.address, '--json']);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      const out = JSON.parse(stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(out).slice(0, 3), ['result', 'explanation', 'lookups']);
      assert.equal(out.result, 'pass');
      assert.equal(out.lookups, 1);
      assert.equal(out.mechanism, 'include:spf.protection.outlook.com');
      assert.equal(typeof out.explanation, 'string');
    });

    it('exits 0 for a computed fail or permerror too, and shows the lookups per include in text mode', async () => {
      const soft = await run(['spf', 'eval', '--ip', '192.0.2.99', '--mailfrom', 'max@firma.de', '--helo', 'x.example', '--dns', server.address]);
      assert.equal(soft.code, 0);
      assert.match(soft.stdout, /^softfail: /);
      assert.match(soft.stdout, /include:spf\.protection\.outlook\.com: 1 \+ 0/);
      assert.match(soft.stdout, /lookups: 4 of 10/);
      const perm = await run(['spf', 'eval', '--ip', '192.0.2.99', '--mailfrom', 'max@typo.de', '--helo', 'x.example', '--dns', server.address, '--json']);
      assert.equal(perm.code, 0);
      assert.equal(JSON.parse(perm.stdout).result, 'permerror');
    });

    it('treats an empty --mailfrom as the null sender: postmaster@<helo>', async () => {
      const { code, stdout } = await run(['spf', 'eval', '--ip', '198.51.100.7', '--mailfrom', '', '--helo', 'mail.firma.de', '--dns', server.address, '--json']);
      assert.equal(code, 0);
      const out = JSON.parse(stdout);
      assert.equal(out.sender, 'postmaster@mail.firma.de');
      assert.equal(out.result, 'pass');
    });

    it('a DNS timeout is temperror ("could not check"), still exit 0', async () => {
      server.setBehaviour('firma.de', 'TXT', 'timeout');
      try {
        const { code, stdout } = await run(['spf', 'eval', '--ip', '192.0.2.1', '--mailfrom', 'a@firma.de', '--helo', 'h.example', '--dns', server.address, '--timeout', '100', '--json']);
        assert.equal(code, 0);
        assert.equal(JSON.parse(stdout).result, 'temperror');
      } finally { server.clearBehaviours(); }
    });

    const usage: Array<[string, string[], RegExp]> = [
      ['missing --ip', ['--mailfrom', 'a@b.de', '--helo', 'h'], /missing --ip/],
      ['a bad --ip', ['--ip', '1.2.3', '--mailfrom', 'a@b.de', '--helo', 'h'], /not an IPv4 or IPv6 address/],
      ['missing --mailfrom', ['--ip', '1.2.3.4', '--helo', 'h'], /missing --mailfrom/],
      ['missing --helo', ['--ip', '1.2.3.4', '--mailfrom', 'a@b.de'], /missing --helo/],
      ['an unknown option', ['--ip', '1.2.3.4', '--mailfrom', 'a@b.de', '--helo', 'h', '--bogus'], /unknown option --bogus/],
      ['a bad --dns', ['--ip', '1.2.3.4', '--mailfrom', 'a@b.de', '--helo', 'h', '--dns', 'dns.google'], /--dns/],
      ['a bad --timeout', ['--ip', '1.2.3.4', '--mailfrom', 'a@b.de', '--helo', 'h', '--timeout', 'soon'], /--timeout/],
    ];
    for (const [what, args, message] of usage) {
      it(`refuses ${what} with exit 2 and one line on stderr`, async () => {
        const { code, stdout, stderr } = await run(['spf', 'eval', ...args]);
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(stderr, message);
        assert.equal(stderr.trim().split('\n').length, 1);
      });
    }
  });

  describe('suggest', () => {
    it('prints the record to publish, the reasoning and the lookups before and after', async () => {
      const { code, stdout } = await run(['spf', 'suggest', 'typo.de', '--dns', server.address]);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /^ {2}v=spf1 include:spf\.protection\.outlook\.com mx a include:smtp\.strato\.de ip4:81\.169\.145\.133 ~all$/m);
      assert.match(stdout, /DNS lookups: 4 → 4/);
      assert.match(stdout, /ipv4:81\.169\.145\.133/);
      assert.match(stdout, /\(Strato\)/);
    });
    it('speaks German with --lang de and gives JSON with --json', async () => {
      const de = await run(['spf', 'suggest', 'typo.de', '--dns', server.address, '--lang', 'de']);
      assert.match(de.stdout, /Veröffentlichen Sie diesen TXT-Eintrag/);
      // Without --lang the language comes from the locale, as in every sub-command (ask, prove, relay-probe).
      const fromLocale = await run(['spf', 'suggest', 'typo.de', '--dns', server.address], { LANG: 'de_DE.UTF-8' });
      assert.match(fromLocale.stdout, /Veröffentlichen Sie diesen TXT-Eintrag/);
      const english = await run(['spf', 'suggest', 'typo.de', '--dns', server.address, '--lang', 'en'], { LANG: 'de_DE.UTF-8' });
      assert.doesNotMatch(english.stdout, /Veröffentlichen Sie/, '--lang wins over the locale');
      const json = await run(['spf', 'suggest', 'neu.de', '--provider', 'ionos', '--dns', server.address, '--json']);
      assert.equal(json.code, 0);
      const out = JSON.parse(json.stdout);
      assert.equal(out.kind, 'new');
      assert.equal(out.provider, 'ionos');
      assert.equal(out.record, 'v=spf1 include:spf.protection.outlook.com include:smtp.1und1.de ~all');
    });
    it('refuses a bad provider and a non-domain with exit 2', async () => {
      assert.equal((await run(['spf', 'suggest', 'firma.de', '--provider', 'telekom'])).code, 2);
      const bad = await run(['spf', 'suggest', 'https://firma.de/x']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /firma\.de/);
    });
  });

  describe('tree', () => {
    it('prints the include tree with the lookups per branch; exit 0 when the spf check is ok', async () => {
      const { code, stdout } = await run(['spf', 'tree', 'firma.de', '--dns', server.address]);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /^firma\.de {2}4 lookups$/m);
      assert.match(stdout, /^ {2}include:smtp\.strato\.de {2}1 \+ 0$/m);
      assert.match(stdout, /^ {4}smtp\.strato\.de \(include\) {2}0 lookups$/m);
    });
    it('exits 1 with the reason when the tree is wrong, and --json carries the verdict', async () => {
      const { code, stdout } = await run(['spf', 'tree', 'typo.de', '--dns', server.address, '--json']);
      assert.equal(code, 1);
      const out = JSON.parse(stdout);
      assert.equal(out.status, 'wrong');
      assert.equal(out.lookups, 4);
      assert.equal(out.reasons[0].code, 'syntax-error');
    });
  });

  it('runs as a real process: `coexist spf eval` exit codes 0 and 2', async function () {
    this.timeout(30000);
    const cli = path.join(__dirname, '..', '..', 'src', 'cli.ts');
    const exec = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const ok = await exec(['spf', 'eval', '--ip', '81.169.145.97', '--mailfrom', 'x@firma.de', '--helo', 'h.example', '--dns', server.address, '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).result, 'pass');
    const bad = await exec(['spf', 'eval', '--ip', 'nope']);
    assert.equal(bad.code, 2);
    assert.doesNotMatch(bad.stderr, /at .*\.ts:\d+/);
  });
});
