import { isStepId } from '../procedure/steps';
import type { Actor, ChecklistStepId, InputField, MigrationEvent, StepId } from '../procedure/types';

/** Every `Action.Execute` verb the procedure cards use; each needs a route in the bot (or Teams answers 501). */
export const VERBS = {
  check: 'migration.check',
  confirm: 'migration.confirm',
  undo: 'migration.undo',
  skip: 'migration.skip',
  userToggle: 'migration.user-toggle',
  autodiscoverFallback: 'migration.autodiscover-fallback',
  inputs: 'migration.inputs',
  show: 'migration.show',
  resetRequest: 'migration.reset-request',
  resetConfirm: 'migration.reset-confirm',
  resetCancel: 'migration.reset-cancel',
  start: 'migration.start',
  reminders: 'migration.reminders',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const ALL_VERBS: readonly Verb[] = Object.values(VERBS);

/**
 * The `data` of every procedure button: the verb again (teams-ai routes on the action's verb; the copy here
 * lets a handler check it), the domain and the migration revision the card showed, and per verb:
 * `stepId`; `connectorRequested` (confirm of internal-relay); `address` + `done` (user-toggle);
 * `enabled` (autodiscover-fallback, reminders); `card` (show); `force` (start). The inputs form adds
 * its field values (`verificationValue`, `tenantName`, `provider`, `users`) when submitted.
 */
export interface ActionData {
  verb: Verb;
  domain: string;
  revision: number;
  stepId?: StepId;
  connectorRequested?: boolean;
  address?: string;
  done?: boolean;
  enabled?: boolean;
  card?: 'step' | 'inputs' | 'status';
  force?: boolean;
}

/** What the bot knows about the click beyond the card's data. */
export interface ActionContext {
  actor: Actor;
  tenantId: string;
  /** Domains of this tenant's migrations (for "did you mean …?" on `migration.start`). */
  knownDomains?: string[];
}

export type ActionParse =
  | { ok: true; domain: string; event: MigrationEvent }
  | { ok: false; reason: string };

const INPUT_FIELDS: readonly InputField[] = ['verificationValue', 'tenantName', 'provider', 'remaining', 'users'];

/**
 * Turns an Action.Execute `data` object (as Teams sends it back) into the event for `transition`. Pure,
 * never throws: anything malformed is `{ ok: false, reason }` (answer with the `bad-event` message).
 * The caller loads the migration for `(ctx.tenantId, domain)` first; the domain is never trusted for
 * another tenant.
 */
export function parseCardAction(data: unknown, ctx: ActionContext): ActionParse {
  if (data === null || typeof data !== 'object') return { ok: false, reason: 'no data' };
  const d = data as Record<string, unknown>;
  const verb = d.verb;
  if (typeof verb !== 'string' || !(ALL_VERBS as readonly string[]).includes(verb)) return { ok: false, reason: `unknown verb ${String(verb).slice(0, 40)}` };
  const domain = typeof d.domain === 'string' ? d.domain.trim().toLowerCase() : '';
  if (domain === '') return { ok: false, reason: 'no domain' };
  const revision = typeof d.revision === 'number' && Number.isInteger(d.revision) ? d.revision : typeof d.revision === 'string' && /^\d+$/.test(d.revision) ? Number(d.revision) : undefined;
  if (revision === undefined && verb !== VERBS.start) return { ok: false, reason: 'no revision' };
  const base = { actor: ctx.actor, domain, ...(revision !== undefined ? { revision } : {}) };
  const stepId = isStepId(d.stepId) ? d.stepId : undefined;
  const needStep = (): StepId | undefined => stepId;
  const bool = (v: unknown): boolean => v === true || v === 'true';
  switch (verb) {
    case VERBS.check: return { ok: true, domain, event: { ...base, type: 'check', ...(stepId ? { stepId } : {}) } };
    case VERBS.confirm:
    case VERBS.undo:
    case VERBS.skip: {
      const s = needStep();
      if (!s) return { ok: false, reason: 'no step' };
      const type = verb === VERBS.confirm ? 'confirm' : verb === VERBS.undo ? 'undo' : 'skip';
      return { ok: true, domain, event: { ...base, type, stepId: s, ...(type === 'confirm' && d.connectorRequested !== undefined ? { connectorRequested: bool(d.connectorRequested) } : {}) } as MigrationEvent };
    }
    case VERBS.userToggle: {
      if (stepId !== 'user-addresses' && stepId !== 'forwarding') return { ok: false, reason: 'no checklist step' };
      if (typeof d.address !== 'string') return { ok: false, reason: 'no address' };
      return { ok: true, domain, event: { ...base, type: 'user-toggle', stepId: stepId as ChecklistStepId, address: d.address, done: bool(d.done) } };
    }
    case VERBS.autodiscoverFallback: return { ok: true, domain, event: { ...base, type: 'autodiscover-fallback', enabled: bool(d.enabled) } };
    case VERBS.inputs: {
      const values: Partial<Record<InputField, string>> = {};
      for (const field of INPUT_FIELDS) if (typeof d[field] === 'string') values[field] = d[field] as string;
      return { ok: true, domain, event: { ...base, type: 'input', values } };
    }
    case VERBS.show: {
      const card = d.card === 'inputs' || d.card === 'status' ? d.card : 'step';
      return { ok: true, domain, event: { ...base, type: 'show', card, ...(stepId ? { stepId } : {}) } };
    }
    case VERBS.resetRequest: return { ok: true, domain, event: { ...base, type: 'reset-request' } };
    case VERBS.resetConfirm: return { ok: true, domain, event: { ...base, type: 'reset-confirm' } };
    case VERBS.resetCancel: return { ok: true, domain, event: { ...base, type: 'reset-cancel' } };
    case VERBS.reminders: return { ok: true, domain, event: { ...base, type: 'reminders', enabled: bool(d.enabled) } };
    case VERBS.start:
      return { ok: true, domain, event: { actor: ctx.actor, domain, type: 'start', tenantId: ctx.tenantId, knownDomains: ctx.knownDomains ?? [], force: bool(d.force) } };
    default: return { ok: false, reason: 'unhandled verb' };
  }
}
