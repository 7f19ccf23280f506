import assert from 'node:assert/strict';
import { mergeMicrosoftInclude, suggestSpf } from '../../src/spf/suggest';
import type { ZoneData } from '../support/dns-server';
import { useLoopbackResolver } from './support/loopback-resolver';

// Microsoft's published record shape: Exchange Online's outbound ranges behind one more include.
const MICROSOFT: ZoneData = {
  'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 include:spfd.protection.outlook.com -all'] },
  'spfd.protection.outlook.com': { TXT: ['v=spf1 ip4:51.4.72.0/24 ip6:2a01:111:f400::/48 -all'] },
  'smtp.strato.de': { TXT: ['v=spf1 ip4:81.169.144.0/20 ip4:85.215.0.0/16 -all'] },
  'smtp.1und1.de': { TXT: ['v=spf1 ip4:212.227.0.0/16 ip4:217.72.192.0/20 ~all'] },
};

const check = (s: Awaited<ReturnType<typeof suggestSpf>>, id: string) => s.checks.find((c) => c.id === id)!;

describe('spf/suggest', function () {
  this.timeout(10000);
  describe('mergeMicrosoftInclude (pure)', () => {
    it('inserts the include right after v=spf1 and keeps everything else (the guide\'s example)', () => {
      const m = mergeMicrosoftInclude('v=spf1 mx a include:smtp.provider.de ip4:12.23.45.67 ~all');
      assert.equal(m.record, 'v=spf1 include:spf.protection.outlook.com mx a include:smtp.provider.de ip4:12.23.45.67 ~all');
      assert.equal(m.inserted, true);
    });
    it('fixes the guide\'s ipv4: typo and leaves an existing include alone', () => {
      const m = mergeMicrosoftInclude('v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ipv4:81.169.145.133 ~all');
      assert.equal(m.record, 'v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ip4:81.169.145.133 ~all');
      assert.equal(m.inserted, false);
      assert.deepEqual(m.fixed.map((f) => f.code), ['ipv4-typo']);
    });
  });

  describe('suggestSpf over the real resolver and a loopback DNS server', () => {
    const dns = useLoopbackResolver();
    const run = (zone: ZoneData, provider?: 'strato' | 'ionos' | 'other') => {
      dns.server.setZone({ ...MICROSOFT, ...zone });
      dns.server.clearBehaviours();
      return suggestSpf('Firma.DE.', dns.resolver, provider ? { provider } : {});
    };

    it('merges into a Strato record, fixes ipv4:, counts lookups before and after, and proves every check', async () => {
      const s = await run({
        'firma.de': { TXT: ['v=spf1 mx a include:smtp.strato.de ipv4:81.169.145.133 ~all'], MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }], A: ['203.0.113.5'] },
        'smtpin.rzone.de': { A: ['81.169.145.97'] },
      });
      assert.equal(s.kind, 'merge');
      assert.equal(s.provider?.id, 'strato');
      assert.equal(s.record, 'v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ip4:81.169.145.133 ~all');
      assert.equal(s.lookupsBefore, 3);
      assert.equal(s.lookupsAfter, 5);
      assert.deepEqual(s.checks.map((c) => [c.id, c.ok]), [['syntax', true], ['lookups', true], ['void-lookups', true], ['provider', true], ['microsoft', true]]);
      assert.ok(s.reasoning.some((r) => /ipv4:81\.169\.145\.133/.test(r.en) && /Tippfehler/.test(r.de)));
    });

    it('proposes a new record: the provider include when known, the guide\'s a mx otherwise with a question', async () => {
      const strato = await run({ 'firma.de': { MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }] } });
      assert.equal(strato.kind, 'new');
      assert.equal(strato.record, 'v=spf1 include:spf.protection.outlook.com include:smtp.strato.de ~all');
      assert.equal(check(strato, 'microsoft').ok, true);
      assert.equal(strato.lookupsBefore, 0);
      const ionos = await run({ 'firma.de': { A: ['192.0.2.1'] } }, 'ionos');
      assert.equal(ionos.record, 'v=spf1 include:spf.protection.outlook.com include:smtp.1und1.de ~all');
      const other = await run({ 'firma.de': { A: ['192.0.2.1'], MX: [{ preference: 10, exchange: 'mx.example.net' }] } });
      assert.equal(other.record, 'v=spf1 a mx include:spf.protection.outlook.com ~all');
      assert.ok(other.question && /include/.test(other.question.en) && /Provider/.test(other.question.de));
    });

    it('never proposes more than 10 lookups silently: it says so and offers a record within budget', async () => {
      const zone: ZoneData = {
        'firma.de': { TXT: ['v=spf1 a mx ptr include:i1.firma.de include:i2.firma.de include:i3.firma.de a:www.firma.de mx -all'], A: ['192.0.2.10'], MX: [{ preference: 10, exchange: 'mx1.firma.de' }] },
        'mx1.firma.de': { A: ['192.0.2.25'] }, 'www.firma.de': { A: ['192.0.2.80'] },
        'i1.firma.de': { TXT: ['v=spf1 a:h.firma.de -all'] }, 'i2.firma.de': { TXT: ['v=spf1 ip4:198.51.100.0/24 -all'] }, 'i3.firma.de': { TXT: ['v=spf1 ip4:203.0.113.0/24 -all'] },
        'h.firma.de': { A: ['192.0.2.99'] },
      };
      const s = await run(zone);
      assert.equal(s.lookupsAfter, 11);
      assert.equal(check(s, 'lookups').ok, false);
      assert.match(check(s, 'lookups').message.en, /more than the 10/);
      assert.ok(s.alternative);
      assert.ok(s.alternative.lookups <= 10, `alternative still has ${s.alternative.lookups}`);
      assert.equal(s.alternative.record, 'v=spf1 include:spf.protection.outlook.com ip4:192.0.2.10 ip4:192.0.2.25 include:i1.firma.de include:i2.firma.de include:i3.firma.de ip4:192.0.2.80 -all');
      assert.ok(s.alternative.reasoning.some((r) => /ptr/.test(r.en)));
      assert.ok(s.alternative.reasoning.some((r) => /Doppeltes "mx"/.test(r.de)));
    });

    it('merges two published records into one and says why', async () => {
      const s = await run({ 'firma.de': { TXT: ['v=spf1 ip4:192.0.2.1 -all', 'v=spf1 ip4:192.0.2.2 ~all'] } });
      assert.equal(s.record, 'v=spf1 include:spf.protection.outlook.com ip4:192.0.2.1 ip4:192.0.2.2 -all');
      assert.match(s.reasoning[0]!.en, /2 SPF records/);
    });

    it('keeps a record that is already right, and fixes ip4:<hostname> to a:<hostname>', async () => {
      const same = await run({ 'firma.de': { TXT: ['v=spf1 include:spf.protection.outlook.com ip4:192.0.2.1 -all'] } });
      assert.equal(same.kind, 'unchanged');
      assert.equal(same.record, 'v=spf1 include:spf.protection.outlook.com ip4:192.0.2.1 -all');
      assert.equal(same.lookupsBefore, same.lookupsAfter);
      const host = await run({ 'firma.de': { TXT: ['v=spf1 ip4:mail.firma.de ~all'] }, 'mail.firma.de': { A: ['192.0.2.3'] } });
      assert.equal(host.record, 'v=spf1 include:spf.protection.outlook.com a:mail.firma.de ~all');
      assert.equal(check(host, 'syntax').ok, true);
    });

    it('suggests nothing when the current state cannot be read', async () => {
      dns.server.setZone({ ...MICROSOFT, 'firma.de': { TXT: ['v=spf1 -all'] } });
      dns.server.setBehaviour('firma.de', 'TXT', 'timeout');
      const s = await suggestSpf('firma.de', dns.resolver);
      assert.equal(s.kind, 'error');
      assert.equal(s.record, null);
    });
  });
});
