/**
 * A small migration model and probe for scheduler tests and the multi-process worker: enough of the procedure
 * (pending DNS steps that a probe confirms, open manual steps, users moved) to drive every job kind, kept in the
 * real store through the store's own MigrationRepository (eTag-checked writes).
 */
import { msg } from '../../src/i18n/message';
import type { Resolver } from '../../src/dns/types';
import type { ProbeResult } from '../../src/probes/types';
import type { MigrationFacts, MigrationPort, ProbeStep } from '../../src/scheduler/ports';
import { MigrationRepository, type RecordType, type Store } from '../../src/store';

export interface TestMigration {
  domain: string;
  conversationId: string;
  owner: string;
  locale: 'de' | 'en';
  pending: string[];
  confirmed: string[];
  open: Array<{ stepId: string; openSince: number }>;
  allUsersMoved: boolean;
  cutoverDone: boolean;
  /** The activity id of each step's card, for in-place updates. */
  cards: Record<string, string>;
}

export const testMigrationType: RecordType<TestMigration> = { name: 'migration', currentVersion: 1, upgrades: {} };

export function newTestMigration(domain: string, conversationId: string, patch: Partial<TestMigration> = {}): TestMigration {
  return {
    domain, conversationId, owner: 'user-1', locale: 'en', pending: ['spf'], confirmed: [], open: [],
    allUsersMoved: false, cutoverDone: false, cards: {}, ...patch,
  };
}

const ORDER = ['verify-domain', 'mx', 'autodiscover', 'user-addresses', 'forwarding', 'internal-relay', 'outbound-connector', 'spf', 'mfa'];

/** The MigrationPort over the real store; `saves` counts successful writes (to show a crash re-run saves once). */
export function testMigrationPort(store: Store): MigrationPort<TestMigration> & { saves: number; repository: MigrationRepository<TestMigration> } {
  const repository = new MigrationRepository(store, testMigrationType);
  const port = {
    saves: 0,
    repository,
    load: (tenantId: string, id: string) => repository.get(tenantId, id),
    async save(tenantId: string, id: string, value: TestMigration, etag: string) {
      const result = await repository.put(tenantId, id, value, etag);
      if (result.ok) port.saves += 1;
      return result;
    },
    describe(m: TestMigration): MigrationFacts {
      return {
        domain: m.domain, conversationId: m.conversationId, ownerUserId: m.owner, locale: m.locale,
        pendingDnsSteps: m.pending, openManualSteps: m.open, allUsersMoved: m.allUsersMoved, cutoverDone: m.cutoverDone,
      };
    },
    applyProbe(m: TestMigration, stepId: string, result: ProbeResult) {
      if (result.status !== 'ok' || !m.pending.includes(stepId)) return { migration: m, confirmed: false };
      const next = ORDER.slice(ORDER.indexOf(stepId) + 1).find((s) => !m.confirmed.includes(s));
      const activityId = m.cards[stepId];
      return {
        migration: { ...m, pending: m.pending.filter((s) => s !== stepId), confirmed: [...m.confirmed, stepId] },
        confirmed: true,
        ...(next ? { nextStepId: next } : {}),
        card: { card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `${stepId} ✓` }] }, ...(activityId ? { activityId } : {}) },
      };
    },
  };
  return port;
}

/**
 * The SPF step's probe over a real Resolver: ok when a TXT record of the domain includes Exchange Online's SPF,
 * `error` when the query failed (never "missing"), with the TTL of what was seen.
 */
export function spfProbe(resolver: Resolver): ProbeStep<TestMigration> {
  return async (stepId, facts) => {
    const answer = await resolver(facts.domain, 'TXT');
    const base = { id: stepId, expected: 'include:spf.protection.outlook.com' };
    if (answer.kind === 'error') {
      return { ...base, status: 'error', found: null, advice: msg('probe.could-not-check-detail', { detail: answer.detail }) };
    }
    if (answer.kind !== 'records') {
      return { ...base, status: 'missing', found: null, advice: msg('probe.spf.no-record', { domain: facts.domain }), ...(answer.negativeTtl !== undefined ? { ttlSeconds: answer.negativeTtl } : {}) };
    }
    const spf = answer.records.flatMap((r) => (r.type === 'TXT' && r.text.startsWith('v=spf1') ? [r] : []));
    const ok = spf.find((r) => r.text.includes('include:spf.protection.outlook.com'));
    const ttlSeconds = Math.min(...answer.records.map((r) => r.ttl));
    return { ...base, status: ok ? 'ok' : spf.length > 0 ? 'wrong' : 'missing', found: spf.map((r) => r.text), advice: msg(ok ? 'probe.mx.ok' : 'probe.spf.microsoft-missing', { microsoft: 'spf.protection.outlook.com' }), ttlSeconds };
  };
}
