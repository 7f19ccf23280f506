import assert from 'node:assert/strict';
import type { Resolver } from '../../src/dns/types';
import { evaluateSpf } from '../../src/spf/evaluate';
import type { ZoneData } from '../support/dns-server';
import { useLoopbackResolver } from './support/loopback-resolver';

const zone: ZoneData = {
  'firma.de': { TXT: ['v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ip4:81.169.145.133 -all exp=why.firma.de'], A: ['203.0.113.5'], MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }] },
  'why.firma.de': { TXT: ['%{i} may not send for %{d} (%{c}, HELO %{h}, sender %{L}@%{o}, via %{r})'] },
  'smtpin.rzone.de': { A: ['81.169.145.97'] },
  'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 include:spfd.protection.outlook.com -all'] },
  'spfd.protection.outlook.com': { TXT: ['v=spf1 ip6:2a01:111:f400::/48 ip4:40.107.0.0/16 -all'] },
  'smtp.strato.de': { TXT: ['v=spf1 ip4:81.169.144.0/20 -all'] },
  'many.de': { TXT: [`v=spf1 ${Array.from({ length: 11 }, (_, i) => `a:h${i}.many.de`).join(' ')} -all`] },
  'voids.de': { TXT: ['v=spf1 a:x1.voids.de mx:x2.voids.de exists:x3.voids.de -all'] },
  'redir.de': { TXT: ['v=spf1 ip4:192.0.2.1 redirect=firma.de'] },
};
for (let i = 0; i < 11; i++) zone[`h${i}.many.de`] = { A: ['192.0.2.200'] };

describe('spf/evaluate (real resolver, loopback DNS server)', function () {
  this.timeout(10000);
  const dns = useLoopbackResolver(zone);

  it('reports which include costs what, as a tree', async () => {
    const r = await evaluateSpf({ ip: '40.107.1.2', mailFrom: 'max@firma.de', helo: 'x.outlook.com' }, dns.resolver);
    assert.equal(r.result, 'pass');
    assert.equal(r.mechanism, 'include:spf.protection.outlook.com');
    assert.equal(r.lookups, 2);
    const root = r.tree!;
    assert.equal(root.totalLookups, 2);
    assert.deepEqual(root.terms.map((t) => [t.term, t.lookups, t.matched, t.child?.totalLookups]), [['include:spf.protection.outlook.com', 1, true, 1]]);
    const ms = root.terms[0]!.child!;
    assert.equal(ms.via, 'include');
    assert.deepEqual(ms.terms.map((t) => [t.term, t.child?.domain, t.child?.result]), [['include:spfd.protection.outlook.com', 'spfd.protection.outlook.com', 'pass']]);
  });

  it('counts mx host address lookups apart from the 10 terms, and matches the provider\'s MX', async () => {
    const r = await evaluateSpf({ ip: '81.169.145.97', mailFrom: 'max@firma.de', helo: 'smtpin.rzone.de' }, dns.resolver);
    assert.equal(r.result, 'pass');
    assert.equal(r.mechanism, 'mx');
    assert.equal(r.lookups, 3);
    const mx = r.tree!.terms.find((t) => t.term === 'mx')!;
    assert.equal(mx.subLookups, 1);
  });

  it('expands the exp= explanation with macros (RFC 7208 6.2, 7.3) on fail only', async () => {
    const r = await evaluateSpf({ ip: '192.0.2.66', mailFrom: 'Max.Muster@firma.de', helo: 'bad.example', receiver: 'mx.receiver.test' }, dns.resolver);
    assert.equal(r.result, 'fail');
    assert.equal(r.explanationSource, 'exp');
    assert.equal(r.explanation, '192.0.2.66 may not send for firma.de (192.0.2.66, HELO bad.example, sender Max.Muster@firma.de, via mx.receiver.test)');
    const pass = await evaluateSpf({ ip: '81.169.145.133', mailFrom: 'max@firma.de', helo: 'x' }, dns.resolver);
    assert.equal(pass.explanationSource, 'default');
  });

  it('uses the redirect target\'s result and exp', async () => {
    const r = await evaluateSpf({ ip: '192.0.2.66', mailFrom: 'a@redir.de', helo: 'h.example' }, dns.resolver);
    assert.equal(r.result, 'fail');
    assert.match(r.explanation, /may not send for firma\.de/);
    assert.equal(r.tree!.terms.at(-1)!.term, 'redirect=firma.de');
  });

  it('permerror beyond 10 DNS-querying terms and beyond 2 void lookups (RFC 7208 4.6.4)', async () => {
    const many = await evaluateSpf({ ip: '192.0.2.1', mailFrom: 'a@many.de', helo: 'h.example' }, dns.resolver);
    assert.equal(many.result, 'permerror');
    assert.match(many.explanation, /more than 10 DNS-querying terms/);
    assert.equal(many.lookups, 11);
    const voids = await evaluateSpf({ ip: '192.0.2.1', mailFrom: 'a@voids.de', helo: 'h.example' }, dns.resolver);
    assert.equal(voids.result, 'permerror');
    assert.match(voids.explanation, /void lookups/);
    assert.equal(voids.voidLookups, 3);
  });

  it('a timeout is temperror, never none or fail', async () => {
    dns.server.setBehaviour('smtp.strato.de', 'TXT', 'timeout');
    try {
      const r = await evaluateSpf({ ip: '192.0.2.66', mailFrom: 'max@firma.de', helo: 'h.example' }, dns.resolver);
      assert.equal(r.result, 'temperror');
      assert.match(r.explanation, /smtp\.strato\.de.*timeout/);
      assert.equal(r.tree!.terms.find((t) => t.term === 'include:smtp.strato.de')!.child!.result, 'temperror');
    } finally { dns.server.clearBehaviours(); }
  });

  it('never throws or rejects, even when an injected resolver misbehaves', async () => {
    const throwing: Resolver = () => { throw new Error('boom'); };
    const rejecting: Resolver = () => Promise.reject(new Error('bang'));
    for (const bad of [throwing, rejecting]) {
      const r = await evaluateSpf({ ip: '192.0.2.1', mailFrom: 'a@firma.de', helo: 'h' }, bad);
      assert.equal(r.result, 'temperror');
    }
    const garbage = await evaluateSpf({ ip: 'not-an-ip', mailFrom: 'a@firma.de', helo: 'h' }, dns.resolver);
    assert.equal(garbage.result, 'permerror');
    assert.match(garbage.explanation, /not an IP address/);
  });
});
