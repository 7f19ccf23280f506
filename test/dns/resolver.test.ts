import { msg, text } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import type { DnsAnswer } from '../../src/dns/types';
import { errorResult } from '../../src/probes/probe-support';

function records(answer: DnsAnswer) {
  assert.equal(answer.kind, 'records', JSON.stringify(answer));
  return answer.kind === 'records' ? answer.records : [];
}

describe('createResolver against a loopback DNS server', () => {
  let server: DnsTestServer;
  let resolver: DnsClient;
  const soa = { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 1, minimum: 120 };

  beforeEach(async () => {
    server = await startDnsServer({
      zone: {
        'example.com': { SOA: soa, ttl: 600, A: ['192.0.2.1'], MX: [{ preference: 10, exchange: 'MX.Provider.TEST.' }],
          TXT: ['MS=ms12345678', ['v=spf1 include:spf.protection.outlook.com', ' -all']], SPF: [['v=spf1 ', '-all']] },
        'www.example.com': { CNAME: 'web.example.com' },
        'web.example.com': { A: ['192.0.2.2'], AAAA: ['2001:db8::2'] },
        'out.example.com': { CNAME: 'target.other.test' },
        'target.other.test': { A: ['192.0.2.9'] },
        'loop1.example.com': { CNAME: 'loop2.example.com' },
        'loop2.example.com': { CNAME: 'loop1.example.com' },
        'self.example.com': { CNAME: 'self.example.com' },
        'sub.deep.example.com': { A: ['192.0.2.3'] },
        'dangling.example.com': { CNAME: 'nowhere.example.com' },
      },
    });
    resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 1 });
  });
  afterEach(async () => {
    resolver.close();
    await server.close();
  });

  it('returns records with TTL, lower-case names and the answering server', async () => {
    const answer = await resolver('EXAMPLE.com.', 'MX');
    const [mx] = records(answer);
    assert.deepEqual(mx, { name: 'example.com', ttl: 600, type: 'MX', preference: 10, exchange: 'mx.provider.test' });
    assert.equal(answer.kind === 'records' && answer.source?.server, server.address);
  });

  it('joins TXT character-strings with no separator and keeps them apart in `strings` (TXT and type 99)', async () => {
    const txt = records(await resolver('example.com', 'TXT'));
    const spf = txt.find((r) => r.type === 'TXT' && r.text.startsWith('v=spf1'));
    assert.ok(spf && spf.type === 'TXT');
    assert.equal(spf.text, 'v=spf1 include:spf.protection.outlook.com -all');
    assert.deepEqual(spf.strings, ['v=spf1 include:spf.protection.outlook.com', ' -all']);
    const [type99] = records(await resolver('example.com', 'SPF'));
    assert.ok(type99 && type99.type === 'SPF');
    assert.equal(type99.text, 'v=spf1 -all');
  });

  it('tells NXDOMAIN from NODATA and reports the negative TTL from the SOA (RFC 2308)', async () => {
    const nx = await resolver('missing.example.com', 'A');
    assert.equal(nx.kind, 'nxdomain');
    assert.equal(nx.kind === 'nxdomain' && nx.negativeTtl, 120);
    assert.equal((await resolver('example.com', 'AAAA')).kind, 'nodata');
    assert.equal((await resolver('deep.example.com', 'A')).kind, 'nodata', 'an empty non-terminal exists');
  });

  it('follows CNAME chains inside one answer and across servers\' zones', async () => {
    const www = await resolver('www.example.com', 'A');
    assert.deepEqual(records(www).map((r) => r.type === 'A' && r.address), ['192.0.2.2']);
    assert.deepEqual(www.kind === 'records' && www.cnameChain, ['www.example.com']);
    const plain = await startDnsServer({ chaseCnames: false, zone: { 'out.example.com': { CNAME: 'target.other.test' }, 'target.other.test': { A: ['192.0.2.9'] } } });
    const stub = createResolver({ servers: [plain.address], timeoutMs: 300 });
    try {
      const out = await stub('out.example.com', 'A');
      assert.deepEqual(records(out).map((r) => r.type === 'A' && r.address), ['192.0.2.9']);
      assert.deepEqual(out.kind === 'records' && out.cnameChain, ['out.example.com']);
      assert.equal(plain.count('target.other.test', 'A'), 1, 'the target was asked for separately');
    } finally {
      stub.close();
      await plain.close();
    }
    const cname = records(await resolver('www.example.com', 'CNAME'));
    assert.deepEqual(cname.map((r) => r.type === 'CNAME' && r.target), ['web.example.com']);
    const dangling = await resolver('dangling.example.com', 'A');
    assert.equal(dangling.kind, 'nxdomain');
    assert.deepEqual(dangling.kind === 'nxdomain' && dangling.cnameChain, ['dangling.example.com']);
  });

  it('stops CNAME loops with an error, never an endless walk', async () => {
    for (const name of ['loop1.example.com', 'self.example.com']) {
      const answer = await resolver(name, 'A');
      assert.equal(answer.kind, 'error');
      assert.equal(answer.kind === 'error' && answer.reason, 'cname-loop');
    }
  });

  it('reports a timeout as an error after bounded retries, within (retries + 1) x timeout', async () => {
    server.setBehaviour('example.com', 'TXT', 'timeout');
    const started = Date.now();
    const answer = await resolver('example.com', 'TXT');
    const elapsed = Date.now() - started;
    assert.equal(answer.kind, 'error');
    assert.equal(answer.kind === 'error' && answer.reason, 'timeout');
    assert.equal(server.count('example.com', 'TXT'), 2, 'one retry');
    assert.ok(elapsed >= 550 && elapsed < 1100, `took ${elapsed} ms`);
  });

  it('says "no DNS server reachable (tried …)" when no server answers at all, in both languages on the probe', async () => {
    const second = await startDnsServer({ zone: {} });
    server.setBehaviour('example.com', 'TXT', 'timeout');
    second.setBehaviour('example.com', 'TXT', 'timeout');
    const both = createResolver({ servers: [server.address, second.address], timeoutMs: 150, retries: 1 });
    try {
      const answer = await both('example.com', 'TXT');
      assert.equal(answer.kind, 'error');
      assert.equal(answer.kind === 'error' && answer.reason, 'timeout');
      assert.deepEqual(answer.kind === 'error' && [...answer.tried!].sort(), [server.address, second.address].sort());
      assert.match(answer.kind === 'error' ? answer.detail : '', /^no DNS server reachable \(tried .+, .+\)/);
      const probed = errorResult('verify-domain', msg('probe.what.verify-domain'), answer as Extract<DnsAnswer, { kind: 'error' }>, 'MS=ms<digits>');
      assert.match(text(probed.advice, 'en'), /no DNS server reachable \(tried 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+\)/);
      assert.match(text(probed.advice, 'de'), /kein DNS-Server erreichbar \(versucht: 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+\)/);
      second.clearBehaviours();
      second.setBehaviour('example.com', 'TXT', 'servfail');
      const partly = await both('example.com', 'TXT');
      assert.equal(partly.kind === 'error' && partly.tried, undefined, 'a server that answered SERVFAIL was reachable');
    } finally {
      both.close();
      await second.close();
    }
  });

  it('reports SERVFAIL and REFUSED as errors with their reason', async () => {
    server.setBehaviour('example.com', 'MX', 'servfail');
    server.setBehaviour('example.com', 'TXT', 'refused');
    const mx = await resolver('example.com', 'MX');
    const txt = await resolver('example.com', 'TXT');
    assert.deepEqual([mx.kind, mx.kind === 'error' && mx.reason], ['error', 'servfail']);
    assert.deepEqual([txt.kind, txt.kind === 'error' && txt.reason], ['error', 'refused']);
  });

  it('tries the next server when one fails', async () => {
    const second = await startDnsServer({ zone: { 'example.com': { TXT: ['from-second'] } } });
    server.setBehaviour('example.com', 'TXT', 'servfail');
    const both = createResolver({ servers: [server.address, second.address], timeoutMs: 300, retries: 1 });
    try {
      for (let i = 0; i < 2; i++) {
        const [txt] = records(await both('example.com', 'TXT'));
        assert.equal(txt?.type === 'TXT' && txt.text, 'from-second');
      }
    } finally {
      both.close();
      await second.close();
    }
  });

  it('retries a truncated UDP answer over TCP and gets the full answer', async () => {
    server.setBehaviour('example.com', 'TXT', 'truncate');
    const answer = await resolver('example.com', 'TXT');
    assert.equal(records(answer).length, 2);
    assert.equal(answer.kind === 'records' && answer.source?.tcp, true);
    assert.deepEqual(server.log.filter((e) => e.name === 'example.com').map((e) => e.transport), ['udp', 'tcp']);
  });

  for (const [fault, reason, detail] of [
    ['tcp-tc', 'truncated', /TC bit set on a TCP answer/],
    ['tcp-cut', 'truncated', /connection ended after \d+ of \d+ bytes \(length prefix \d+\)/],
    ['tcp-trailing', 'malformed', /3 bytes after the end of the message/],
    ['tcp-garbage', 'malformed', /unreadable/],
  ] as const) {
    it(`reports a faulty TCP answer (${fault}) as error "${reason}", never as records, NXDOMAIN or NODATA`, async () => {
      // A name with records and a name without this type: neither may turn into a verdict.
      for (const [name, type] of [['example.com', 'TXT'], ['example.com', 'AAAA'], ['missing.example.com', 'A']] as const) {
        server.setBehaviour(name, type, fault);
        const answer = await resolver(name, type);
        assert.equal(answer.kind, 'error', `${name} ${type}: ${JSON.stringify(answer)}`);
        assert.equal(answer.kind === 'error' && answer.reason, reason);
        assert.match(answer.kind === 'error' ? answer.detail : '', detail);
        assert.equal(answer.kind === 'error' && answer.source?.tcp, true);
        assert.ok(server.log.some((e) => e.name === name && e.transport === 'tcp'), 'asked over TCP');
      }
    });
  }

  it('reads a huge TXT set (over the EDNS0 payload) through TCP', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `verification-token-${i}-${'x'.repeat(60)}`);
    server.setName('big.example.com', { TXT: [...many, ['v=spf1 ', 'include:a.test ', '-all']] });
    const answer = await resolver('big.example.com', 'TXT');
    const txt = records(answer);
    assert.equal(txt.length, 61);
    assert.equal(answer.kind === 'records' && answer.source?.tcp, true);
    assert.ok(txt.some((r) => r.type === 'TXT' && r.text === 'v=spf1 include:a.test -all'));
  });

  it('ignores forged answers (wrong id, wrong question, wrong source port) and keeps waiting for the real one', async () => {
    server.setBehaviour('example.com', 'A', 'spoof');
    server.setBehaviour('example.com', 'TXT', 'spoof');
    const a = records(await resolver('example.com', 'A'));
    assert.deepEqual(a.map((r) => r.type === 'A' && r.address), ['192.0.2.1']);
    const txt = records(await resolver('example.com', 'TXT'));
    assert.ok(!txt.some((r) => r.type === 'TXT' && r.text === 'v=spf1 +all'));
    assert.equal(server.count('example.com', 'A'), 1, 'no retry was needed');
  });

  it('reports a malformed answer as `malformed`, not as missing', async () => {
    server.setBehaviour('example.com', 'TXT', 'malformed');
    const answer = await resolver('example.com', 'TXT');
    assert.deepEqual([answer.kind, answer.kind === 'error' && answer.reason], ['error', 'malformed']);
  });

  it('answers a name that cannot be encoded with an error, without sending or waiting', async () => {
    const started = Date.now();
    const answer = await resolver(`${'a'.repeat(64)}.example.com`, 'A');
    assert.equal(answer.kind === 'error' && answer.reason, 'other');
    assert.ok(Date.now() - started < 100);
    assert.equal(server.count(), 0);
  });

  it('sends EDNS0 and uses random ids', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => resolver(`n${i}.example.com`, 'A')));
    const ids = new Set(server.log.map((e) => e.id));
    assert.ok(ids.size >= 18, `ids: ${[...ids].join(',')}`);
    assert.ok(server.log.every((e) => e.ednsPayload === 1232));
  });

  it('answers an already-aborted query as a timeout error without sending it', async () => {
    const controller = new AbortController();
    controller.abort();
    const answer = await resolver('example.com', 'A', { signal: controller.signal });
    assert.equal(answer.kind, 'error');
    assert.equal(server.count(), 0);
  });

  it('handles many concurrent queries with a bounded number of sockets', async () => {
    const small = createResolver({ servers: [server.address], timeoutMs: 1000, maxInFlight: 32, socketsPerServer: 2 });
    try {
      const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => small(i % 2 ? 'example.com' : 'web.example.com', 'A')));
      assert.ok(answers.every((a) => a.kind === 'records'));
      assert.equal(small.stats.udpExchanges, 1000);
    } finally {
      small.close();
    }
  });

  it('talks to a server on the IPv6 loopback', async () => {
    const v6 = await startDnsServer({ host: '::1', zone: { 'example.com': { AAAA: ['2001:db8::1'] } } });
    const stub = createResolver({ servers: [v6.address], timeoutMs: 300 });
    try {
      assert.equal(v6.address, `[::1]:${v6.port}`);
      const answer = await stub('example.com', 'AAAA');
      assert.deepEqual(records(answer).map((r) => r.type === 'AAAA' && r.address), ['2001:db8::1']);
      v6.setBehaviour('example.com', 'AAAA', 'truncate');
      const viaTcp = await stub('example.com', 'AAAA');
      assert.equal(viaTcp.kind === 'records' && viaTcp.source?.tcp, true);
    } finally {
      stub.close();
      await v6.close();
    }
  });
});
