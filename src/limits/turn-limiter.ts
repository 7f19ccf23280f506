import { type Clock, createKeyedLimiter } from './keyed-limiter';
import type { BucketConfig, LimitDecision } from './token-bucket';

/** What a person asks for: a command turn (`/status`, a card click) or a live probe (DNS queries go out). */
export type LimitedAction = 'command' | 'probe';

/** Per-user and per-tenant buckets of one action. */
export interface ActionPolicy {
  readonly perUser: BucketConfig;
  readonly perTenant: BucketConfig;
}

export type TurnLimitPolicy = Readonly<Record<LimitedAction, ActionPolicy>>;

/**
 * Defaults: a person can click through the wizard briskly but cannot turn the bot into a DNS cannon.
 * Commands: burst 10, then one every 3 s per user; burst 60, then 2/s per tenant.
 * Probes (one unit per DNS step checked): burst 20, then one every 2 s per user; burst 100, then 5/s per tenant.
 */
export const defaultTurnLimitPolicy: TurnLimitPolicy = Object.freeze({
  command: { perUser: { capacity: 10, refillPerSecond: 1 / 3 }, perTenant: { capacity: 60, refillPerSecond: 2 } },
  probe: { perUser: { capacity: 20, refillPerSecond: 0.5 }, perTenant: { capacity: 100, refillPerSecond: 5 } },
});

/** Who asks. Missing ids (a malformed activity) fall into one shared "unknown" bucket rather than escaping the limit. */
export interface LimitSubject {
  readonly tenantId?: string | undefined;
  readonly userId?: string | undefined;
}

export interface TurnLimiter {
  /**
   * Allows the action only when both the user's and the tenant's bucket allow it, and then takes from both;
   * a refusal takes nothing. `retryAfterMs` is the longer wait of the refusing buckets. Never throws.
   */
  check(action: LimitedAction, subject: LimitSubject, cost?: number): LimitDecision;
}

export interface TurnLimiterOptions {
  readonly policy?: TurnLimitPolicy;
  readonly clock?: Clock;
  /** Bound per bucket family (4 families); default 10,000 keys each. */
  readonly maxKeys?: number;
}

/** Builds the in-memory per-tenant and per-user limiter for commands and probes (one process). */
export function createTurnLimiter(options: TurnLimiterOptions = {}): TurnLimiter {
  const policy = options.policy ?? defaultTurnLimitPolicy;
  const make = (bucket: BucketConfig) => createKeyedLimiter({ bucket, clock: options.clock, maxKeys: options.maxKeys });
  const limiters = {
    command: { user: make(policy.command.perUser), tenant: make(policy.command.perTenant) },
    probe: { user: make(policy.probe.perUser), tenant: make(policy.probe.perTenant) },
  } as const;

  return {
    check(action, subject, cost = 1) {
      const pair = limiters[action];
      const tenantKey = subject.tenantId || 'unknown-tenant';
      // Users are keyed within their tenant: an AAD object id is only unique together with its tenant.
      const userKey = `${tenantKey}\u0000${subject.userId || 'unknown-user'}`;
      const user = pair.user.peek(userKey, cost);
      const tenant = pair.tenant.peek(tenantKey, cost);
      if (user.allowed && tenant.allowed) {
        pair.user.take(userKey, cost);
        pair.tenant.take(tenantKey, cost);
        return { allowed: true };
      }
      const waits = [user, tenant].flatMap((d) => (d.allowed ? [] : [d.retryAfterMs]));
      return { allowed: false, retryAfterMs: Math.max(...waits) };
    },
  };
}
