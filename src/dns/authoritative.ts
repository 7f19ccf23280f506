import type { DnsAnswer, QueryOptions, Resolver, RRType } from './types';
import { createResolver, type DnsClient, type ResolverOptions } from './resolver';
import { normalizeName } from './wire';

export interface Delegation {
  /** The zone apex that holds `domain` (the domain itself, or a parent when the domain is not a zone cut). */
  zone: string;
  nameservers: Array<{ name: string; addresses: string[] }>;
  /** TTL of the NS set. */
  ttl: number;
}

export type DiscoveryResult =
  | { kind: 'ok'; delegation: Delegation }
  | { kind: 'error'; detail: string };

/**
 * Finds the authoritative nameservers of `domain`: asks `resolver` (a public or configured recursive resolver)
 * for NS at the domain, then at each parent until a zone cut answers, and resolves the nameservers' A/AAAA in
 * parallel. Never throws; a failed query makes the discovery an `error` (never "no nameservers").
 */
export async function discoverAuthoritative(domain: string, resolver: Resolver, options: QueryOptions = {}): Promise<DiscoveryResult> {
  const labels = normalizeName(domain).split('.');
  for (let i = 0; i < labels.length; i++) {
    const zone = labels.slice(i).join('.');
    const ns = await resolver(zone, 'NS', options);
    if (ns.kind === 'error') return { kind: 'error', detail: `NS query for ${zone} failed: ${ns.reason} (${ns.detail})` };
    // An NS answer reached through a CNAME is not a zone cut of this name (RFC 2181 10.1).
    if (ns.kind !== 'records' || ns.cnameChain.length > 0) continue;
    const names = [...new Set(ns.records.flatMap((r) => (r.type === 'NS' ? [r.target] : [])))];
    const resolved = await Promise.all(names.map(async (name) => {
      const [a, aaaa] = await Promise.all([resolver(name, 'A', options), resolver(name, 'AAAA', options)]);
      const addresses = [a, aaaa].flatMap((answer) => (answer.kind === 'records' ? answer.records.flatMap((r) => ('address' in r ? [r.address] : [])) : []));
      return { name, addresses, failed: [a, aaaa].every((answer) => answer.kind === 'error') };
    }));
    const usable = resolved.filter((n) => n.addresses.length > 0);
    if (usable.length === 0) {
      const why = resolved.some((n) => n.failed) ? 'their address lookups failed' : 'none has an address';
      return { kind: 'error', detail: `the nameservers of ${zone} (${names.join(', ')}) cannot be reached: ${why}` };
    }
    return { kind: 'ok', delegation: { zone, ttl: Math.min(...ns.records.map((r) => r.ttl)), nameservers: usable.map(({ name, addresses }) => ({ name, addresses })) } };
  }
  return { kind: 'error', detail: `no nameservers found for ${normalizeName(domain)} or any parent` };
}

export interface AuthoritativeResolverOptions extends Omit<ResolverOptions, 'servers' | 'recursionDesired'> {
  delegation: Delegation;
  /** Port the nameservers listen on (53; tests on loopback use another). */
  port?: number;
  /** Asked for names outside the zone (include targets such as spf.protection.outlook.com). */
  outside: Resolver;
}

/**
 * "Is it published?": a `Resolver` that asks the zone's own nameservers directly (RD off) for names inside the
 * zone and `outside` for everything else. `close()` releases the sockets it owns.
 */
export function createAuthoritativeResolver(options: AuthoritativeResolverOptions): DnsClient {
  const { delegation, port = 53, outside, ...rest } = options;
  const toServers = (d: Delegation): string[] => d.nameservers.flatMap((ns) => ns.addresses).map((a) => (a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`));
  const inside = createResolver({ ...rest, servers: toServers(delegation), recursionDesired: false });
  const owned: DnsClient[] = [inside];
  const zone = delegation.zone;
  const within = (n: string, z: string): boolean => n === z || n.endsWith(`.${z}`);
  // Delegated subzones found during this resolver's life: zone → its servers' resolver.
  const subzones = new Map<string, Promise<DnsClient | undefined>>();

  const subzoneResolver = async (name: string, queryOptions?: QueryOptions): Promise<DnsClient | undefined> => {
    const found = await discoverAuthoritative(name, outside, queryOptions);
    if (found.kind !== 'ok' || found.delegation.zone === zone || !within(found.delegation.zone, zone)) return undefined;
    const key = found.delegation.zone;
    let pending = subzones.get(key);
    if (!pending) {
      const client = createResolver({ ...rest, servers: toServers(found.delegation), recursionDesired: false });
      owned.push(client);
      pending = Promise.resolve(client);
      subzones.set(key, pending);
    }
    return pending;
  };

  /** Follows in-zone CNAMEs on the zone's servers and hands an out-of-zone target to `outside`. */
  const viaAlias = async (name: string, type: RRType, queryOptions?: QueryOptions): Promise<DnsAnswer | undefined> => {
    const chain: string[] = [];
    let current = name;
    for (let hop = 0; hop < 8; hop++) {
      const alias = await inside(current, 'CNAME', queryOptions);
      if (alias.kind !== 'records') return undefined;
      const target = alias.records.find((r) => r.type === 'CNAME');
      if (!target || target.type !== 'CNAME') return undefined;
      chain.push(current);
      current = target.target;
      if (!within(current, zone)) {
        const answer = await outside(current, type, queryOptions);
        return answer.kind === 'error' ? answer : { ...answer, cnameChain: [...chain, ...answer.cnameChain] };
      }
    }
    return undefined;
  };

  const route = async (name: string, type: RRType, queryOptions?: QueryOptions): Promise<DnsAnswer> => {
    const n = normalizeName(name);
    if (!within(n, zone)) return outside(name, type, queryOptions);
    const answer = await inside(name, type, queryOptions);
    // An authoritative NODATA carries the zone's SOA (RFC 2308 2.2); one without it is a referral to a delegated
    // subzone (RFC 1034 4.3.2: no AA, NS in the authority section): ask that subzone's own servers.
    if (answer.kind === 'nodata' && answer.negativeTtl === undefined && answer.cnameChain.length === 0) {
      const sub = await subzoneResolver(n, queryOptions);
      if (sub) return sub(name, type, queryOptions);
    }
    // The zone's servers answer an alias out of the zone and refuse the target itself (recursion off).
    if (answer.kind === 'error' && (answer.reason === 'refused' || answer.reason === 'servfail') && type !== 'CNAME') {
      return (await viaAlias(n, type, queryOptions)) ?? answer;
    }
    return answer;
  };
  return Object.assign(route, { stats: inside.stats, servers: inside.servers, close: () => { for (const c of owned) c.close(); } });
}
