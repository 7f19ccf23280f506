import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { runCli } from '../../src/cli/run-cli';
import { commands } from '../../src/cli/registry';

const MS = 'include:spf.protection.outlook.com';
const good: ZoneData = {
  'meinefirma.de': { SOA: { mname: 'ns1.meinefirma.de', rname: 'hostmaster.meinefirma.de', serial: 1, minimum: 300 }, NS: ['ns1.meinefirma.de'],
    TXT: ['MS=ms48151623', `v=spf1 ${MS} include:provider.test ~all`], MX: [{ preference: 10, exchange: 'mx00.provider.test' }] },
  'ns1.meinefirma.de': { A: ['127.0.0.2'] },
  'autodiscover.meinefirma.de': { CNAME: 'autodiscover.outlook.com' },
  'xn--mller-kva.de': { TXT: ['MS=ms1', `v=spf1 ${MS} -all`], MX: [{ preference: 10, exchange: 'mx00.provider.test' }] },
  'autodiscover.xn--mller-kva.de': { CNAME: 'autodiscover.outlook.com' },
  'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 -all'] },
  'provider.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  'broken.de': { TXT: ['MS=ms1', `v=spf1 ${MS} ipv4:192.0.2.1 -all`], MX: [{ preference: 0, exchange: 'broken-de.mail.protection.outlook.com' }] },
  'slow.de': { TXT: ['MS=ms1'] },
  'mx00.provider.test': { A: ['192.0.2.25'] },
};

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env });
  return { code, stdout, stderr };
}

describe('coexist check', () => {
  let server: DnsTestServer;
  before(async () => { server = await startDnsServer({ zone: good }); });
  after(async () => { await server.close(); });

  it('--help documents the mx check\'s wrong cases: name servers at Microsoft, an MX host without an address', async () => {
    const { code, stdout } = await run(['check', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /bdm\.microsoftonline\.com/);
    assert.match(stdout, /neither A nor AAAA/);
    assert.match(stdout, /trailing dot/);
  });

  it('an MX host without an address and redelegated name servers make mx WRONG and exit 1', async () => {
    server.setName('trailing.de', { MX: [{ preference: 10, exchange: 'smtpin.rzone.de.trailing.de' }] });
    server.setName('redelegated.de', { NS: ['ns1.bdm.microsoftonline.com'], MX: [{ preference: 10, exchange: 'mx00.provider.test' }] });
    for (const domain of ['trailing.de', 'redelegated.de']) {
      const { code, stdout } = await run(['check', domain, '--dns', server.address, '--json']);
      assert.equal(code, 1);
      const mx = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; advice: string }> }).checks.find((c) => c.id === 'mx')!;
      assert.equal(mx.status, 'wrong', stdout);
      assert.match(mx.advice, domain === 'trailing.de' ? /trailing dot/ : /name servers back to your provider/);
    }
  });

  it('prints the exact JSON shape and exits 0 when every check is ok', async () => {
    const { code, stdout, stderr } = await run(['check', 'MeineFirma.DE.', '--dns', server.address, '--json', '--expect-txt', 'MS=ms48151623']);
    assert.equal(stderr, '');
    assert.equal(code, 0, stdout);
    assert.equal(stdout.trim().split('\n').length, 1, 'one JSON object on one line');
    const out = JSON.parse(stdout) as { domain: string; checks: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(out), ['domain', 'checks']);
    assert.equal(out.domain, 'meinefirma.de');
    assert.deepEqual(out.checks.map((c) => c.id), ['verify-domain', 'mx', 'autodiscover', 'spf']);
    for (const c of out.checks) {
      assert.deepEqual(Object.keys(c), ['id', 'status', 'found', 'expected', 'advice']);
      assert.equal(c.status, 'ok');
      assert.equal(typeof c.advice, 'string');
    }
  });

  it('converts an IDN to its ASCII form', async () => {
    const { code, stdout } = await run(['check', 'MÜLLER.de', '--dns', server.address, '--json']);
    assert.equal(JSON.parse(stdout).domain, 'xn--mller-kva.de');
    assert.equal(code, 0, stdout);
  });

  it('exits 1 and prints a readable table with the verdicts when a check is not ok', async () => {
    const { code, stdout } = await run(['check', 'broken.de', '--dns', server.address]);
    assert.equal(code, 1);
    assert.match(stdout, /^mx\s+WRONG\s+0 broken-de\.mail\.protection\.outlook\.com$/m);
    assert.match(stdout, /^mx\s+WRONG.*\n\s+expected: .*\n\s+TTL 300s \(how long/m);
    assert.match(stdout, /^spf\s+WRONG\s+/m);
    assert.match(stdout, /^verify-domain\s+OK\s+MS=ms1$/m);
    assert.match(stdout, /^autodiscover\s+MISSING\s+-$/m);
    assert.match(stdout, /3 of 4 checks not ok/);
  });

  it('reports a timeout as error (never missing) within about 3x --timeout', async () => {
    server.setBehaviour('slow.de', '*', 'timeout');
    server.setBehaviour('autodiscover.slow.de', '*', 'timeout');
    try {
      const started = Date.now();
      const { code, stdout } = await run(['check', 'slow.de', '--dns', server.address, '--timeout', '200', '--json']);
      const elapsed = Date.now() - started;
      assert.equal(code, 1);
      assert.deepEqual((JSON.parse(stdout) as { checks: Array<{ status: string }> }).checks.map((c) => c.status), ['error', 'error', 'error', 'error']);
      assert.ok(elapsed < 3 * 200 + 400, `took ${elapsed} ms`);
    } finally {
      server.clearBehaviours();
    }
  });

  const usage: Array<[string[], RegExp]> = [
    [['check'], /missing <domain>/],
    [['check', 'a.de', 'b.de'], /expected one domain/],
    [['check', 'https://www.meinefirma.de/'], /web address.*did you mean meinefirma\.de/],
    [['check', 'max@meinefirma.de'], /e-mail address.*did you mean meinefirma\.de/],
    [['check', 'meine firma.de'], /spaces/],
    [['check', 'localhost'], /no dot/],
    [['check', 'a..de'], /empty label/],
    [['check', '-a.de'], /hyphen/],
    [['check', `${'x'.repeat(64)}.de`], /63/],
    [['check', ''], /no domain/],
    [['check', 'meinefirma.de', '--dns', 'dns.google'], /--dns/],
    [['check', 'meinefirma.de', '--dns'], /--dns needs a value/],
    [['check', 'meinefirma.de', '--timeout', 'abc'], /--timeout/],
    [['check', 'meinefirma.de', '--timeout', '0'], /--timeout/],
    [['check', 'meinefirma.de', '--frobnicate'], /unknown option --frobnicate/],
  ];
  for (const [argv, message] of usage) {
    it(`refuses ${JSON.stringify(argv.slice(1))} with exit 2 and one line on stderr`, async () => {
      const { code, stdout, stderr } = await run(argv);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.doesNotMatch(stderr, /\bat .*\.ts:\d+/);
    });
  }

  it('without --dns: finds the nameservers through the public resolver, asks them and reports propagation', async () => {
    // The parent (acting as the public resolver) knows the delegation; the child on 127.0.0.2 is authoritative.
    const parentZone: ZoneData = {
      'meinefirma.de': { NS: ['ns1.meinefirma.de'], TXT: ['MS=ms48151623', 'v=spf1 include:provider.test -all'], MX: [{ preference: 10, exchange: 'mx00.provider.test' }], ttl: 3600 },
      'ns1.meinefirma.de': { A: ['127.0.0.2'] },
      'autodiscover.meinefirma.de': { CNAME: 'autodiscover.outlook.com' },
      'spf.protection.outlook.com': good['spf.protection.outlook.com']!,
      'provider.test': good['provider.test']!,
      'mx00.provider.test': good['mx00.provider.test']!,
    };
    const parent = await startDnsServer({ zone: parentZone });
    const child = await startDnsServer({ zone: good, host: '127.0.0.2' });
    try {
      const { code, stdout } = await run(['check', 'meinefirma.de', '--json'], { COEXIST_PUBLIC_RESOLVERS: parent.address, COEXIST_NAMESERVER_PORT: String(child.port) });
      const out = JSON.parse(stdout) as { checks: Array<{ id: string; status: string; resolvers?: Array<{ server: string; status: string; ttlSeconds?: number }> }> };
      assert.deepEqual(out.checks.map((c) => c.status), ['ok', 'ok', 'ok', 'ok'], stdout);
      const spf = out.checks.find((c) => c.id === 'spf')!;
      assert.deepEqual(spf.resolvers!.map((r) => [r.server, r.status, r.ttlSeconds]), [[parent.address, 'wrong', 3600]]);
      assert.equal(code, 0);
      assert.ok(child.count('meinefirma.de', 'TXT') >= 1, 'the authoritative server was asked');
      assert.equal(child.log.filter((e) => e.name === 'spf.protection.outlook.com').length, 0, 'names outside the zone go to the public resolver');
    } finally {
      await parent.close();
      await child.close();
    }
  });

  it('runs as a real process (tsx src/cli.ts) with the same exit code and JSON', async function () {
    this.timeout(30000);
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'check', 'broken.de', '--dns', server.address, '--json'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr);
    assert.deepEqual((JSON.parse(stdout) as { checks: Array<{ status: string }> }).checks.map((c) => c.status), ['ok', 'wrong', 'missing', 'wrong']);
    const bad = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'check', 'http://x'], { cwd: root });
    let badErr = '';
    bad.stderr.on('data', (d: Buffer) => { badErr += d.toString(); });
    assert.equal(await new Promise<number | null>((resolve) => bad.on('close', resolve)), 2);
    // Node's own deprecation warnings (from other commands' dependencies) are not ours to count.
    const ours = badErr.split('\n').filter((l) => l.trim() !== '' && !/^\(node:\d+\)|^\(Use `node/.test(l));
    assert.deepEqual(ours, ['coexist check: "http://x" is a web address, not a domain'], badErr);
  });
});
