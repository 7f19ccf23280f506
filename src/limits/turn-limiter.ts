import { type Clock, createKeyedLimiter } from './keyed-limiter';
import type { BucketConfig, LimitDecision } from './token-bucket';

/**
 * What a person asks for. Only what costs is limited in earnest: `probe` (live DNS queries go out, one unit per DNS
 * step checked) and `migration` (a new migration: a stored record, its scheduled re-checks and probes). `turn` is
 * every message or card click: bounded far above any human pace (an admin ticking 40 users of a checklist, a
 * helpdesk pasting NDRs), only so that a runaway client cannot flood the bot.
 */
export type LimitedAction = 'turn' | 'probe' | 'migration';

/** Per-user and per-tenant buckets of one action. */
export interface ActionPolicy {
  readonly perUser: BucketConfig;
  readonly perTenant: BucketConfig;
}

export type TurnLimitPolicy = Readonly<Record<LimitedAction, ActionPolicy>>;

/**
 * Defaults: a person can click as fast as they like but cannot turn the bot into a DNS cannon.
 * Turns (messages, clicks): burst 120, then 5/s per user; burst 600, then 50/s per tenant.
 * Probes (one unit per DNS step checked): burst 20, then one every 2 s per user; burst 100, then 5/s per tenant.
 * New migrations: burst 5, then one a minute per user; burst 20, then one every 15 s per tenant.
 */
export const defaultTurnLimitPolicy: TurnLimitPolicy = Object.freeze({
  turn: { perUser: { capacity: 120, refillPerSecond: 5 }, perTenant: { capacity: 600, refillPerSecond: 50 } },
  probe: { perUser: { capacity: 20, refillPerSecond: 0.5 }, perTenant: { capacity: 100, refillPerSecond: 5 } },
  migration: { perUser: { capacity: 5, refillPerSecond: 1 / 60 }, perTenant: { capacity: 20, refillPerSecond: 1 / 15 } },
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
  /** Bound per bucket family (6 families); default 10,000 keys each. */
  readonly maxKeys?: number;
}

/** Builds the in-memory per-tenant and per-user limiter for turns, probes and new migrations (one process). */
export function createTurnLimiter(options: TurnLimiterOptions = {}): TurnLimiter {
  const policy = options.policy ?? defaultTurnLimitPolicy;
  const make = (bucket: BucketConfig) => createKeyedLimiter({ bucket, clock: options.clock, maxKeys: options.maxKeys });
  const pairOf = (p: ActionPolicy) => ({ user: make(p.perUser), tenant: make(p.perTenant) });
  const limiters = { turn: pairOf(policy.turn), probe: pairOf(policy.probe), migration: pairOf(policy.migration) } as const;

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
