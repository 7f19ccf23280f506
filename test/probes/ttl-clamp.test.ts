import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { clampTtl, MAX_NEGATIVE_TTL, MAX_POSITIVE_TTL } from '../../src/dns/ttl';
import { probeVerifyDomain } from '../../src/probes/verify-domain';
import { probeAutodiscover } from '../../src/probes/autodiscover';
import { nextRecheckAt, RECHECK_MAX_MS } from '../../src/scheduler/policy-backoff';

const HUGE = 2_147_483_647;

describe('TTLs for scheduling: a DNS server sending TTL 2^31-1 (real DNS on loopback)', () => {
  let server: DnsTestServer;
  let resolver: DnsClient;
  before(async () => {
    server = await startDnsServer({ zone: {
      'huge.test': { TXT: ['MS=ms1'], SOA: { mname: 'ns.huge.test', rname: 'hostmaster.huge.test', serial: 1, minimum: HUGE } },
      'msb.test': { TXT: ['MS=ms1'] },
    } });
    server.setBehaviour('huge.test', '*', { ttl: HUGE });
    server.setBehaviour('autodiscover.huge.test', '*', { ttl: HUGE });
    server.setBehaviour('msb.test', 'TXT', { ttl: 2 ** 32 - 1 });
    resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
  });
  after(async () => {
    resolver.close();
    await server.close();
  });

  it('keeps the TTL as received on the record, and clamps a positive answer to 7 days (RFC 8767 4) for scheduling', async () => {
    const answer = await resolver('huge.test', 'TXT');
    assert.equal(answer.kind === 'records' && answer.records[0]!.ttl, HUGE);
    const probed = await probeVerifyDomain('huge.test', { resolver });
    assert.equal(probed.status, 'ok');
    assert.equal(probed.ttlSeconds, MAX_POSITIVE_TTL);
  });

  it('clamps a negative answer (SOA TTL and MINIMUM 2^31-1, RFC 2308 5) to a day', async () => {
    const answer = await resolver('autodiscover.huge.test', 'CNAME');
    assert.equal(answer.kind, 'nxdomain');
    assert.equal(answer.kind === 'nxdomain' && answer.negativeTtl, HUGE);
    const probed = await probeAutodiscover('huge.test', { resolver });
    assert.equal(probed.status, 'missing');
    assert.equal(probed.ttlSeconds, MAX_NEGATIVE_TTL);
  });

  it('reads a TTL with the most significant bit set as 0 (RFC 2181 8)', async () => {
    const probed = await probeVerifyDomain('msb.test', { resolver });
    assert.equal(probed.ttlSeconds, 0);
    assert.equal(clampTtl(2 ** 31, MAX_POSITIVE_TTL), 0);
    assert.equal(clampTtl(Number.NaN, MAX_POSITIVE_TTL), 0);
    assert.equal(clampTtl(300.7, MAX_POSITIVE_TTL), 300);
  });

  it('never schedules the next check beyond the documented hour, for either answer', async () => {
    const now = Date.UTC(2026, 11, 2, 10, 0);
    for (const probed of [await probeVerifyDomain('huge.test', { resolver, expectTxt: 'MS=ms2' }), await probeAutodiscover('huge.test', { resolver })]) {
      assert.notEqual(probed.status, 'ok');
      for (const attempt of [0, 5, 30]) assert.ok(nextRecheckAt(now, attempt, probed.ttlSeconds) - now <= RECHECK_MAX_MS, `${probed.id} attempt ${attempt}`);
    }
  });
});
