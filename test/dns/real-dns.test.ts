import assert from 'node:assert/strict';
import { query, requireOrSkip, startRealDns, type RealDns, type RunningServer, type ZoneSpec } from '../support/real-dns';
import { runCli } from '../../src/cli/run-cli';
import { commands } from '../../src/cli/registry';

// Production mode (`coexist check` without --dns) against real DNS server software on 127.0.53.x:
// NSD plays the root (127.0.53.1) and the servers "elsewhere" (127.0.53.4: a delegated subzone, Microsoft 365's
// DNS hosting); BIND 9 (ns1, 127.0.53.2) and Knot (ns2, 127.0.53.3) serve the domains; Unbound (127.0.53.10),
// with root hints at the loopback root, is the public resolver.
const ROOT = '127.0.53.1';
const NS1 = '127.0.53.2';
const NS2 = '127.0.53.3';
const ELSEWHERE = '127.0.53.4';
const RESOLVER = '127.0.53.10';
const NAMESERVERS = ['ns1.nic.test.', 'ns2.nic.test.'];
const MS_SPF = 'include:spf.protection.outlook.com';

function domainRecords(spf: string, mx = 'smtpin.rzone.de.'): string[] {
  return ['@ TXT "MS=ms48151623"', `@ TXT "${spf}"`, `@ MX 10 ${mx}`, 'autodiscover CNAME autodiscover.outlook.com.'];
}

const DOMAINS: ZoneSpec[] = [
  { origin: 'delegated.de', serial: 2026120201, nameservers: NAMESERVERS,
    records: [...domainRecords(`v=spf1 ${MS_SPF} include:_spf.delegated.de ~all`), '_spf NS ns.else.test.'] },
  { origin: 'cname.de', serial: 2026120201, nameservers: NAMESERVERS,
    records: [...domainRecords(`v=spf1 ${MS_SPF} include:_spf.cname.de ~all`), '_spf CNAME _spf.strato.de.'] },
  { origin: 'typo.de', serial: 2026120201, nameservers: NAMESERVERS,
    records: domainRecords(`v=spf1 ${MS_SPF} include:_spf.strato.de ~all`, 'smtpin.rzone.de.typo.de.') },
  { origin: 'stale.de', serial: 2026120201, nameservers: NAMESERVERS, ttl: 3600, records: domainRecords('v=spf1 include:_spf.strato.de ~all') },
];
const STALE_FIXED: ZoneSpec = { ...DOMAINS[3]!, serial: 2026120202, records: domainRecords(`v=spf1 ${MS_SPF} include:_spf.strato.de ~all`) };
const ROOT_ZONE: ZoneSpec = { origin: '.', serial: 1, nameservers: ['a.root.test.'], records: [
  `a.root.test. A ${ROOT}`, `ns1.nic.test. A ${NS1}`, `ns2.nic.test. A ${NS2}`, `ns.else.test. A ${ELSEWHERE}`,
  `ns1.bdm.microsoftonline.com. A ${ELSEWHERE}`, `ns2.bdm.microsoftonline.com. A ${ELSEWHERE}`,
  ...DOMAINS.flatMap((d) => NAMESERVERS.map((ns) => `${d.origin}. NS ${ns}`)),
  'redelegated.de. NS ns1.bdm.microsoftonline.com.', 'redelegated.de. NS ns2.bdm.microsoftonline.com.',
  'spf.protection.outlook.com. TXT "v=spf1 ip4:40.92.0.0/15 -all"',
  '_spf.strato.de. TXT "v=spf1 ip4:81.169.144.0/20 -all"',
  'smtpin.rzone.de. A 81.169.145.97',
  'autodiscover.outlook.com. A 52.97.0.1',
] };
const ELSEWHERE_ZONES: ZoneSpec[] = [
  { origin: '_spf.delegated.de', serial: 7, nameservers: ['ns.else.test.'], records: ['@ TXT "v=spf1 ip4:192.0.2.0/24 -all"'] },
  // Microsoft 365 hosts the zone now; the admin re-entered the provider's MX there.
  { origin: 'redelegated.de', serial: 1, nameservers: ['ns1.bdm.microsoftonline.com.', 'ns2.bdm.microsoftonline.com.'],
    records: domainRecords(`v=spf1 ${MS_SPF} include:_spf.strato.de ~all`) },
];

interface Check { id: string; status: string; found: unknown; advice: string }

interface Check { propagation?: { servers: string[]; waitSeconds?: number; visibleBy?: string } }

async function check(domain: string): Promise<{ code: number; checks: Check[]; stderr: string }> {
  const { code, stdout, stderr } = await cli(domain, true);
  return { code, checks: (JSON.parse(stdout) as { checks: Check[] }).checks, stderr };
}

async function cli(domain: string, json: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', domain, ...(json ? ['--json'] : []), '--timeout', '1000'], commands, {
    stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: { COEXIST_PUBLIC_RESOLVERS: `${RESOLVER}:53` },
  });
  return { code, stdout, stderr };
}

describe('coexist check without --dns against BIND, Knot, NSD and Unbound on loopback', function () {
  this.timeout(60000);
  let world: RealDns | undefined;
  let bind: RunningServer;
  let knot: RunningServer;
  before(async function () {
    try {
      world = startRealDns();
      await world.nsd(ROOT, [ROOT_ZONE]);
      bind = await world.bind(NS1, DOMAINS);
      knot = await world.knot(NS2, DOMAINS);
      await world.nsd(ELSEWHERE, ELSEWHERE_ZONES);
      await world.unbound(RESOLVER, { rootServer: ROOT });
    } catch (error) {
      await world?.stop();
      requireOrSkip(this, error);
    }
  });
  after(async () => { await world?.stop(); });

  it('a delegated subzone (_spf hosted elsewhere): the referral is followed to its own servers, SPF ok', async () => {
    // What the domain's own servers say with recursion off: a referral, not an answer.
    for (const server of [NS1, NS2]) {
      const referral = await query(server, '_spf.delegated.de', 'TXT');
      assert.ok(referral && (referral.flags! & 0x400) === 0 && referral.answers!.length === 0, `${server} answers authoritatively`);
      assert.ok(referral.authorities!.some((r) => r.type === 'NS' && r.name === '_spf.delegated.de'), `${server}: no NS in the authority section`);
    }
    const { code, checks } = await check('delegated.de');
    assert.deepEqual(checks.map((c) => [c.id, c.status]), [['verify-domain', 'ok'], ['mx', 'ok'], ['autodiscover', 'ok'], ['spf', 'ok']], JSON.stringify(checks));
    assert.equal(code, 0);
  });

  it('an in-zone CNAME to a target outside the zone: the target is resolved through the outside resolver, SPF ok', async () => {
    const refused = await query(NS1, '_spf.strato.de', 'TXT');
    assert.equal((refused as { rcode?: string } | undefined)?.rcode, 'REFUSED', 'BIND with recursion off refuses names outside its zones');
    const { code, checks } = await check('cname.de');
    const spf = checks.find((c) => c.id === 'spf')!;
    assert.equal(spf.status, 'ok', JSON.stringify(spf));
    assert.equal(code, 0, JSON.stringify(checks));
  });

  it('a stale resolver cache: published ok, and the note says when public resolvers will see it (TTL of the cached answer)', async () => {
    const primed = await query(RESOLVER, 'stale.de', 'TXT', 1000, true);
    assert.ok(primed?.answers?.some((a) => a.type === 'TXT' && String(a.data).includes('_spf.strato.de')), 'Unbound did not cache the old TXT');
    await bind.update([...DOMAINS.slice(0, 3), STALE_FIXED]);
    await knot.update([...DOMAINS.slice(0, 3), STALE_FIXED]);
    const started = Date.now();
    const { code, checks } = await check('stale.de');
    const spf = checks.find((c) => c.id === 'spf')!;
    assert.equal(spf.status, 'ok', JSON.stringify(spf));
    assert.deepEqual(spf.propagation?.servers, [`${RESOLVER}:53`]);
    assert.ok(spf.propagation!.waitSeconds! > 3500 && spf.propagation!.waitSeconds! <= 3600, JSON.stringify(spf.propagation));
    const expected = new Date(started + spf.propagation!.waitSeconds! * 1000);
    assert.ok(Math.abs(Date.parse(spf.propagation!.visibleBy!) - expected.getTime()) < 5000);
    assert.match(spf.advice, /public resolvers will see it by about \d\d:\d\d UTC \(TTL (59|60) min\)/);
    assert.equal(code, 0);
    const table = await cli('stale.de', false);
    assert.doesNotMatch(table.stdout, /^All 4 checks ok\.$/m);
    assert.match(table.stdout, /All 4 checks ok on the name servers\. Public resolvers still cache an old answer for spf until about \d\d:\d\d UTC\./);
  });

  it('name servers redelegated to Microsoft 365: mx is wrong and says to move the name servers back', async () => {
    const { code, checks } = await check('redelegated.de');
    const mx = checks.find((c) => c.id === 'mx')!;
    assert.equal(mx.status, 'wrong', JSON.stringify(mx));
    assert.match(mx.advice, /Move the name servers back to your provider/);
    assert.doesNotMatch(mx.advice, /Set the MX back/);
    assert.deepEqual(mx.found, ['NS ns1.bdm.microsoftonline.com', 'NS ns2.bdm.microsoftonline.com']);
    assert.equal(code, 1);
  });

  it('an MX host that does not resolve (the forgotten trailing dot): mx is wrong and names the missing dot', async () => {
    const { code, checks } = await check('typo.de');
    const mx = checks.find((c) => c.id === 'mx')!;
    assert.equal(mx.status, 'wrong', JSON.stringify(mx));
    assert.deepEqual(mx.found, ['10 smtpin.rzone.de.typo.de']);
    assert.match(mx.advice, /trailing dot is missing.*Enter the MX as smtpin\.rzone\.de\./);
    assert.deepEqual(checks.filter((c) => c.id !== 'mx').map((c) => c.status), ['ok', 'ok', 'ok'], JSON.stringify(checks));
    assert.equal(code, 1);
  });
});
