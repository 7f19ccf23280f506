/**
 * The SPF tests' DNS: a loopback DNS test server and the real resolver (src/dns) pointed at it, one try and 1 s per
 * query, so a name set to time out costs one second rather than the default retries.
 */
import { createResolver, type DnsClient } from '../../../src/dns/resolver';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../../support/dns-server';

export interface LoopbackResolver {
  readonly server: DnsTestServer;
  readonly resolver: DnsClient;
}

/**
 * Registers mocha `before`/`after` hooks in the calling `describe` that start the server (with `zone`, if given) and
 * the resolver, and close both. The returned object's fields throw if read before the `before` hook ran.
 */
export function useLoopbackResolver(zone?: ZoneData): LoopbackResolver {
  let server: DnsTestServer | undefined;
  let resolver: DnsClient | undefined;
  before(async () => {
    server = await startDnsServer(zone ? { zone } : {});
    resolver = createResolver({ servers: [server.address], timeoutMs: 1000, retries: 0 });
  });
  after(async () => { resolver?.close(); await server?.close(); });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the loopback DNS server is not started yet (read it inside a test or hook)');
    return value;
  };
  return {
    get server() { return started(server); },
    get resolver() { return started(resolver); },
  };
}
