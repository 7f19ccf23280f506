import { msg } from '../i18n/message';
import { setMaxListeners } from 'node:events';
import { createAuthoritativeResolver, discoverAuthoritative } from '../dns/authoritative';
import { createResolver, type DnsClient } from '../dns/resolver';
import type { Resolver } from '../dns/types';
import { checkDomain } from '../probes/check-domain';
import type { ProbeResult } from '../probes/types';
import type { DnsStepId } from '../procedure/types';
import { suggestSpf, type ProviderId } from '../spf/suggest';
import type { MigrationProber } from './deps';

/** A resolver for one probe batch of a domain, or why none could be built (then every probe is "could not check"). */
export type ResolverLease = { ok: true; resolver: Resolver; release: () => void } | { ok: false; detail: string };

/** Gives the resolver that answers "is it published?" for a domain. Never rejects. */
export type ResolverFor = (domain: string, signal: AbortSignal) => Promise<ResolverLease>;

export interface DnsStrategyOptions {
  /** COEXIST_DNS_SERVERS: every query goes to these servers (stub mode, as `coexist check --dns`). */
  dnsServers: readonly string[];
  /** Finds the domain's authoritative nameservers when no dnsServers are set (config: the system's resolvers). */
  discoveryResolvers?: readonly string[];
  /** COEXIST_PUBLIC_RESOLVERS: the discovery fallback only for callers that pass no `discoveryResolvers`. */
  publicResolvers: readonly string[];
  /** COEXIST_NAMESERVER_PORT. */
  nameserverPort: number;
  /** Per query attempt (default 2000 ms); one retry. */
  timeoutMs?: number;
}

/**
 * The bot's DNS strategy: with `dnsServers`, one long-lived stub resolver; otherwise the domain's authoritative
 * nameservers (found through `discoveryResolvers`), as `coexist check` does, so a change counts as soon as it is
 * published. `close()` releases the long-lived sockets.
 */
export function createResolverStrategy(options: DnsStrategyOptions): { resolverFor: ResolverFor; close: () => void } {
  const common = { timeoutMs: options.timeoutMs ?? 2000, retries: 1 };
  if (options.dnsServers.length > 0) {
    const stub = createResolver({ ...common, servers: options.dnsServers });
    return { resolverFor: async () => ({ ok: true, resolver: stub, release: () => undefined }), close: () => stub.close() };
  }
  const recursive = createResolver({ ...common, servers: options.discoveryResolvers ?? options.publicResolvers });
  return {
    close: () => recursive.close(),
    resolverFor: async (domain, signal) => {
      const discovery = await discoverAuthoritative(domain, recursive, { signal });
      if (discovery.kind === 'error') return { ok: false, detail: `the authoritative nameservers could not be found (${discovery.detail})` };
      const published: DnsClient = createAuthoritativeResolver({ ...common, delegation: discovery.delegation, port: options.nameserverPort, outside: recursive });
      return { ok: true, resolver: published, release: () => published.close() };
    },
  };
}

function couldNotCheck(id: DnsStepId, detail: string): ProbeResult {
  return { id, status: 'error', found: null, expected: null, advice: msg('probe.could-not-check-detail', { detail }) };
}

/**
 * The migration prober over `checkDomain` and `suggestSpf`: verify-domain expects the migration's `MS=ms…`
 * value; a probed spf step brings the record to publish (the `alternative` when the merged record would exceed
 * 10 lookups). The whole batch is cut at `budgetMs` (default 6000): what has not answered is "could not check".
 * Never rejects.
 */
export function createMigrationProber(resolverFor: ResolverFor, options: { budgetMs?: number } = {}): MigrationProber {
  const budgetMs = options.budgetMs ?? 6000;
  return async (migration, stepIds) => {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const timer = setTimeout(() => controller.abort(), budgetMs);
    try {
      const lease = await resolverFor(migration.domain, controller.signal).catch((error: unknown): ResolverLease =>
        ({ ok: false, detail: error instanceof Error ? error.message : String(error) }));
      if (!lease.ok) return { results: stepIds.map((id) => couldNotCheck(id, lease.detail)) };
      try {
        const expectTxt = migration.inputs.verificationValue;
        const [results, suggestion] = await Promise.all([
          // The batch's signal already ends at budgetMs: checkDomain needs no deadline (and timer) of its own.
          checkDomain(migration.domain, { resolver: lease.resolver, only: stepIds, signal: controller.signal, ...(expectTxt ? { expectTxt } : {}) }),
          stepIds.includes('spf')
            ? suggestSpf(migration.domain, lease.resolver, {
              signal: controller.signal,
              ...(migration.inputs.provider !== 'other' ? { provider: migration.inputs.provider as ProviderId } : {}),
            }).catch(() => undefined)
            : Promise.resolve(undefined),
        ]);
        let spfSuggestion: string | undefined;
        if (suggestion && suggestion.kind !== 'error' && suggestion.record) {
          spfSuggestion = suggestion.alternative && (suggestion.lookupsAfter ?? 0) > 10 ? suggestion.alternative.record : suggestion.record;
        }
        return { results, ...(spfSuggestion ? { spfSuggestion } : {}) };
      } finally {
        lease.release();
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
