import assert from 'node:assert/strict';
import { getServers } from 'node:dns';
import { systemResolvers } from '../../src/dns/system-resolvers';
import { createResolver } from '../../src/dns/resolver';
import { parseServerAddress } from '../../src/dns/server-address';
import { parseConfig } from '../../src/config/config';

describe('system resolvers as the default for discovery (COEXIST_DNS_SERVERS empty)', () => {
  it('reads dns.getServers() (/etc/resolv.conf) and gives every entry without a port port 53', () => {
    assert.deepEqual(systemResolvers(() => ['10.0.0.53', '[::1]:5353', '2001:db8::53', 'fe80::1%eth0', '10.0.0.53']), ['10.0.0.53:53', '[::1]:5353', '[2001:db8::53]:53']);
    assert.deepEqual(systemResolvers(() => []), ['127.0.0.1:53'], 'resolv.conf(5): no nameserver line means the local machine');
    assert.deepEqual(systemResolvers(() => { throw new Error('no resolv.conf'); }), ['127.0.0.1:53']);
    const expected = getServers().flatMap((s) => { const p = parseServerAddress(s); return 'error' in p ? [] : [p.label]; });
    assert.deepEqual(systemResolvers(), expected.length > 0 ? [...new Set(expected)] : ['127.0.0.1:53']);
  });

  it('an address without a port is asked on port 53 (never "Port should be > 0 … Received undefined")', () => {
    const client = createResolver({ servers: ['1.1.1.1', '[2606:4700::1111]'] });
    try {
      assert.deepEqual(client.servers.map((s) => [s.port, s.label]), [[53, '1.1.1.1:53'], [53, '[2606:4700::1111]:53']]);
    } finally {
      client.close();
    }
  });

  it('config: discovery uses the system resolvers, or COEXIST_DNS_SERVERS when set; public resolvers stay for the propagation view', () => {
    const plain = parseConfig({}, '/', () => ['10.0.0.53']);
    assert.ok(plain.ok);
    assert.deepEqual(plain.ok && plain.config.discoveryResolvers, ['10.0.0.53:53']);
    assert.deepEqual(plain.ok && plain.config.publicResolvers, ['1.1.1.1', '8.8.8.8', '9.9.9.9']);
    const stub = parseConfig({ COEXIST_DNS_SERVERS: '10.1.1.1,10.2.2.2:5353' }, '/', () => ['10.0.0.53']);
    assert.deepEqual(stub.ok && stub.config.discoveryResolvers, ['10.1.1.1', '10.2.2.2:5353']);
  });
});
