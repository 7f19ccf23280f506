import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { runCli } from '../../src/cli/run-cli';
import { commands } from '../../src/cli/registry';
import { ALL_CHECK_IDS, DOMAIN_CHECKS } from '../../src/probes/check-domain';

const MS = 'include:spf.protection.outlook.com';
const zone: ZoneData = {
  'meinefirma.de': { TXT: ['MS=ms48151623', `v=spf1 ${MS} include:provider.test ~all`], MX: [{ preference: 10, exchange: 'mx00.provider.test' }] },
  'autodiscover.meinefirma.de': { CNAME: 'autodiscover.outlook.com' },
  '_dmarc.meinefirma.de': { TXT: ['v=DMARC1; p=none; rua=mailto:dmarc@meinefirma.de'] },
  'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 -all'] },
  'provider.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  'mx00.provider.test': { A: ['192.0.2.25'] },
  'nodmarc.de': { TXT: ['MS=ms1', `v=spf1 ${MS} -all`], MX: [{ preference: 10, exchange: 'mx00.provider.test' }] },
  'autodiscover.nodmarc.de': { CNAME: 'autodiscover.outlook.com' },
};

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, commands, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {} });
  return { code, stdout, stderr };
}

type Json = { domain: string; checks: Array<{ id: string; status: string; found: unknown; expected: unknown; advice: string }> };

describe('coexist check --checks / --all', () => {
  let server: DnsTestServer;
  before(async () => { server = await startDnsServer({ zone }); });
  after(async () => { await server.close(); });

  it('without --checks runs the default four only, and a missing DMARC does not change the exit code', async () => {
    const { code, stdout } = await run(['check', 'nodmarc.de', '--dns', server.address, '--json']);
    const out = JSON.parse(stdout) as Json;
    assert.deepEqual(out.checks.map((c) => c.id), DOMAIN_CHECKS.map((c) => c.id));
    assert.equal(code, 0, stdout);
  });

  it('--checks runs exactly the given checks, in the given order, with the existing JSON shape', async () => {
    const { code, stdout, stderr } = await run(['check', 'meinefirma.de', '--dns', server.address, '--json', '--checks', 'dmarc,spf']);
    assert.equal(stderr, '');
    const out = JSON.parse(stdout) as Json;
    assert.deepEqual(out.checks.map((c) => c.id), ['dmarc', 'spf']);
    for (const c of out.checks) assert.deepEqual(Object.keys(c), ['id', 'status', 'found', 'expected', 'advice']);
    assert.deepEqual(out.checks.map((c) => c.status), ['ok', 'ok']);
    assert.equal(code, 0);
  });

  it('--checks with a check that is not ok exits 1', async () => {
    const { code, stdout } = await run(['check', 'nodmarc.de', '--dns', server.address, '--checks=dmarc']);
    assert.match(stdout, /^dmarc\s+MISSING\s+-$/m);
    assert.match(stdout, /1 of 1 checks not ok/);
    assert.equal(code, 1);
  });

  it('--all runs the default checks first, then the others', async () => {
    const { stdout } = await run(['check', 'meinefirma.de', '--dns', server.address, '--json', '--all']);
    const out = JSON.parse(stdout) as Json;
    assert.deepEqual(out.checks.map((c) => c.id), [...ALL_CHECK_IDS]);
    assert.ok(ALL_CHECK_IDS.length > DOMAIN_CHECKS.length);
    assert.equal(out.checks.find((c) => c.id === 'dmarc')!.status, 'ok');
  });

  it('--help names --checks, --all and every check id', async () => {
    const { stdout, code } = await run(['check', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /--checks ID/);
    assert.match(stdout, /--all/);
    for (const id of ALL_CHECK_IDS) assert.ok(stdout.includes(id), id);
  });

  const usage: Array<[string[], RegExp]> = [
    [['check', 'meinefirma.de', '--checks', 'dmarc,dkm'], /unknown check "dkm"; known: verify-domain/],
    [['check', 'meinefirma.de', '--checks', 'dmarc,dmarc'], /"dmarc" is given twice/],
    [['check', 'meinefirma.de', '--checks', 'dmarc,'], /unknown check ""/],
    [['check', 'meinefirma.de', '--checks'], /--checks needs a value/],
    [['check', 'meinefirma.de', '--checks', 'dmarc', '--all'], /exclude each other/],
  ];
  for (const [argv, message] of usage) {
    it(`refuses ${JSON.stringify(argv.slice(2))} with exit 2 and one line`, async () => {
      const { code, stdout, stderr } = await run(argv);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
    });
  }
});
