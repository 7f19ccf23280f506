import type { Locale, Localized } from '../i18n/locale';
import { isMessage, msg } from '../i18n/message';
import { DNS_STEP_IDS, STEPS, stepDefinition } from './steps';
import { SCHEMA_VERSION, STEP_IDS, type Actor, type DnsStepId, type InputField, type Migration, type StepId, type StepState } from './types';

/** A fresh migration at revision 1, every step open. Pure. `domain` must already be parsed (parseDomain). */
export function createMigration(tenantId: string, domain: string, startedBy: string, now: number): Migration {
  const steps = Object.fromEntries(STEP_IDS.map((id) => [id, { status: 'open', since: now, changedAt: 1 } satisfies StepState])) as Record<StepId, StepState>;
  for (const id of ['user-addresses', 'forwarding'] as const) steps[id].checklist = {};
  return {
    schemaVersion: SCHEMA_VERSION,
    tenantId,
    domain,
    startedBy,
    admins: [startedBy],
    createdAt: now,
    updatedAt: now,
    revision: 1,
    inputsChangedAt: 1,
    inputs: { provider: 'other', users: [] },
    steps,
    currentStep: 'verify-domain',
    reminders: true,
  };
}

/** First step neither done nor skipped, in procedure order; null when all are. Pure. */
export function computeCurrentStep(m: Pick<Migration, 'steps'>): StepId | null {
  for (const def of STEPS) {
    const status = m.steps[def.id].status;
    if (status !== 'done' && status !== 'skipped') return def.id;
  }
  return null;
}

/** May this actor change the migration? The starter, the migration's admins and COEXIST_ADMINS may. Pure. */
export function mayChange(m: Pick<Migration, 'startedBy' | 'admins'>, actor: Actor): boolean {
  return actor.isConfiguredAdmin === true || actor.id === m.startedBy || m.admins.includes(actor.id);
}

/** Inputs a step needs that are not given yet. Pure. */
export function missingInputs(m: Migration, stepId: StepId): InputField[] {
  const missing: InputField[] = [];
  for (const field of stepDefinition(stepId).needs) {
    if (field === 'users' ? m.inputs.users.length === 0 : field === 'provider' ? false : m.inputs[field] === undefined) missing.push(field);
  }
  return missing;
}

/** Users of a checklist step not ticked yet. Pure. */
export function openChecklistUsers(m: Migration, stepId: 'user-addresses' | 'forwarding'): string[] {
  const list = m.steps[stepId].checklist ?? {};
  return m.inputs.users.filter((u) => list[u.address]?.done !== true).map((u) => u.address);
}

/** What the scheduler needs to know about a migration (structurally its `MigrationFacts`, minus delivery). Pure. */
export interface MigrationSummary {
  domain: string;
  conversationId?: string;
  ownerUserId: string;
  locale?: Locale;
  /** DNS steps not confirmed yet, in procedure order. */
  pendingDnsSteps: DnsStepId[];
  /** Manual/info steps still open (not skipped), with the time they became open. */
  openManualSteps: Array<{ stepId: StepId; openSince: number }>;
  /**
   * No mailbox remains at the provider: the admin said so (`inputs.remaining` is `none`) and steps 4 and 5 are done
   * for every listed user. Listed users alone never mean this: mixed operation keeps mailboxes at the provider.
   */
  allUsersMoved: boolean;
  /** The cut-over is a later issue; always false for now. */
  cutoverDone: boolean;
  titles: Readonly<Record<StepId, Localized>>;
}

// The same for every migration; the scheduler's upkeep describes every migration of a tenant after each turn.
const TITLES: Readonly<Record<StepId, Localized>> = Object.freeze(Object.fromEntries(STEPS.map((s) => [s.id, s.title])) as Record<StepId, Localized>);

/** The scheduler's view of a migration. Pure; `titles` is one shared, frozen object. */
export function describeMigration(m: Migration): MigrationSummary {
  const open = (id: StepId): boolean => m.steps[id].status === 'open' || m.steps[id].status === 'waiting-for-dns';
  return {
    domain: m.domain,
    ...(m.conversationId !== undefined ? { conversationId: m.conversationId } : {}),
    ownerUserId: m.startedBy,
    ...(m.locale !== undefined ? { locale: m.locale } : {}),
    pendingDnsSteps: DNS_STEP_IDS.filter(open),
    openManualSteps: STEPS.filter((s) => s.kind !== 'dns' && open(s.id)).map((s) => ({ stepId: s.id, openSince: m.steps[s.id].since })),
    allUsersMoved: m.inputs.remaining === 'none' && m.inputs.users.length > 0 && m.steps['user-addresses'].status === 'done' && m.steps.forwarding.status === 'done',
    cutoverDone: false,
    titles: TITLES,
  };
}

/**
 * Version 1 → 2: stored probe advice was prose (`advice` in English, `adviceLocalized`), which kept old wording
 * forever. The codes behind it were never stored, so it becomes `probe.stored-before-codes` (the status, and
 * "check again for the current advice") until the next probe stores a real code. Pure: returns new data.
 */
export function upgradeStoredAdvice(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  const m = data as { steps?: Record<string, { lastProbe?: { status?: unknown } & Record<string, unknown> } | undefined> };
  const steps: Record<string, unknown> = {};
  for (const [id, step] of Object.entries(m.steps ?? {})) {
    const probe = step?.lastProbe;
    if (!probe || isMessage(probe.advice)) { steps[id] = step; continue; }
    const { adviceLocalized: _dropped, ...rest } = probe;
    const status = (['ok', 'missing', 'wrong', 'error'] as const).find((s) => s === probe.status) ?? 'error';
    steps[id] = { ...step, lastProbe: { ...rest, status, advice: msg('probe.stored-before-codes', { status: msg(`probe.status.${status}`) }) } };
  }
  return { ...(data as object), schemaVersion: 2, ...(m.steps ? { steps } : {}) };
}

/**
 * The migration as a store record type (`src/store/record-type.ts` RecordType<Migration>, matched by shape
 * so this pure module imports nothing from the store): its name, the version this code writes, the upgrades
 * from older versions, and a shape check. Pure.
 */
export const migrationRecordType = {
  name: 'migration',
  currentVersion: SCHEMA_VERSION,
  upgrades: { 1: upgradeStoredAdvice } as Readonly<Record<number, (data: unknown) => unknown>>,
  validate(data: unknown): string | undefined {
    if (data === null || typeof data !== 'object') return 'migration is not an object';
    const m = data as Partial<Migration>;
    if (m.schemaVersion !== SCHEMA_VERSION) return `migration schemaVersion ${String(m.schemaVersion)}, expected ${SCHEMA_VERSION}`;
    if (typeof m.tenantId !== 'string' || typeof m.domain !== 'string' || typeof m.startedBy !== 'string') return 'migration without tenant, domain or starter';
    if (typeof m.revision !== 'number' || m.steps === null || typeof m.steps !== 'object') return 'migration without revision or steps';
    for (const id of STEP_IDS) if (!m.steps[id] || typeof m.steps[id].status !== 'string') return `migration without step ${id}`;
    if (!m.inputs || !Array.isArray(m.inputs.users)) return 'migration without inputs';
    return undefined;
  },
};
