import { getServers } from 'node:dns';
import { parseServerAddress } from './server-address';

/**
 * The system's resolvers as `host:port` labels (what `dns.getServers()` read from /etc/resolv.conf), for finding a
 * domain's nameservers when no COEXIST_DNS_SERVERS are set: a company network may allow only its own resolver.
 * Entries a stub resolver cannot address (e.g. link-local IPv6 with a zone id) are left out; with none left, the
 * local machine's, as resolv.conf(5) specifies for a file without `nameserver` lines. Never throws.
 */
export function systemResolvers(read: () => readonly string[] = getServers): string[] {
  let listed: readonly string[];
  try {
    listed = read();
  } catch {
    listed = [];
  }
  const labels = listed.flatMap((entry) => {
    const parsed = parseServerAddress(entry);
    return 'error' in parsed ? [] : [parsed.label];
  });
  return labels.length > 0 ? [...new Set(labels)] : ['127.0.0.1:53'];
}
