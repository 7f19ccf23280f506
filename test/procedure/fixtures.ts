import { msg } from '../../src/i18n/message';
import type { ProbeResult, ProbeStatus } from '../../src/probes/types';
import { transition } from '../../src/procedure/transition';
import { STEP_IDS, type Actor, type DnsStepId, type Effect, type Migration, type MigrationEvent } from '../../src/procedure/types';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
export const DOMAIN = 'meinefirma.de';
export const TENANT = 'tenant-1';
export const starter: Actor = { id: 'aad-starter', isConfiguredAdmin: false };
export const configuredAdmin: Actor = { id: 'aad-configured', isConfiguredAdmin: true };
export const stranger: Actor = { id: 'aad-stranger', isConfiguredAdmin: false };

export const USERS_TEXT = 'Max Muster; max.muster@meinefirma.de\nErika Beispiel; erika@meinefirma.de; erika@firma.onmicrosoft.com';

export function probe(id: DnsStepId, status: ProbeStatus, extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    id,
    status,
    found: status === 'ok' ? ['expected-value'] : status === 'wrong' ? ['other-value'] : null,
    expected: id === 'spf' ? 'one SPF record with include:spf.protection.outlook.com, at most 10 DNS lookups' : ['expected-value'],
    advice: msg('probe.could-not-check-detail', { detail: `advice for ${id}` }),
    ...extra,
  };
}

/** Freezes deeply, so any mutation of an input by the engine throws (and shows up as a bad-event). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as object)) deepFreeze(item);
  }
  return value;
}

/** Applies events in order (each on a frozen input), returning the final migration and the last effects. */
export function run(m: Migration | undefined, events: MigrationEvent[], now = T0): [Migration | undefined, Effect[]] {
  let current = m;
  let effects: Effect[] = [];
  let time = now;
  for (const event of events) {
    [current, effects] = transition(deepFreeze(current), event, time);
    const bad = effects.find((e) => e.type === 'reply' && e.message.key === 'bad-event');
    if (bad) throw new Error(`bad-event while applying ${event.type}: ${JSON.stringify(bad)}`);
    time += 1000;
  }
  return [current, effects];
}

export function started(): Migration {
  const [m] = run(undefined, [{ type: 'start', tenantId: TENANT, domain: DOMAIN, actor: starter }]);
  return m!;
}

/** A migration with all inputs given. */
export function withInputs(): Migration {
  const m = started();
  const [next] = run(m, [{
    type: 'input', actor: starter, revision: m.revision,
    values: { verificationValue: 'MS=ms12345678', tenantName: 'firma', provider: 'strato', users: USERS_TEXT },
  }]);
  return next!;
}

/** A migration whose DNS steps 1–3 were confirmed by probes, now at step 4. */
export function atUserAddresses(): Migration {
  const [m] = run(withInputs(), [{ type: 'probe-result', source: 'timer', results: [probe('verify-domain', 'ok'), probe('mx', 'ok'), probe('autodiscover', 'ok')] }]);
  return m!;
}

export const ofType = <K extends Effect['type']>(effects: Effect[], type: K): Array<Extract<Effect, { type: K }>> =>
  effects.filter((e): e is Extract<Effect, { type: K }> => e.type === type);

/** A random event for a seeded walk over the migration (every kind, stale and foreign actors included). */
export function randomEvent(next: () => number, m: Migration | undefined): MigrationEvent {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const actor = pick([starter, starter, starter, configuredAdmin, stranger]);
  const stepId = pick(STEP_IDS);
  const revision = m === undefined ? undefined : pick([undefined, m.revision, m.revision, Math.max(0, m.revision - 1 - Math.floor(next() * 3))]);
  const base = { actor, ...(revision !== undefined ? { revision } : {}) };
  switch (Math.floor(next() * 13)) {
    // The bot loads the migration of the named domain, so a start for another domain never meets this one.
    case 0: return { type: 'start', tenantId: TENANT, domain: pick(m === undefined ? [DOMAIN, 'meinefirmna.de', 'x'] : [DOMAIN, 'x']), actor, knownDomains: [DOMAIN] };
    case 1:
    case 2: return {
      type: 'probe-result', source: pick(['start', 'check', 'check-all', 'timer', 'input', 'advance'] as const),
      results: [probe(pick(['verify-domain', 'mx', 'autodiscover', 'spf'] as const), pick(['ok', 'ok', 'missing', 'wrong', 'error'] as ProbeStatus[]), { ttlSeconds: pick([undefined, 30, 3600]) })],
    };
    case 3:
    case 4: return { ...base, type: 'confirm', stepId, connectorRequested: next() < 0.5 };
    case 5: return { ...base, type: 'undo', stepId };
    case 6: return { ...base, type: 'skip', stepId };
    case 7: return { ...base, type: 'user-toggle', stepId: pick(['user-addresses', 'forwarding'] as const), address: pick(['max.muster@meinefirma.de', 'erika@meinefirma.de', 'x@y.de']), done: next() < 0.7 };
    case 8: return { ...base, type: 'input', values: pick([{ verificationValue: 'MS=ms12345678', tenantName: 'firma', provider: 'ionos', users: USERS_TEXT }, { users: 'bad line' }, { provider: 'strato' }]) };
    case 9: return { ...base, type: 'autodiscover-fallback', enabled: next() < 0.5 };
    case 10: return { type: 'timer', job: pick(['recheck', 'reminder'] as const), stepId };
    case 11: return { ...base, type: pick(['reset-request', 'reset-cancel', 'reset-confirm'] as const) };
    default: return { ...base, type: 'check', ...(next() < 0.5 ? { stepId } : {}) };
  }
}
