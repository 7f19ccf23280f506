/**
 * The scheduler's MigrationPort over the real procedure engine (`src/procedure`) and the store's migration
 * repository: a re-check feeds its probe result into `transition` as a `timer` probe batch, exactly as a turn
 * would, so the card, the step state and the back-off stay the procedure's.
 */
import type { Locale, Localized } from '../i18n/locale';
import { describeMigration, renderMessage, STEPS, transition, type CardModel, type Effect, type Migration, type StepId } from '../procedure';
import type { ProbeResult } from '../probes/types';
import type { MigrationRepository } from '../store/repositories';
import type { AppliedProbe, MigrationFacts, MigrationPort } from './ports';

export interface ProcedurePortOptions {
  /**
   * Renders the card a confirmed step's live message should now show, with that message's activity id when the
   * bot kept it (then it is updated in place). Undefined: no card update, the announcement only.
   */
  cardFor?: (migration: Migration, card: CardModel, locale: Locale) => { card: object; activityId?: string } | undefined;
  /** Records a new live-card message on the migration (see {@link MigrationPort.withLiveCard}). Pure. */
  withLiveCard?: (migration: Migration, activityId: string) => Migration;
}

/**
 * The manual step the admin has reached and not finished, with the time it was reached: the procedure is
 * sequential, so that is the current step when it is manual. Later manual steps also count as "open" in the
 * procedure's summary (from the migration's start), but nobody should be nudged about a step they have not got to.
 * Pure.
 */
export function reachedManualStep(m: Migration): Array<{ stepId: string; openSince: number }> {
  const current = m.currentStep;
  if (current === null || STEPS.find((s) => s.id === current)?.kind === 'dns') return [];
  const state = m.steps[current];
  if (state.status !== 'open') return [];
  // Reached when the step before it was finished (or when it was last changed itself, if later).
  const order = STEPS.map((s) => s.id);
  const reachedAt = Math.max(state.since, ...order.slice(0, order.indexOf(current)).map((id) => m.steps[id].since));
  return [{ stepId: current, openSince: reachedAt }];
}

function localized(render: (locale: Locale) => string): Localized {
  return { de: render('de'), en: render('en') };
}

/** Adapts the procedure for the scheduler. `load`/`save` are eTag-checked through the repository. */
export function procedureMigrationPort(repository: MigrationRepository<Migration>, options: ProcedurePortOptions = {}): MigrationPort<Migration> {
  return {
    ...(options.withLiveCard ? { withLiveCard: options.withLiveCard } : {}),
    load: (tenantId, domain) => repository.get(tenantId, domain),
    save: (tenantId, domain, value, etag) => repository.put(tenantId, domain, value, etag),
    describe(m: Migration): MigrationFacts {
      const summary = describeMigration(m);
      return {
        domain: summary.domain,
        conversationId: summary.conversationId ?? '',
        ownerUserId: summary.ownerUserId,
        locale: summary.locale ?? 'en',
        // Only steps the procedure polls (it probes later ones itself when the admin reaches them).
        pendingDnsSteps: summary.pendingDnsSteps.filter((id) => m.steps[id].status === 'waiting-for-dns'),
        openManualSteps: reachedManualStep(m),
        allUsersMoved: summary.allUsersMoved,
        cutoverDone: summary.cutoverDone,
        remindersEnabled: m.reminders,
        titles: summary.titles,
      };
    },
    applyProbe(m: Migration, stepId: string, result: ProbeResult, now: number): AppliedProbe<Migration> {
      const [next, effects] = transition(m, { type: 'probe-result', results: [{ ...result, id: stepId }], source: 'timer' }, now);
      if (!next) return { migration: m, confirmed: false, recheckAt: null };
      const before = (m.steps as Record<string, { status: string } | undefined>)[stepId]?.status;
      const after = (next.steps as Record<string, { status: string } | undefined>)[stepId]?.status;
      const confirmed = before !== 'done' && after === 'done';
      const schedule = effects.find((e) => e.type === 'schedule-recheck' && e.stepId === stepId);
      const notices = effects.flatMap((e) => (e.type === 'notify' ? [e.message] : []));
      const locale = m.locale ?? 'en';
      const update = effects.find((e): e is Extract<Effect, { type: 'update-card' }> => e.type === 'update-card');
      const cardModel: CardModel = update?.card ?? { kind: 'step', stepId: stepId as StepId };
      const card = confirmed ? options.cardFor?.(next, cardModel, locale) : undefined;
      return {
        migration: next,
        confirmed,
        changed: next !== m,
        ...(next.currentStep !== null ? { nextStepId: next.currentStep } : {}),
        recheckAt: schedule?.type === 'schedule-recheck' ? schedule.at : confirmed ? undefined : null,
        ...(notices.length > 0 ? { announcement: localized((l) => notices.map((n) => renderMessage(n, l)).join('\n')) } : {}),
        ...(card ? { card } : {}),
      };
    },
  };
}
