import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { createResolverStrategy } from '../../src/app/prober';

describe('the bot\'s DNS strategy finds nameservers through the discovery resolvers, not the public ones', () => {
  let resolverOfTheNetwork: DnsTestServer;
  let child: DnsTestServer;
  before(async () => {
    resolverOfTheNetwork = await startDnsServer({ zone: { 'meinefirma.de': { NS: ['ns1.meinefirma.de'] }, 'ns1.meinefirma.de': { A: ['127.0.0.2'] } } });
    child = await startDnsServer({ host: '127.0.0.2', zone: { 'meinefirma.de': { TXT: ['MS=ms1'] } } });
  });
  after(async () => {
    await resolverOfTheNetwork.close();
    await child.close();
  });

  it('works on a network that allows only its own resolver (the public ones unreachable)', async () => {
    // 192.0.2.1 (TEST-NET-1) stands for 1.1.1.1 behind a firewall: never answers.
    const strategy = createResolverStrategy({ dnsServers: [], discoveryResolvers: [resolverOfTheNetwork.address], publicResolvers: ['192.0.2.1:53'], nameserverPort: child.port, timeoutMs: 300 });
    try {
      const lease = await strategy.resolverFor('meinefirma.de', new AbortController().signal);
      assert.ok(lease.ok, JSON.stringify(lease));
      const answer = lease.ok ? await lease.resolver('meinefirma.de', 'TXT') : undefined;
      assert.equal(answer?.kind === 'records' && answer.records[0]?.type === 'TXT' && answer.records[0].text, 'MS=ms1');
      assert.ok(resolverOfTheNetwork.count('meinefirma.de', 'NS') >= 1);
      if (lease.ok) lease.release();
    } finally {
      strategy.close();
    }
  });
});
