import { text } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { checkDomain, DOMAIN_CHECKS, type DomainCheckId } from '../../src/probes/check-domain';
import { probeVerifyDomain } from '../../src/probes/verify-domain';
import { probeMx } from '../../src/probes/mx';
import { probeAutodiscover } from '../../src/probes/autodiscover';
import { probeSpf } from '../../src/probes/spf';
import type { ProbeResult } from '../../src/probes/types';

const MS = 'include:spf.protection.outlook.com';
const zone: ZoneData = {
  // Microsoft's own include target, as it resolves in the world (shortened).
  'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all'] },
  'provider.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'], A: ['192.0.2.10'], MX: [{ preference: 10, exchange: 'mx.provider.test' }] },
  'twice.test': { TXT: ['v=spf1 -all', 'v=spf1 ip4:192.0.2.1 -all'] },
  'nospf.test': { TXT: ['just text'] },
  'badsyntax.test': { TXT: ['v=spf1 ipv4:192.0.2.1 -all'] },
  'redirect-target.test': { TXT: [`v=spf1 ${MS} -all`] },

  'good.test': { TXT: ['MS=ms12345678', ['v=spf1 ', `${MS} include:provider.test `, '~all']], MX: [{ preference: 10, exchange: 'mx.provider.test' }] },
  'autodiscover.good.test': { CNAME: 'AutoDiscover.Outlook.COM.' },
  'empty.test': { A: ['192.0.2.5'] },
  'mx.provider.test': { A: ['192.0.2.25'] },
  'mx00.ionos.de': { A: ['212.227.15.41'] },
  'mx01.ionos.de': { AAAA: ['2001:8d8:fe:1::1'] },
};

interface Row { check: DomainCheckId; name: string; status: ProbeResult['status']; data?: ZoneData; expectTxt?: string; setup?: (s: DnsTestServer) => void }
const rows: Row[] = [
  // verify-domain
  { check: 'verify-domain', name: 'a TXT record MS=ms<digits> without --expect-txt is ok', status: 'ok', data: { 'vd1.test': { TXT: ['v=spf1 -all', 'MS=ms48151623'] } } },
  { check: 'verify-domain', name: 'the expected value, compared case-insensitively, is ok', status: 'ok', expectTxt: 'ms=MS48151623', data: { 'vd2.test': { TXT: ['MS=ms48151623'] } } },
  { check: 'verify-domain', name: 'no TXT at all is missing', status: 'missing', data: { 'vd3.test': { A: ['192.0.2.1'] } } },
  { check: 'verify-domain', name: 'a name that does not exist is missing', status: 'missing', data: { 'other.test': { A: ['192.0.2.1'] } } },
  { check: 'verify-domain', name: 'TXT records without MS= are missing', status: 'missing', data: { 'vd5.test': { TXT: ['v=spf1 -all', 'google-site-verification=x'] } } },
  { check: 'verify-domain', name: 'MS= records none of which equals --expect-txt are wrong', status: 'wrong', expectTxt: 'MS=ms222', data: { 'vd6.test': { TXT: ['MS=ms111'] } } },
  { check: 'verify-domain', name: 'an MS= record not of the form MS=ms<digits> is wrong', status: 'wrong', data: { 'vd7.test': { TXT: ['MS=abc'] } } },
  { check: 'verify-domain', name: 'a SERVFAIL is error', status: 'error', data: { 'vd8.test': { TXT: ['MS=ms1'] } }, setup: (s) => s.setBehaviour('vd8.test', 'TXT', 'servfail') },
  { check: 'verify-domain', name: 'a TXT answer cut short over TCP (length prefix larger than what arrived) is error, not missing', status: 'error', data: { 'vd20.test': { TXT: ['MS=ms1'] } }, setup: (s) => s.setBehaviour('vd20.test', 'TXT', 'tcp-cut') },
  { check: 'verify-domain', name: 'a TCP answer with TC set is error, not missing', status: 'error', data: { 'vd21.test': { TXT: ['MS=ms1'] } }, setup: (s) => s.setBehaviour('vd21.test', 'TXT', 'tcp-tc') },
  { check: 'verify-domain', name: 'a timeout is error', status: 'error', data: { 'vd9.test': { TXT: ['MS=ms1'] } }, setup: (s) => s.setBehaviour('vd9.test', 'TXT', 'timeout') },
  { check: 'verify-domain', name: 'a huge TXT set (over the UDP payload, read over TCP) still finds the token', status: 'ok', data: { 'vd11.test': { TXT: [...Array.from({ length: 80 }, (_, i) => `site-verification-${i}=${'x'.repeat(40)}`), 'MS=ms99'] } } },
  { check: 'spf', name: 'an SPF record among a huge TXT set is found', status: 'ok', data: { 'spf15.test': { TXT: [...Array.from({ length: 80 }, (_, i) => `token-${i}=${'y'.repeat(40)}`), ['v=spf1 ', MS, ' -all']] } } },
  { check: 'verify-domain', name: 'a truncated answer is read over TCP', status: 'ok', data: { 'vd10.test': { TXT: ['MS=ms1'] } }, setup: (s) => s.setBehaviour('vd10.test', 'TXT', 'truncate') },
  // mx
  { check: 'mx', name: 'MX at the provider is ok', status: 'ok', data: { 'mx1.test': { MX: [{ preference: 10, exchange: 'mx00.ionos.de' }, { preference: 20, exchange: 'mx01.ionos.de' }] } } },
  { check: 'mx', name: 'no MX record (NODATA) is missing', status: 'missing', data: { 'mx2.test': { A: ['192.0.2.1'] } } },
  { check: 'mx', name: 'NXDOMAIN is missing', status: 'missing', data: {} , setup: () => undefined },
  { check: 'mx', name: 'an MX at *.mail.protection.outlook.com is wrong', status: 'wrong', data: { 'mx4.test': { MX: [{ preference: 0, exchange: 'mx4-test.mail.protection.outlook.com' }, { preference: 10, exchange: 'mx00.ionos.de' }] } } },
  { check: 'mx', name: 'an MX at *.mx.microsoft is wrong', status: 'wrong', data: { 'mx5.test': { MX: [{ preference: 0, exchange: 'MX5-test.r-v1.MX.Microsoft.' }] } } },
  { check: 'mx', name: 'a null MX is wrong', status: 'wrong', data: { 'mx6.test': { MX: [{ preference: 0, exchange: '.' }] } } },
  { check: 'mx', name: 'name servers redelegated to Microsoft 365 are wrong, even with the provider\'s MX', status: 'wrong', data: { 'mx8.test': { NS: ['ns1.bdm.microsoftonline.com', 'ns2.bdm.microsoftonline.com'], MX: [{ preference: 10, exchange: 'mx00.ionos.de' }] } } },
  { check: 'mx', name: 'an MX host without A or AAAA (the forgotten trailing dot) is wrong', status: 'wrong', data: { 'mx9.test': { MX: [{ preference: 10, exchange: 'smtpin.rzone.de.mx9.test' }] } } },
  { check: 'mx', name: 'a backup MX host that exists without an address is wrong', status: 'wrong', data: { 'mx10.test': { MX: [{ preference: 10, exchange: 'mx00.ionos.de' }, { preference: 20, exchange: 'backup.mx10.test' }] }, 'backup.mx10.test': { TXT: ['no address'] } } },
  { check: 'mx', name: 'an MX host whose address queries fail is error, not wrong', status: 'error', data: { 'mx11.test': { MX: [{ preference: 10, exchange: 'mx.mx11.test' }] }, 'mx.mx11.test': { A: ['192.0.2.1'] } }, setup: (s) => s.setBehaviour('mx.mx11.test', '*', 'servfail') },
  { check: 'mx', name: 'an NS query that fails with the MX ok is error', status: 'error', data: { 'mx12.test': { MX: [{ preference: 10, exchange: 'mx00.ionos.de' }] } }, setup: (s) => s.setBehaviour('mx12.test', 'NS', 'timeout') },
  { check: 'mx', name: 'name servers at the provider with the provider\'s MX are ok', status: 'ok', data: { 'mx13.test': { NS: ['docks01.rzone.de', 'shades01.rzone.de'], MX: [{ preference: 10, exchange: 'mx.provider.test' }] } } },
  { check: 'mx', name: 'REFUSED is error', status: 'error', data: { 'mx7.test': { MX: [{ preference: 0, exchange: 'a.test' }] } }, setup: (s) => s.setBehaviour('mx7.test', 'MX', 'refused') },
  // autodiscover
  { check: 'autodiscover', name: 'a CNAME to autodiscover.outlook.com (any case, trailing dot) is ok', status: 'ok', data: { 'autodiscover.ad1.test': { CNAME: 'AUTODISCOVER.outlook.com.' } } },
  { check: 'autodiscover', name: 'a name that does not exist is missing', status: 'missing', data: { 'ad2.test': { A: ['192.0.2.1'] } } },
  { check: 'autodiscover', name: 'a name without CNAME, A or AAAA is missing', status: 'missing', data: { 'autodiscover.ad3.test': { TXT: ['x'] } } },
  { check: 'autodiscover', name: 'a CNAME to anything else is wrong', status: 'wrong', data: { 'autodiscover.ad4.test': { CNAME: 'autodiscover.ionos.de' }, 'autodiscover.ionos.de': { A: ['192.0.2.9'] } } },
  { check: 'autodiscover', name: 'A records without a CNAME are wrong', status: 'wrong', data: { 'autodiscover.ad5.test': { A: ['192.0.2.9'] } } },
  { check: 'autodiscover', name: 'AAAA records without a CNAME are wrong', status: 'wrong', data: { 'autodiscover.ad6.test': { AAAA: ['2001:db8::9'] } } },
  { check: 'autodiscover', name: 'a failed CNAME query is error', status: 'error', data: { 'autodiscover.ad7.test': { CNAME: 'autodiscover.outlook.com' } }, setup: (s) => s.setBehaviour('autodiscover.ad7.test', 'CNAME', 'servfail') },
  { check: 'autodiscover', name: 'NODATA for CNAME with a failed A query is error', status: 'error', data: { 'autodiscover.ad8.test': { TXT: ['x'] } }, setup: (s) => s.setBehaviour('autodiscover.ad8.test', 'A', 'timeout') },
  { check: 'autodiscover', name: 'a failed CNAME query but A records already answered is wrong', status: 'wrong', data: { 'autodiscover.ad9.test': { A: ['192.0.2.9'] } }, setup: (s) => s.setBehaviour('autodiscover.ad9.test', 'CNAME', 'timeout') },
  // spf
  { check: 'spf', name: 'one valid record including Microsoft is ok', status: 'ok', data: { 'spf1.test': { TXT: [`v=spf1 ${MS} include:provider.test ~all`] } } },
  { check: 'spf', name: 'Microsoft reached through redirect is ok', status: 'ok', data: { 'spf1b.test': { TXT: ['v=spf1 ip4:192.0.2.1 redirect=redirect-target.test'] } } },
  { check: 'spf', name: 'Microsoft reached through a nested include is ok', status: 'ok', data: { 'spf1c.test': { TXT: ['v=spf1 include:_spf.spf1c.test -all'] }, '_spf.spf1c.test': { TXT: [`v=spf1 ${MS} ~all`] } } },
  { check: 'spf', name: 'no SPF record is missing', status: 'missing', data: { 'spf2.test': { TXT: ['MS=ms1'] } } },
  { check: 'spf', name: 'no TXT at all is missing', status: 'missing', data: { 'spf3.test': { A: ['192.0.2.1'] } } },
  { check: 'spf', name: 'two SPF records are wrong', status: 'wrong', data: { 'spf4.test': { TXT: [`v=spf1 ${MS} -all`, 'V=SPF1 include:provider.test -all'] } } },
  { check: 'spf', name: 'ipv4: instead of ip4: is wrong', status: 'wrong', data: { 'spf5.test': { TXT: [`v=spf1 ${MS} ipv4:192.0.2.1 -all`] } } },
  { check: 'spf', name: 'a syntax error in an included record is wrong', status: 'wrong', data: { 'spf6.test': { TXT: [`v=spf1 ${MS} include:badsyntax.test -all`] } } },
  { check: 'spf', name: 'an include target without SPF is wrong', status: 'wrong', data: { 'spf7.test': { TXT: [`v=spf1 ${MS} include:nospf.test -all`] } } },
  { check: 'spf', name: 'an include target with two SPF records is wrong', status: 'wrong', data: { 'spf8.test': { TXT: [`v=spf1 ${MS} include:twice.test -all`] } } },
  { check: 'spf', name: 'Microsoft\'s include not reachable is wrong', status: 'wrong', data: { 'spf9.test': { TXT: ['v=spf1 include:provider.test -all'] } } },
  { check: 'spf', name: 'more than 10 DNS-querying terms are wrong', status: 'wrong', data: { 'spf10.test': { TXT: [`v=spf1 ${MS} a mx a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test exists:provider.test -all`], A: ['192.0.2.1'], MX: [{ preference: 1, exchange: 'mx.provider.test' }] } } },
  { check: 'spf', name: 'a redirect in a record with all is not counted', status: 'ok', data: { 'spf10c.test': { TXT: [`v=spf1 ${MS} a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test mx:provider.test exists:provider.test redirect=provider.test -all`] } } },
  { check: 'spf', name: 'a redirect in a record without all counts', status: 'wrong', data: { 'spf10d.test': { TXT: [`v=spf1 ${MS} a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test mx:provider.test exists:provider.test redirect=provider.test`] } } },
  { check: 'spf', name: 'exactly 10 lookups are still ok', status: 'ok', data: { 'spf10b.test': { TXT: [`v=spf1 ${MS} a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test mx:provider.test a:provider.test mx:provider.test exists:provider.test -all`] } } },
  { check: 'spf', name: 'more than 2 void lookups are wrong', status: 'wrong', data: { 'spf11.test': { TXT: [`v=spf1 ${MS} a:void1.test a:void2.test mx:void3.test -all`] } } },
  { check: 'spf', name: 'a TXT timeout is error, not missing', status: 'error', data: { 'spf12.test': { TXT: [`v=spf1 ${MS} -all`] } }, setup: (s) => s.setBehaviour('spf12.test', 'TXT', 'timeout') },
  { check: 'spf', name: 'an include target that fails to answer is error', status: 'error', data: { 'spf13.test': { TXT: [`v=spf1 ${MS} include:broken.test -all`] }, 'broken.test': { TXT: ['v=spf1 -all'] } }, setup: (s) => s.setBehaviour('broken.test', 'TXT', 'servfail') },
  { check: 'spf', name: 'a failed include but a syntax error elsewhere is wrong', status: 'wrong', data: { 'spf14.test': { TXT: [`v=spf1 ${MS} include:broken14.test ipv4:1.2.3.4 -all`] }, 'broken14.test': { TXT: ['v=spf1 -all'] } }, setup: (s) => s.setBehaviour('broken14.test', 'TXT', 'timeout') },
];

function domainOf(row: Row): string {
  const names = Object.keys(row.data ?? {});
  if (row.name === 'a name that does not exist is missing' && row.check === 'verify-domain') return 'nothere.test';
  if (row.name === 'NXDOMAIN is missing') return 'nothere-mx.test';
  const first = names[0]!.replace(/\.$/, '');
  return first.startsWith('autodiscover.') ? first.slice('autodiscover.'.length) : first;
}

describe('probes: every row of the verdict table (real DNS on loopback)', function () {
  let server: DnsTestServer;
  let resolver: DnsClient;
  before(async () => {
    server = await startDnsServer({ zone: Object.assign({}, zone, ...rows.map((r) => r.data ?? {})) as ZoneData });
    for (const row of rows) row.setup?.(server);
    resolver = createResolver({ servers: [server.address], timeoutMs: 150, retries: 0 });
  });
  after(async () => {
    resolver.close();
    await server.close();
  });

  const probes = { 'verify-domain': probeVerifyDomain, mx: probeMx, autodiscover: probeAutodiscover, spf: probeSpf };
  for (const row of rows) {
    it(`${row.check}: ${row.name}`, async () => {
      const result = await probes[row.check](domainOf(row), { resolver, ...(row.expectTxt ? { expectTxt: row.expectTxt } : {}) });
      assert.equal(result.status, row.status, JSON.stringify(result));
      assert.equal(result.id, row.check);
      const en = text(result.advice, 'en');
      const de = text(result.advice, 'de');
      assert.ok(en.length > 0 && de.length > 0 && de !== en);
      if (row.status === 'error' && row.check !== 'spf') assert.equal(result.found, null);
    });
  }

  it('spf advice names no command line (it is shown on Teams cards, which show the record themselves)', async () => {
    for (const domain of ['nospf.test', 'provider.test']) {
      const result = await probeSpf(domain, { resolver });
      assert.notEqual(result.status, 'ok', domain);
      for (const shown of [text(result.advice, 'de'), text(result.advice, 'en')]) assert.doesNotMatch(shown, /coexist spf/, shown);
    }
  });

  it('mx advice: redelegated name servers are moved back (not "set the MX back"); an unresolvable host names the missing trailing dot', async () => {
    const ns = await probeMx('mx8.test', { resolver });
    assert.match(text(ns.advice, 'en'), /Move the name servers back to your provider/);
    assert.doesNotMatch(text(ns.advice, 'en'), /Set the MX back/);
    assert.match(text(ns.advice, 'de'), /Nameserver .*zurück/);
    assert.deepEqual(ns.found, ['NS ns1.bdm.microsoftonline.com', 'NS ns2.bdm.microsoftonline.com']);
    const dot = await probeMx('mx9.test', { resolver });
    assert.match(text(dot.advice, 'en'), /smtpin\.rzone\.de\.mx9\.test has no address/);
    assert.match(text(dot.advice, 'en'), /trailing dot is missing.*appended the domain to smtpin\.rzone\.de\. Enter the MX as smtpin\.rzone\.de\./);
    assert.match(text(dot.advice, 'de'), /abschließende Punkt/);
    const backup = await probeMx('mx10.test', { resolver });
    assert.match(text(backup.advice, 'en'), /backup\.mx10\.test has no address/);
    assert.doesNotMatch(text(backup.advice, 'en'), /trailing dot is missing/);
  });

  it('checkDomain runs all four checks in DOMAIN_CHECKS order and reports ok for a good domain', async () => {
    const results = await checkDomain('good.test', { resolver, expectTxt: 'MS=ms12345678' });
    assert.deepEqual(results.map((r) => r.id), DOMAIN_CHECKS.map((c) => c.id));
    assert.deepEqual(results.map((r) => r.status), ['ok', 'ok', 'ok', 'ok'], JSON.stringify(results, null, 1));
    assert.equal(results.find((r) => r.id === 'spf')!.found, `v=spf1 ${MS} include:provider.test ~all`);
    assert.ok(results.every((r) => typeof r.ttlSeconds === 'number'));
  });

  it('never reports a failed query as missing, whatever fails', async () => {
    for (const behaviour of ['timeout', 'servfail', 'refused', 'malformed'] as const) {
      server.setBehaviour('empty.test', '*', behaviour);
      server.setBehaviour('autodiscover.empty.test', '*', behaviour);
      const results = await checkDomain('empty.test', { resolver });
      assert.deepEqual(results.map((r) => r.status), ['error', 'error', 'error', 'error'], `${behaviour}: ${JSON.stringify(results)}`);
    }
    server.clearBehaviours();
    for (const row of rows) row.setup?.(server);
  });

  it('reports per propagation resolver what it sees', async () => {
    const stale = await startDnsServer({ zone: { 'good.test': { TXT: ['v=spf1 include:provider.test -all'], ttl: 900 }, 'provider.test': zone['provider.test']! } });
    const staleResolver = createResolver({ servers: [stale.address], timeoutMs: 150, retries: 0 });
    try {
      const [spf] = await checkDomain('good.test', { resolver, only: ['spf'], propagation: [{ server: stale.address, resolver: staleResolver }, { server: server.address, resolver }] });
      assert.equal(spf!.status, 'ok');
      assert.deepEqual(spf!.resolvers!.map((r) => [r.server, r.status]), [[stale.address, 'wrong'], [server.address, 'ok']]);
      assert.equal(spf!.resolvers![0]!.ttlSeconds, 900);
    } finally {
      staleResolver.close();
      await stale.close();
    }
  });

  it('a budget ends a hanging check as error within the budget', async () => {
    const slow = createResolver({ servers: [server.address], timeoutMs: 2000, retries: 2 });
    server.setBehaviour('empty.test', '*', 'timeout');
    server.setBehaviour('autodiscover.empty.test', '*', 'timeout');
    try {
      const started = Date.now();
      const results = await checkDomain('empty.test', { resolver: slow, budgetMs: 300 });
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 900, `took ${elapsed} ms`);
      assert.ok(results.every((r) => r.status === 'error'));
    } finally {
      server.clearBehaviours();
      for (const row of rows) row.setup?.(server);
      slow.close();
    }
  });
});
