/**
 * What each job kind does. Handlers read the migration, decide with the pure policies, send through the
 * runner's `sendOnce` (idempotent per job run) and save with eTag retries. Expected outcomes (migration gone,
 * step confirmed meanwhile, bot removed from the conversation) are results, never exceptions; a rejection means
 * a broken dependency and lets the runner retry the same run later.
 */
import type { Locale } from '../i18n/locale';
import type { ClaimedJob, JobQueue } from '../store/types';
import { nextRecheckAt, scaleRecheck, type BackoffOptions } from './policy-backoff';
import { decideCutover, decideNudge, type NudgeTiming } from './policy-nudge';
import { DEFAULT_QUIET_HOURS, nextAllowedTime, resolveTimeZone, type QuietHours } from './policy-quiet-hours';
import { confirmedText, cutoverText, nudgeText, stepTitle } from './messages';
import { jobId, readPayload, type AnnouncePayload, type MigrationPayload, type RecheckPayload } from './jobs';
import type { ConversationPort, MigrationFacts, MigrationPort, ProbeStep, SettingsPort } from './ports';
import type { JobContext, JobHandler, JobOutcome, SendOutcome } from './runner';

export interface HandlerDeps<M = unknown> {
  queue: JobQueue;
  migrations: MigrationPort<M>;
  conversations: ConversationPort;
  settings: SettingsPort;
  probe: ProbeStep<M>;
  quietHours?: QuietHours;
  nudge?: NudgeTiming;
  /** Time scale of re-checks (COEXIST_RECHECK_FIRST_MS); the back-off itself is the procedure's. */
  backoff?: BackoffOptions;
  /** Conflicting saves retried before the run gives up (and runs again later). Default 5. */
  saveRetries?: number;
}

/** Every job id a migration may have, for cancelling them when the bot was removed from its conversation. */
export function migrationJobIds(tenantId: string, migrationId: string, facts: MigrationFacts | undefined): string[] {
  const steps = new Set<string>([...(facts?.pendingDnsSteps ?? []), 'verify-domain', 'mx', 'autodiscover', 'spf']);
  return [
    ...[...steps].flatMap((s) => [jobId('recheck', tenantId, migrationId, s), jobId('announce', tenantId, migrationId, s)]),
    jobId('nudge', tenantId, migrationId),
    jobId('cutover', tenantId, migrationId),
  ];
}

/** Deliveries of this job that certainly failed in a row (0 when none or unreadable). Pure. */
export function deliveryAttemptsOf(payload: unknown): number {
  const n = (payload as { deliveryAttempts?: unknown } | undefined)?.deliveryAttempts;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
}

/** The payload without the failed-delivery count: a delivery got through, the next failure backs off from the start. */
function delivered<P extends object>(payload: P): P {
  const { deliveryAttempts: _done, ...rest } = payload as P & { deliveryAttempts?: unknown };
  return rest as P;
}

/** Builds the handlers for every job kind of the scheduler. */
export function createHandlers<M>(deps: HandlerDeps<M>): Record<'recheck' | 'nudge' | 'cutover' | 'announce', JobHandler> {
  const quiet = deps.quietHours ?? DEFAULT_QUIET_HOURS;
  const saveRetries = deps.saveRetries ?? 5;

  async function removed(job: ClaimedJob, ctx: JobContext, conversationId: string, migrationId: string, facts: MigrationFacts | undefined,
    outcome: SendOutcome): Promise<JobOutcome> {
    const status = outcome.kind === 'gone' ? outcome.status : 0;
    ctx.log.warn({ job: job.id, conversationId, status }, 'bot removed from the conversation: stopping its reminders');
    await deps.conversations.markRemoved(job.tenantId, conversationId, ctx.clock());
    for (const id of migrationJobIds(job.tenantId, migrationId, facts)) {
      if (id !== job.id) await deps.queue.cancel(id);
    }
    return { kind: 'complete' };
  }

  /** Loads what every handler needs; a missing migration or a removed conversation ends the job. */
  async function load(job: ClaimedJob, migrationId: string) {
    const current = await deps.migrations.load(job.tenantId, migrationId);
    if (!current) return undefined;
    const facts = deps.migrations.describe(current.value);
    if (!facts.conversationId) return undefined;
    const conversation = await deps.conversations.get(job.tenantId, facts.conversationId);
    if (!conversation || conversation.removedAt !== undefined) return undefined;
    const userSettings = await deps.settings(job.tenantId, facts.ownerUserId);
    const settings = { ...userSettings, remindersEnabled: userSettings.remindersEnabled && facts.remindersEnabled !== false };
    const locale: Locale = settings.locale ?? facts.locale;
    return { current, facts, conversation, settings, locale, timeZone: resolveTimeZone(settings.timeZone) };
  }

  /**
   * A send that did not arrive for certain: run again in a new generation (a fresh idempotency key), backing off
   * as re-checks do (a minute, doubling up to an hour, on the COEXIST_RECHECK_FIRST_MS scale), counted in the
   * payload's `deliveryAttempts`. A conversation is given up only on "gone" (the bot left it), never here.
   */
  function retryAfterFailure(ctx: JobContext, outcome: SendOutcome, payload?: object): JobOutcome | undefined {
    if (outcome.kind === 'failed' && outcome.notDelivered) {
      const attempts = deliveryAttemptsOf(payload);
      ctx.log.warn({ detail: outcome.detail, deliveryAttempts: attempts + 1 }, 'not delivered; retrying with back-off');
      return { kind: 'reschedule', dueAt: nextRecheckAt(ctx.clock(), attempts, undefined, deps.backoff), payload: { ...payload, deliveryAttempts: attempts + 1 } };
    }
    if (outcome.kind === 'failed') {
      ctx.log.warn({ detail: outcome.detail }, 'delivery uncertain; not repeating it');
    }
    if (outcome.kind === 'lease-expired') {
      return { kind: 'abandon', reason: 'lease expired' };
    }
    return undefined;
  }

  const recheck: JobHandler = async (job, ctx) => {
    const payload = readPayload<RecheckPayload>(job.payload, ['migrationId', 'stepId']);
    if (!payload) return { kind: 'complete' };
    const loaded = await load(job, payload.migrationId);
    if (!loaded || !loaded.facts.pendingDnsSteps.includes(payload.stepId)) return { kind: 'complete' };
    const result = await deps.probe(payload.stepId, loaded.facts, loaded.current.value);
    const now = ctx.clock();
    let current = loaded.current;
    let applied = deps.migrations.applyProbe(current.value, payload.stepId, result, now);

    if (!applied.confirmed) {
      // `error` ("could not check") backs off the same way as `missing`: the next run simply tries again.
      const attempt = (payload.attempt ?? 0) + 1;
      const next = { kind: 'reschedule', payload: { ...delivered(payload), attempt },
        dueAt: typeof applied.recheckAt === 'number' ? scaleRecheck(now, applied.recheckAt, deps.backoff)
          : nextRecheckAt(now, attempt, result.ttlSeconds, deps.backoff) } as const;
      if (result.status === 'ok') return { kind: 'complete' }; // confirmed meanwhile by someone else
      if (applied.changed) {
        // Record the last probe for the card; a conflicting click wins, the next re-check records it again.
        await deps.migrations.save(job.tenantId, payload.migrationId, applied.migration, current.etag);
      }
      return applied.recheckAt === null ? { kind: 'complete' } : next;
    }

    // Messages go out before the save: a crash after sending re-runs this generation, whose keys stop a
    // second send, and the save happens then. Saving first would lose the message on such a crash, because
    // the re-run would find the step no longer pending.
    // The message the card now lives in, when it is a new one (no live card, or Teams had forgotten the old one).
    let newCardId: string | undefined;
    if (applied.card) {
      const sent = await ctx.sendOnce(loaded.conversation.reference,
        { type: 'card', card: applied.card.card, ...(applied.card.activityId ? { replaceActivityId: applied.card.activityId } : {}) }, 'card');
      if (sent.kind === 'gone') return removed(job, ctx, loaded.facts.conversationId, payload.migrationId, loaded.facts, sent);
      const retry = retryAfterFailure(ctx, sent, payload);
      if (retry) return retry;
      if (sent.kind === 'sent' && sent.activityId && sent.activityId !== applied.card.activityId) newCardId = sent.activityId;
    }
    const withCard = (m: M): M => (newCardId && deps.migrations.withLiveCard ? deps.migrations.withLiveCard(m, newCardId) : m);
    const announceAt = nextAllowedTime(now, loaded.timeZone, quiet);
    if (!loaded.settings.remindersEnabled) {
      // `/remind off`: the card still updates in place (no notification), but no chat message.
    } else if (announceAt !== now) {
      await deps.queue.schedule({
        id: jobId('announce', job.tenantId, payload.migrationId, payload.stepId), tenantId: job.tenantId, kind: 'announce',
        dueAt: announceAt, payload: { migrationId: payload.migrationId, stepId: payload.stepId, nextStepId: applied.nextStepId, announcement: applied.announcement,
          onceKey: `job:${job.id}:${job.generation}:announce` } satisfies AnnouncePayload,
      });
    } else {
      const titles = loaded.facts.titles;
      const text = applied.announcement?.[loaded.locale] ?? confirmedText(loaded.locale, loaded.facts.domain, stepTitle(payload.stepId, loaded.locale, titles),
        applied.nextStepId === undefined ? undefined : stepTitle(applied.nextStepId, loaded.locale, titles));
      const sent = await ctx.sendOnce(loaded.conversation.reference, { type: 'text', text }, 'announce');
      if (sent.kind === 'gone') return removed(job, ctx, loaded.facts.conversationId, payload.migrationId, loaded.facts, sent);
      const retry = retryAfterFailure(ctx, sent, payload);
      if (retry) return retry;
    }

    for (let i = 0; i <= saveRetries; i++) {
      const saved = await deps.migrations.save(job.tenantId, payload.migrationId, withCard(applied.migration), current.etag);
      if (saved.ok) return { kind: 'complete' };
      const reloaded = await deps.migrations.load(job.tenantId, payload.migrationId);
      if (!reloaded || !deps.migrations.describe(reloaded.value).pendingDnsSteps.includes(payload.stepId)) {
        return { kind: 'complete' };
      }
      current = reloaded;
      applied = deps.migrations.applyProbe(current.value, payload.stepId, result, now);
    }
    return { kind: 'abandon', reason: 'save kept conflicting' };
  };

  const announce: JobHandler = async (job, ctx) => {
    const payload = readPayload<AnnouncePayload>(job.payload, ['migrationId', 'stepId']);
    if (!payload) return { kind: 'complete' };
    const loaded = await load(job, payload.migrationId);
    if (!loaded || !loaded.settings.remindersEnabled) return { kind: 'complete' };
    const now = ctx.clock();
    const allowed = nextAllowedTime(now, loaded.timeZone, quiet);
    if (allowed !== now) return { kind: 'reschedule', dueAt: allowed, payload };
    const titles = loaded.facts.titles;
    const text = payload.announcement?.[loaded.locale] ?? confirmedText(loaded.locale, loaded.facts.domain, stepTitle(payload.stepId, loaded.locale, titles),
      payload.nextStepId === undefined ? undefined : stepTitle(payload.nextStepId, loaded.locale, titles));
    const sent = await ctx.sendOnce(loaded.conversation.reference, { type: 'text', text }, 'announce', payload.onceKey);
    if (sent.kind === 'gone') return removed(job, ctx, loaded.facts.conversationId, payload.migrationId, loaded.facts, sent);
    // After a certain non-delivery the retry runs under its own generation's key: the shared key is spent.
    const { onceKey: _spent, ...retryPayload } = payload;
    return retryAfterFailure(ctx, sent, retryPayload) ?? { kind: 'complete' };
  };

  const nudge: JobHandler = async (job, ctx) => {
    const payload = readPayload<MigrationPayload>(job.payload, ['migrationId']);
    if (!payload) return { kind: 'complete' };
    const loaded = await load(job, payload.migrationId);
    if (!loaded) return { kind: 'complete' };
    const now = ctx.clock();
    const decision = decideNudge(now, loaded.facts.openManualSteps,
      { remindersEnabled: loaded.settings.remindersEnabled, timeZone: loaded.timeZone, quiet }, deps.nudge);
    if (decision.kind === 'done') return { kind: 'complete' };
    if (decision.kind === 'wait') return { kind: 'reschedule', dueAt: decision.until, payload };
    const text = nudgeText(loaded.locale, loaded.facts.domain, decision.steps.map((s) => ({
      title: stepTitle(s.stepId, loaded.locale, loaded.facts.titles),
      openDays: Math.floor((now - s.openSince) / 86_400_000),
    })));
    // One nudge per migration per local day, whichever instance or generation gets there first.
    const dayKey = `nudge:${jobId('nudge', job.tenantId, payload.migrationId)}:${decision.dayKey}`;
    const sent = await ctx.sendOnce(loaded.conversation.reference, { type: 'text', text }, 'nudge', dayKey);
    if (sent.kind === 'gone') return removed(job, ctx, loaded.facts.conversationId, payload.migrationId, loaded.facts, sent);
    if (sent.kind === 'lease-expired') return { kind: 'abandon', reason: 'lease expired' };
    if (sent.kind === 'failed') ctx.log.warn({ job: job.id, detail: sent.detail }, 'nudge not delivered; next one as scheduled');
    return { kind: 'reschedule', dueAt: decision.nextAt, payload };
  };

  const cutover: JobHandler = async (job, ctx) => {
    const payload = readPayload<MigrationPayload>(job.payload, ['migrationId']);
    if (!payload) return { kind: 'complete' };
    const loaded = await load(job, payload.migrationId);
    if (!loaded) return { kind: 'complete' };
    const now = ctx.clock();
    const decision = decideCutover(now, loaded.facts,
      { remindersEnabled: loaded.settings.remindersEnabled, timeZone: loaded.timeZone, quiet });
    if (decision.kind === 'done') return { kind: 'complete' };
    if (decision.kind === 'wait') return { kind: 'reschedule', dueAt: decision.until, payload };
    const sent = await ctx.sendOnce(loaded.conversation.reference, { type: 'text', text: cutoverText(loaded.locale, loaded.facts.domain) }, 'cutover');
    if (sent.kind === 'gone') return removed(job, ctx, loaded.facts.conversationId, payload.migrationId, loaded.facts, sent);
    return retryAfterFailure(ctx, sent, payload) ?? { kind: 'reschedule', dueAt: decision.nextAt, payload: delivered(payload) };
  };

  return { recheck, nudge, cutover, announce };
}
