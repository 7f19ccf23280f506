import type { ProbeResult, ProbeStatus } from '../../src/probes/types';
import { transition } from '../../src/procedure/transition';
import type { Actor, DnsStepId, Effect, Migration, MigrationEvent } from '../../src/procedure/types';

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
    advice: `advice for ${id}`,
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
