import { text } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { probeDmarc } from '../../src/probes/dmarc';
import type { ProbeResult } from '../../src/probes/types';

interface Row { name: string; domain: string; status: ProbeResult['status']; data: ZoneData; setup?: (s: DnsTestServer) => void; advice?: RegExp; adviceDe?: RegExp }
const dmarc = (domain: string, ...txt: Array<string | string[]>): ZoneData => ({ [domain]: { A: ['192.0.2.1'] }, [`_dmarc.${domain}`]: { TXT: txt } });

// Issue 17, check `dmarc`: one row per verdict row.
const rows: Row[] = [
  { name: 'one valid record with p=none is ok and advises tightening', domain: 'd1.test', status: 'ok', data: dmarc('d1.test', 'v=DMARC1; p=none; rua=mailto:dmarc@d1.test'),
    advice: /p=quarantine.*p=reject/, adviceDe: /verschärfen Sie auf p=quarantine/ },
  { name: 'p=quarantine is ok and advises reject next', domain: 'd2.test', status: 'ok', data: dmarc('d2.test', 'v=DMARC1; p=quarantine'), advice: /move to p=reject.*rua=mailto:dmarc@d2\.test/ },
  { name: 'p=reject is ok and names both senders\' alignment', domain: 'd3.test', status: 'ok', data: dmarc('d3.test', 'v=DMARC1; p=reject; sp=reject; adkim=s'), advice: /both senders must align/ },
  { name: 'a record split into several character-strings is joined', domain: 'd4.test', status: 'ok', data: dmarc('d4.test', ['v=DMARC1; p=rej', 'ect; rua=mailto:a@d4.test']) },
  { name: 'an unknown tag is allowed but named', domain: 'd5.test', status: 'ok', data: dmarc('d5.test', 'v=DMARC1; p=none; polcy=reject'), advice: /unknown tag\(s\) polcy/, adviceDe: /unbekannten Tags polcy/ },
  { name: 'other TXT records beside the DMARC record are ignored', domain: 'd6.test', status: 'ok', data: dmarc('d6.test', 'some-verification=1', 'v=DMARC1; p=none') },
  { name: 'no _dmarc name (NXDOMAIN) is missing', domain: 'm1.test', status: 'missing', data: { 'm1.test': { A: ['192.0.2.1'] } }, advice: /v=DMARC1; p=none; rua=mailto:dmarc@m1\.test/ },
  { name: '_dmarc without TXT (NODATA) is missing', domain: 'm2.test', status: 'missing', data: { 'm2.test': { A: ['192.0.2.1'] }, '_dmarc.m2.test': { A: ['192.0.2.2'] } } },
  { name: 'TXT at _dmarc that is no DMARC record is missing', domain: 'm3.test', status: 'missing', data: dmarc('m3.test', 'v=spf1 -all') },
  { name: 'two DMARC records are wrong', domain: 'w1.test', status: 'wrong', data: dmarc('w1.test', 'v=DMARC1; p=none', 'v=DMARC1; p=reject'), advice: /2 DMARC records/ },
  { name: 'v=DMARC1 not first is wrong', domain: 'w2.test', status: 'wrong', data: dmarc('w2.test', 'p=reject; v=DMARC1'), advice: /does not start with v=DMARC1/ },
  { name: 'p missing is wrong', domain: 'w3.test', status: 'wrong', data: dmarc('w3.test', 'v=DMARC1; rua=mailto:a@w3.test'), advice: /required tag p/ },
  { name: 'p not one of the three is wrong', domain: 'w4.test', status: 'wrong', data: dmarc('w4.test', 'v=DMARC1; p=block'), advice: /p=block is not none/ },
  { name: 'sp invalid is wrong', domain: 'w5.test', status: 'wrong', data: dmarc('w5.test', 'v=DMARC1; p=none; sp=all'), advice: /sp=all/ },
  { name: 'pct above 100 is wrong', domain: 'w6.test', status: 'wrong', data: dmarc('w6.test', 'v=DMARC1; p=reject; pct=150'), advice: /pct=150/, adviceDe: /pct=150 ist keine ganze Zahl/ },
  { name: 'a rua that is not mailto: is wrong', domain: 'w7.test', status: 'wrong', data: dmarc('w7.test', 'v=DMARC1; p=none; rua=dmarc@w7.test'), advice: /not a mailto: URI/ },
  { name: 'a ruf that is not mailto: is wrong', domain: 'w8.test', status: 'wrong', data: dmarc('w8.test', 'v=DMARC1; p=none; ruf=https://w8.test/r'), advice: /ruf address/ },
  { name: 'an invalid record also names its unknown tags', domain: 'w9.test', status: 'wrong', data: dmarc('w9.test', 'v=DMARC1; p=nope; foo=1'), advice: /unknown tag\(s\) foo/ },
  { name: 'a SERVFAIL is error', domain: 'e1.test', status: 'error', data: dmarc('e1.test', 'v=DMARC1; p=none'), setup: (s) => s.setBehaviour('_dmarc.e1.test', 'TXT', 'servfail') },
  { name: 'a timeout is error, never missing', domain: 'e2.test', status: 'error', data: dmarc('e2.test', 'v=DMARC1; p=none'), setup: (s) => s.setBehaviour('_dmarc.e2.test', 'TXT', 'timeout') },
];

describe('probe dmarc: every verdict row of issue 17 (loopback DNS)', () => {
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
      const result = await probeDmarc(row.domain, { resolver });
      assert.equal(result.id, 'dmarc');
      assert.equal(result.status, row.status, JSON.stringify(result));
      const de = text(result.advice, 'de');
      const en = text(result.advice, 'en');
      assert.ok(de.length > 0 && de !== en);
      assert.doesNotMatch(de, /\b(du|dein|deine)\b/i);
      assert.doesNotMatch(`${en} ${de}`, /\{\w+\}/, 'no placeholder left');
      if (row.advice) assert.match(en, row.advice);
      if (row.adviceDe) assert.match(de, row.adviceDe);
      if (row.status === 'error') assert.equal(result.found, null);
      if (row.status === 'ok' || row.status === 'wrong') assert.ok(Array.isArray(result.found) && (result.found as unknown[]).length > 0);
      assert.equal(server.count(`_dmarc.${row.domain}`, 'TXT') > 0, true);
    });
  }
});
