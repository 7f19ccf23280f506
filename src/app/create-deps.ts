import type { Logger } from 'pino';
import type { Config } from '../config';
import { createRepositories, openStore, withStoreDeadline } from '../store';
import { DEV_TENANT_ID, type AppDeps } from './deps';
import { storedMigrationType } from './migration-record';
import { createMigrationProber, createResolverStrategy } from './prober';

export interface OwnedAppDeps {
  deps: AppDeps;
  /** Closes the store and the resolver's sockets. Never rejects. */
  close: () => Promise<void>;
}

/**
 * Builds the bot's dependencies from the config: the store (`COEXIST_STORAGE`, SQLite in COEXIST_DATA_DIR by
 * default), its repositories, the DNS strategy (COEXIST_DNS_SERVERS as stub resolvers, else the domain's
 * authoritative nameservers) and the migration prober. Rejects when the store cannot be opened.
 */
export async function createAppDeps(config: Config, logger: Logger, options: { clock?: () => number } = {}): Promise<OwnedAppDeps> {
  const store = withStoreDeadline(await openStore(config.storage), config.storeTimeoutMs);
  const dns = createResolverStrategy({ dnsServers: config.dnsServers, discoveryResolvers: config.discoveryResolvers, publicResolvers: config.publicResolvers, nameserverPort: config.nameserverPort });
  const deps: AppDeps = {
    store,
    repos: createRepositories(store, storedMigrationType),
    probe: createMigrationProber(dns.resolverFor),
    resolverFor: dns.resolverFor,
    clock: options.clock ?? Date.now,
    admins: config.admins,
    // Only an unauthenticated local bot talks to clients (the Agents Playground) that send no tenant id.
    ...(config.bot.anonymous ? { devTenantId: DEV_TENANT_ID } : {}),
    logger,
    ...(config.scheduler.recheckFirstMs !== undefined ? { recheckTimeScale: { firstMs: config.scheduler.recheckFirstMs } } : {}),
  };
  return {
    deps,
    close: async () => {
      dns.close();
      await store.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the store failed'));
    },
  };
}
