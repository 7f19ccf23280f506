import { text } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { walkSpfTree } from '../../src/spf/tree';
import { summarizeSpfTree } from '../../src/spf/verdict';
import type { ZoneData } from '../support/dns-server';
import { useLoopbackResolver } from './support/loopback-resolver';

const MS = { TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip6:2a01:111:f400::/48 -all'] };

describe('spf/tree (static walk over the real resolver and a loopback DNS server)', function () {
  this.timeout(10000);
  const dns = useLoopbackResolver();
  const walk = async (zone: ZoneData, domain = 'example.de') => { dns.server.setZone(zone); dns.server.clearBehaviours(); return walkSpfTree(domain, dns.resolver); };

  it('counts the guide\'s merged record: includes, a and mx, and finds Microsoft', async () => {
    const tree = await walk({
      'example.de': { TXT: ['v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ip4:81.169.145.133 ~all', 'MS=ms123'], MX: [{ preference: 10, exchange: 'smtpin.rzone.de' }], A: ['192.0.2.1'] },
      'spf.protection.outlook.com': MS,
      'smtp.strato.de': { TXT: ['v=spf1 ip4:81.169.144.0/20 include:_spf2.strato.de -all'] },
      '_spf2.strato.de': { TXT: ['v=spf1 ip4:85.215.0.0/16 -all'] },
    });
    assert.equal(tree.root.status, 'ok');
    assert.equal(tree.root.lookups, 4);
    assert.equal(tree.totalLookups, 5);
    assert.equal(tree.totalVoidLookups, 0);
    assert.equal(tree.microsoftReachable, true);
    assert.deepEqual(tree.root.terms.map((t) => [t.term, t.lookups, t.void]), [
      ['include:spf.protection.outlook.com', 1, false], ['mx', 1, false], ['a', 1, false], ['include:smtp.strato.de', 1, false]]);
    assert.equal(tree.root.terms[3]!.child!.totalLookups, 1);
    assert.deepEqual(summarizeSpfTree(tree).status, 'ok');
  });

  it('reports the guide\'s ipv4: typo as a syntax error → wrong', async () => {
    const tree = await walk({
      'example.de': { TXT: ['v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ipv4:81.169.145.133 ~all'], MX: [{ preference: 10, exchange: 'mx.example.de' }], A: ['192.0.2.1'] },
      'spf.protection.outlook.com': MS, 'smtp.strato.de': { TXT: ['v=spf1 -all'] },
    });
    assert.equal(tree.root.status, 'syntax-error');
    const v = summarizeSpfTree(tree);
    assert.equal(v.status, 'wrong');
    assert.equal(v.reasons[0]!.code, 'syntax-error');
    assert.match(text(v.advice, 'en'), /ip4:81\.169\.145\.133/);
    assert.match(text(v.advice, 'de'), /Syntaxfehler/);
  });

  it('no record → missing; two records → wrong; SERVFAIL → error', async () => {
    assert.equal(summarizeSpfTree(await walk({ 'example.de': { TXT: ['MS=ms1'] } })).status, 'missing');
    assert.equal(summarizeSpfTree(await walk({})).status, 'missing');
    const two = summarizeSpfTree(await walk({ 'example.de': { TXT: ['v=spf1 include:spf.protection.outlook.com -all', 'v=spf1 mx -all'] }, 'spf.protection.outlook.com': MS }));
    assert.equal(two.status, 'wrong');
    assert.equal(two.reasons[0]!.code, 'multiple-records');
    dns.server.setZone({ 'example.de': { TXT: ['v=spf1 -all'] } });
    dns.server.setBehaviour('example.de', 'TXT', 'servfail');
    const failed = summarizeSpfTree(await walkSpfTree('example.de', dns.resolver));
    assert.equal(failed.status, 'error');
  });

  it('counts every term wherever it stands, redirect only without all, and void lookups', async () => {
    const tree = await walk({
      'example.de': { TXT: ['v=spf1 a:gone.example.de mx:nomx.example.de exists:x.example.de ptr include:spf.protection.outlook.com ~all redirect=r.example.de'] },
      'nomx.example.de': { A: ['192.0.2.9'] },
      'spf.protection.outlook.com': MS,
    });
    const root = tree.root;
    assert.deepEqual(root.terms.map((t) => [t.kind, t.lookups, t.void]), [
      ['a', 1, true], ['mx', 1, true], ['exists', 1, true], ['ptr', 1, null], ['include', 1, false], ['redirect', 0, null]]);
    assert.equal(tree.totalLookups, 5);
    assert.equal(tree.totalVoidLookups, 3);
    const v = summarizeSpfTree(tree);
    assert.equal(v.status, 'wrong');
    assert.ok(v.reasons.some((r) => r.code === 'too-many-void-lookups'));
  });

  it('follows redirect when the record has no all, and sees more than 10 lookups', async () => {
    const zone: ZoneData = {
      'example.de': { TXT: ['v=spf1 mx redirect=_spf.example.de'], MX: [{ preference: 10, exchange: 'mx.example.de' }] },
      '_spf.example.de': { TXT: ['v=spf1 include:spf.protection.outlook.com include:a1.example.de include:a2.example.de -all'] },
      'spf.protection.outlook.com': MS,
    };
    for (let i = 1; i <= 2; i++) zone[`a${i}.example.de`] = { TXT: [`v=spf1 ${Array.from({ length: 4 }, (_, j) => `a:h${j}.example.de`).join(' ')} -all`] };
    for (let j = 0; j < 4; j++) zone[`h${j}.example.de`] = { A: ['192.0.2.1'] };
    const tree = await walk(zone);
    assert.equal(tree.root.terms[1]!.lookups, 1);
    assert.equal(tree.root.terms[1]!.child!.domain, '_spf.example.de');
    assert.equal(tree.totalLookups, 1 + 1 + 3 + 8);
    assert.equal(tree.microsoftReachable, true);
    const v = summarizeSpfTree(tree);
    assert.equal(v.status, 'wrong');
    assert.deepEqual(v.reasons.map((r) => r.code), ['too-many-lookups']);
  });

  it('include targets without SPF, loops, and a missing Microsoft include are wrong', async () => {
    const none = summarizeSpfTree(await walk({ 'example.de': { TXT: ['v=spf1 include:spf.protection.outlook.com include:nothing.example.de -all'] }, 'spf.protection.outlook.com': MS }));
    assert.deepEqual(none.reasons.map((r) => r.code), ['target-none']);
    const loop = summarizeSpfTree(await walk({ 'example.de': { TXT: ['v=spf1 include:spf.protection.outlook.com include:example.de -all'] }, 'spf.protection.outlook.com': MS }));
    assert.ok(loop.reasons.some((r) => r.code === 'loop'));
    const noMs = summarizeSpfTree(await walk({ 'example.de': { TXT: ['v=spf1 mx -all'], MX: [{ preference: 10, exchange: 'mx.example.de' }] } }));
    assert.deepEqual(noMs.reasons.map((r) => r.code), ['microsoft-missing']);
  });

  it('a timed-out include is error, not missing, unless the answers already make it wrong', async () => {
    dns.server.setZone({ 'example.de': { TXT: ['v=spf1 include:spf.protection.outlook.com include:slow.example.de -all'] }, 'spf.protection.outlook.com': MS, 'slow.example.de': { TXT: ['v=spf1 -all'] } });
    dns.server.setBehaviour('slow.example.de', 'TXT', 'timeout');
    const tree = await walkSpfTree('example.de', dns.resolver);
    assert.equal(tree.root.terms[1]!.child!.status, 'dns-error');
    assert.equal(summarizeSpfTree(tree).status, 'error');
    dns.server.setZone({ 'example.de': { TXT: ['v=spf1 include:slow.example.de ipv4:192.0.2.1 -all'] }, 'slow.example.de': { TXT: ['v=spf1 -all'] } });
    assert.equal(summarizeSpfTree(await walkSpfTree('example.de', dns.resolver)).status, 'wrong');
  });
});
