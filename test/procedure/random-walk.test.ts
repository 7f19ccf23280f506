import assert from 'node:assert/strict';
import { renderProcedureCard } from '../../src/cards/procedure-cards';
import { computeCurrentStep, migrationRecordType } from '../../src/procedure/migration';
import { transition } from '../../src/procedure/transition';
import { SCHEMA_VERSION, STEP_IDS, type Migration, type MigrationEvent } from '../../src/procedure/types';
import type { ProbeStatus } from '../../src/probes/types';
import { mulberry32 as rng } from '../support/random';
import { DOMAIN, T0, TENANT, USERS_TEXT, configuredAdmin, deepFreeze, probe, starter, stranger } from './fixtures';

function randomEvent(next: () => number, m: Migration | undefined): MigrationEvent {
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

describe('procedure/transition: random walks keep the invariants', () => {
  it('300 seeded walks of 60 events: never throws, never mutates, revision only grows, state stays valid and renderable', function () {
    this.timeout(60_000);
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      let m: Migration | undefined;
      let now = T0;
      for (let i = 0; i < 60; i++) {
        const event = randomEvent(next, m);
        const before = m === undefined ? undefined : JSON.stringify(m);
        const [after, effects] = transition(m === undefined ? undefined : deepFreeze(m), event, now);
        const where = `seed ${seed}, event ${i}: ${JSON.stringify(event)}`;
        assert.ok(!effects.some((e) => e.type === 'reply' && e.message.key === 'bad-event'), where);
        if (m !== undefined) assert.equal(JSON.stringify(m), before, `input mutated at ${where}`);
        if (after !== undefined) {
          assert.equal(after.schemaVersion, SCHEMA_VERSION);
          assert.equal(migrationRecordType.validate(after), undefined, where);
          assert.equal(after.currentStep, computeCurrentStep(after), where);
          if (m !== undefined && after !== m) assert.ok(after.revision > m.revision, where);
          if (m !== undefined && after === m) assert.equal(after.revision, m.revision);
          for (const e of effects) {
            if (e.type === 'schedule-recheck') assert.ok(e.at >= now + 60_000, where);
          }
          if (i % 10 === 0) {
            for (const e of effects) {
              if (e.type === 'update-card' || e.type === 'send-card') {
                const r = renderProcedureCard(e.card, after, i % 20 === 0 ? 'de' : 'en');
                assert.ok(r.ok, `${where}: ${JSON.stringify(r)}`);
              }
            }
          }
        }
        m = after;
        now += Math.floor(next() * 120_000);
      }
    }
  });
});
