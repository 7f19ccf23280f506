import { text } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer, type NameData, type ZoneData } from '../support/dns-server';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { probeDkim } from '../../src/probes/dkim';
import type { ProbeResult } from '../../src/probes/types';

const KEY = 'v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDBc+Pb4+we0JZlYdFun1iHle7qfEUWlMlzOrz8E2CHRQqa7GtQuyqUDWbQ==';
const ms = (domain: string, n: 1 | 2, tenant = 'firma'): string => `selector${n}-${domain.replace(/\./g, '-')}._domainkey.${tenant}.onmicrosoft.com`;
const sel = (domain: string, n: 1 | 2, data: NameData): ZoneData => ({ [`selector${n}._domainkey.${domain}`]: data });
const both = (domain: string, tenant = 'firma'): ZoneData => ({ [domain]: { A: ['192.0.2.1'] }, ...sel(domain, 1, { CNAME: ms(domain, 1, tenant) }), ...sel(domain, 2, { CNAME: ms(domain, 2, tenant) }) });

interface Row { name: string; domain: string; status: ProbeResult['status']; data: ZoneData; setup?: (s: DnsTestServer) => void; advice?: RegExp; adviceDe?: RegExp; found?: RegExp }
// Issue 17, check `dkim`: one row per verdict row.
const rows: Row[] = [
  { name: 'both CNAMEs to <tenant>.onmicrosoft.com are ok and say how to turn signing on', domain: 'k1.test', status: 'ok', data: both('k1.test'),
    advice: /Set-DkimSigningConfig -Identity k1\.test -Enabled \$true/, adviceDe: /E-Mail-Authentifizierungseinstellungen/ },
  { name: 'both CNAMEs in the 2025 dkim.mail.microsoft form are ok', domain: 'k2.test', status: 'ok', data: { 'k2.test': { A: ['192.0.2.1'] },
    ...sel('k2.test', 1, { CNAME: 'selector1-k2-test._domainkey.firma.r-v1.dkim.mail.microsoft' }), ...sel('k2.test', 2, { CNAME: 'selector2-k2-test._domainkey.firma.r-v1.dkim.mail.microsoft' }) } },
  { name: 'the IONOS selectors with keys are reported as kept, and do not change ok', domain: 'k4.test', status: 'ok', data: { ...both('k4.test'),
    's1-ionos._domainkey.k4.test': { TXT: [KEY] }, 's2-ionos._domainkey.k4.test': { TXT: [KEY] } }, advice: /s1-ionos \(IONOS\), s2-ionos \(IONOS\) are kept/, found: /s1-ionos\._domainkey\.k4\.test: kept/ },
  { name: 'an IONOS selector whose CNAME target is gone is reported as lost, not as wrong for Microsoft', domain: 'k5.test', status: 'ok', data: { ...both('k5.test'),
    's1-ionos._domainkey.k5.test': { CNAME: 's1.gone.test' }, 'gone.test': { A: ['192.0.2.9'] } }, advice: /s1-ionos \(IONOS\) are lost/, adviceDe: /sind verloren/ },
  { name: 'an IONOS selector with a revoked key is lost', domain: 'k5b.test', status: 'missing', data: { 'k5b.test': { A: ['192.0.2.1'] }, 's2-ionos._domainkey.k5b.test': { TXT: ['v=DKIM1; p='] } }, advice: /s2-ionos \(IONOS\) are lost/ },
  { name: 'neither selector (NXDOMAIN) is missing', domain: 'k6.test', status: 'missing', data: { 'k6.test': { A: ['192.0.2.1'] } }, advice: /selector1-k6-test\._domainkey\.<tenant>\.onmicrosoft\.com/ },
  { name: 'only selector1 is wrong', domain: 'k7.test', status: 'wrong', data: { 'k7.test': { A: ['192.0.2.1'] }, ...sel('k7.test', 1, { CNAME: ms('k7.test', 1) }) }, advice: /Only one of the two selectors.*selector2\._domainkey\.k7\.test/ },
  { name: 'only selector2 is wrong', domain: 'k8.test', status: 'wrong', data: { 'k8.test': { A: ['192.0.2.1'] }, ...sel('k8.test', 2, { CNAME: ms('k8.test', 2) }) }, advice: /selector1\._domainkey\.k8\.test/ },
  { name: 'a CNAME to anything else is wrong', domain: 'k9.test', status: 'wrong', data: { ...both('k9.test'), ...sel('k9.test', 1, { CNAME: 's1.dkim.ionos.com' }) }, advice: /points to s1\.dkim\.ionos\.com, not to Microsoft/ },
  { name: 'a CNAME copied from another domain is wrong', domain: 'k10.test', status: 'wrong', data: { ...both('k10.test'), ...sel('k10.test', 2, { CNAME: ms('other.test', 2) }) }, advice: /another domain or selector/ },
  { name: 'a TXT key copied in place of the CNAME is wrong', domain: 'k11.test', status: 'wrong', data: { ...both('k11.test'), ...sel('k11.test', 1, { TXT: [KEY] }) }, advice: /TXT key copied in place of the CNAME/, found: /selector1\._domainkey\.k11\.test TXT v=DKIM1/ },
  { name: 'selectors of two different tenants are wrong', domain: 'k12.test', status: 'wrong', data: { ...both('k12.test'), ...sel('k12.test', 2, { CNAME: ms('k12.test', 2, 'alt') }) }, advice: /different tenants \(firma, alt\)/ },
  { name: 'a failed CNAME query is error', domain: 'k13.test', status: 'error', data: both('k13.test'), setup: (s) => s.setBehaviour('selector2._domainkey.k13.test', '*', 'servfail') },
  { name: 'a timeout is error, never missing', domain: 'k14.test', status: 'error', data: { 'k14.test': { A: ['192.0.2.1'] } }, setup: (s) => s.setBehaviour('selector1._domainkey.k14.test', '*', 'timeout') },
  { name: 'a wrong selector outweighs a failed query of the other', domain: 'k15.test', status: 'wrong', data: { ...both('k15.test'), ...sel('k15.test', 1, { CNAME: 'elsewhere.test' }) }, setup: (s) => s.setBehaviour('selector2._domainkey.k15.test', '*', 'timeout') },
];

describe('probe dkim: every verdict row of issue 17 (loopback DNS)', () => {
  let server: DnsTestServer;
  let resolver: DnsClient;
  before(async () => {
    server = await startDnsServer({ zone: Object.assign({}, ...rows.map((r) => r.data)) as ZoneData });
    for (const row of rows) row.setup?.(server);
    resolver = createResolver({ servers: [server.address], timeoutMs: 150, retries: 0 });
  });
  after(async () => {
    resolver.close();
    await server.close();
  });

  for (const row of rows) {
    it(`${row.status}: ${row.name}`, async () => {
      const result = await probeDkim(row.domain, { resolver });
      assert.equal(result.id, 'dkim');
      assert.equal(result.status, row.status, JSON.stringify(result));
      const de = text(result.advice, 'de');
      const en = text(result.advice, 'en');
      assert.ok(de.length > 0 && de !== en);
      assert.doesNotMatch(de, /\b(du|dein|deine)\b/i);
      assert.doesNotMatch(`${en} ${de}`, /\{\w+\}/, 'no placeholder left');
      if (row.advice) assert.match(en, row.advice);
      if (row.adviceDe) assert.match(de, row.adviceDe);
      if (row.found) assert.match((result.found as string[]).join('\n'), row.found);
      assert.ok(server.count(`selector1._domainkey.${row.domain}`) > 0);
    });
  }
});
