import { STEPS, stepDefinition } from './steps';
import { SCHEMA_VERSION, STEP_IDS, type Actor, type InputField, type Migration, type StepId, type StepState } from './types';

/** A fresh migration at revision 1, every step open. Pure. `domain` must already be parsed (parseDomain). */
export function createMigration(tenantId: string, domain: string, startedBy: string, now: number): Migration {
  const steps = Object.fromEntries(STEP_IDS.map((id) => [id, { status: 'open', changedAt: 1 } satisfies StepState])) as Record<StepId, StepState>;
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
