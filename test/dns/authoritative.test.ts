import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { createAuthoritativeResolver, discoverAuthoritative } from '../../src/dns/authoritative';

describe('authoritative discovery (parent on 127.0.0.1, child on 127.0.0.2)', () => {
  let parent: DnsTestServer;
  let child: DnsTestServer;
  let recursive: DnsClient;
  before(async () => {
    parent = await startDnsServer({ zone: {
      'meinefirma.de': { NS: ['ns1.meinefirma.de', 'ns2.dns-provider.test'], TXT: ['stale'], ttl: 86400 },
      'ns1.meinefirma.de': { A: ['127.0.0.2'] },
      'ns2.dns-provider.test': { A: ['127.0.0.2'] },
      'lame.test': { NS: ['ns.nowhere.test'] },
      'outside.test': { TXT: ['from-parent'] },
    } });
    child = await startDnsServer({ host: '127.0.0.2', zone: { 'meinefirma.de': { TXT: ['fresh'] }, 'shop.meinefirma.de': { A: ['192.0.2.7'] } } });
    recursive = createResolver({ servers: [parent.address], timeoutMs: 200, retries: 0 });
  });
  after(async () => {
    recursive.close();
    await parent.close();
    await child.close();
  });

  it('finds the zone cut at the domain and resolves its nameservers', async () => {
    const found = await discoverAuthoritative('MeineFirma.de.', recursive);
    assert.equal(found.kind, 'ok');
    if (found.kind !== 'ok') return;
    assert.equal(found.delegation.zone, 'meinefirma.de');
    assert.equal(found.delegation.ttl, 86400);
    assert.deepEqual(found.delegation.nameservers.map((n) => n.name).sort(), ['ns1.meinefirma.de', 'ns2.dns-provider.test']);
  });

  it('walks up to the parent when the name is not a zone cut', async () => {
    const found = await discoverAuthoritative('shop.meinefirma.de', recursive);
    assert.equal(found.kind === 'ok' && found.delegation.zone, 'meinefirma.de');
  });

  it('reports a failed NS query as an error, not as "no nameservers"', async () => {
    parent.setBehaviour('meinefirma.de', 'NS', 'servfail');
    try {
      const found = await discoverAuthoritative('meinefirma.de', recursive);
      assert.equal(found.kind, 'error');
      assert.match(found.kind === 'error' ? found.detail : '', /servfail/);
    } finally {
      parent.clearBehaviours();
    }
  });

  it('reports nameservers without addresses as an error', async () => {
    const found = await discoverAuthoritative('lame.test', recursive);
    assert.equal(found.kind, 'error');
  });

  it('asks the zone\'s own servers for names inside it and the outside resolver for the rest', async () => {
    const found = await discoverAuthoritative('meinefirma.de', recursive);
    assert.ok(found.kind === 'ok');
    const published = createAuthoritativeResolver({ delegation: found.delegation, port: child.port, outside: recursive, timeoutMs: 200 });
    try {
      const inside = await published('meinefirma.de', 'TXT');
      assert.equal(inside.kind === 'records' && inside.records[0]!.type === 'TXT' && inside.records[0]!.text, 'fresh');
      const outside = await published('outside.test', 'TXT');
      assert.equal(outside.kind === 'records' && outside.records[0]!.type === 'TXT' && outside.records[0]!.text, 'from-parent');
      assert.equal(child.count('outside.test'), 0);
    } finally {
      published.close();
    }
  });
});
