import type { TenantAccess } from './tenant-connection';
import type { Logger } from 'pino';
import type { Migration } from '../procedure/types';
import type { DnsStepId } from '../procedure/types';
import type { ProbeResult } from '../probes/types';
import type { BackoffOptions } from '../scheduler/policy-backoff';
import type { Repositories, Store } from '../store';
import type { StoredMigration } from './migration-record';
import type { ResolverFor } from './prober';
import type { ProbeGate } from '../limits/probe-gate';

/** The tenant id the local Agents Playground gets in anonymous mode (it sends none). */
export const DEV_TENANT_ID = 'local-dev-tenant';

/**
 * Rate limit for probe-heavy actions, as the bot builds it from a turn's activity (src/bot/turn-guards.ts
 * `createBotLimits`): the activity stays opaque here.
 */
export interface ProbeLimits {
  /** Takes `cost` probe units for the activity's user and tenant; refused: the localized text to show. Never throws. */
  probes(activity: object, cost: number): { readonly allowed: true } | { readonly allowed: false; readonly text: string };
  /** Takes one unit of the new-migration budget (starting a migration that does not exist yet); as `probes` otherwise. */
  newMigration(activity: object): { readonly allowed: true } | { readonly allowed: false; readonly text: string };
  /** The process-wide gate every live probe runs through. */
  readonly probeGate: ProbeGate;
  /** The refusal when the gate answers `busy`, in the activity's language. Pure. */
  busyText(activity: object): string;
}

/** What one probe batch for a migration found: one result per step asked, and the SPF record to publish. */
export interface MigrationProbeBatch {
  results: ProbeResult[];
  /** `suggestSpf(...).record` when the spf step was probed and a record could be suggested. */
  spfSuggestion?: string;
}

/**
 * Runs the DNS probes of these steps for a migration (verify-domain with the migration's `MS=ms…` value, spf
 * with the suggestion). Never rejects: a DNS failure is an `error` result ("could not check"). `turn` is the activity
 * of the turn that asks (absent for the scheduler's re-checks): telemetry parents the probe span to that turn's span
 * through it, as the logs find a request's ids (no AsyncLocalStorage).
 */
export type MigrationProber = (migration: Migration, stepIds: readonly DnsStepId[], turn?: object) => Promise<MigrationProbeBatch>;

/**
 * Everything the bot's routes need beyond the Bot Framework, built once by the composition root (src/index.ts)
 * and shared by the migration, helpdesk and scheduler wiring. Tests pass real small parts (a memory or SQLite
 * store, a prober over a loopback DNS server, a fixed clock).
 */
export interface AppDeps {
  store: Store;
  /** Tenant-scoped repositories over `store` (migrations as the app stores them: ./migration-record.ts). */
  repos: Repositories<StoredMigration>;
  probe: MigrationProber;
  /**
   * The DNS strategy per domain (COEXIST_DNS_SERVERS as stub resolvers, else the domain's authoritative servers),
   * for live checks of a domain that is no migration (the helpdesk). Absent: the helpdesk answers without them.
   */
  resolverFor?: ResolverFor;
  /** Epoch milliseconds. */
  clock: () => number;
  /** COEXIST_ADMINS, lower case (Entra object ids or UPNs). Empty: anyone may start a migration. */
  admins: readonly string[];
  /**
   * Tenant id used when an activity carries none (the local Agents Playground in anonymous mode). Undefined in
   * production, where a turn without a tenant is refused.
   */
  devTenantId?: string;
  logger: Logger;
  /** COEXIST_RECHECK_FIRST_MS: re-checks on a compressed time scale (tests); undefined: real time. */
  recheckTimeScale?: BackoffOptions;
  /**
   * Rate limit for probe-heavy actions (`limits.probes(activity, stepCount)` before a /check or "Check now"; refused:
   * answer with its localized text) and the process-wide probe gate. Set by the composition root; absent in tests.
   */
  limits?: ProbeLimits;
  /** Read-only access to customers' tenants (COEXIST_TENANT_APP_ID); absent: steps are confirmed by the admin. */
  tenantAccess?: TenantAccess;
}
