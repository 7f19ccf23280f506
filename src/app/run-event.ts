import { messageForMarkdown, renderProcedureCard } from '../cards/procedure-cards';
import type { Locale } from '../i18n/locale';
import { transition } from '../procedure/transition';
import type { CardModel, Effect, MessageRef, Migration, MigrationEvent, StepId } from '../procedure/types';
import { migrationJobIds } from '../scheduler/handlers';
import { jobId, type RecheckPayload } from '../scheduler/jobs';
import { scaleRecheck } from '../scheduler/policy-backoff';
import { DELETE, MAX_UPDATE_ATTEMPTS } from '../store/repository';
import type { Versioned } from '../store/types';
import type { AppDeps } from './deps';
import { fromStored, toStored, type LiveCard, type StoredMigration } from './migration-record';

/**
 * Where an event's effects go: a bot turn (src/bot/handlers/migration.ts `turnSurface`) or a scheduler job's
 * proactive channel (./recheck.ts). Built by the edges; tests may build their own.
 */
export interface EffectSurface {
  locale: Locale;
  conversationId: string | undefined;
  /** The turn's activity, handed to the prober (request-scoped telemetry is bound to it). */
  activity?: object;
  /** An Action.Execute invoke: `update-card` becomes the invoke response instead of a message update. */
  invoke: boolean;
  /** In an invoke: the activity id of the clicked card (it becomes the live card). */
  clickedActivityId?: string;
  /** `/check` over several migrations: status cards are left to the caller, which sends one for all. */
  collectStatus?: boolean;
  /**
   * A proactive surface: an `update-card` edits the live card in place, but posts a new card only when the same
   * batch has a `notify` (a re-check that finds nothing new must not post a message every time).
   */
  proactive?: boolean;
  sendText(text: string): Promise<void>;
  /** Resolves to the new message's activity id when the channel returned one. */
  sendCard(card: object): Promise<string | undefined>;
  /**
   * Replaces an earlier message. Resolves to the activity id that now shows the card (the same one, or a new
   * message the channel posted instead), or undefined when that failed (ActivityNotFoundInConversation, 404, …).
   */
  updateCard(activityId: string, card: object): Promise<string | undefined>;
  /** Delivers a `notify` effect its own way (the scheduler: quiet hours, `/remind off`); absent: sent as text. */
  notify?(message: MessageRef): Promise<void>;
}

export interface ExecutionResult {
  /** The migration after the event (and the probe batches it caused); undefined when none exists (or reset). */
  migration: Migration | undefined;
  /** In an invoke: the card the clicked card should now show (the last `update-card`). */
  invokeCard?: object;
  /** `reply` messages not sent because the turn is an invoke and has no card of its own yet. */
  unsentReplies: MessageRef[];
  /** A status card was asked for while `collectStatus` was set. */
  statusRequested: boolean;
  /** Steps whose re-check job was (re)scheduled by a `schedule-recheck` effect. */
  rescheduled: StepId[];
  /** eTag conflicts met (and resolved by re-applying the event to the record that won). */
  conflicts: number;
}

/** Probe batches fed back per event (start → probes → advance → probes …): the chain is short by construction. */
export const MAX_PROBE_ROUNDS = 4;

const LIVE_KINDS = new Set<CardModel['kind']>(['step', 'inputs', 'done']);

/** Thrown only when the store kept answering conflicts MAX_UPDATE_ATTEMPTS times (a broken store, not a race). */
export class SaveConflictError extends Error {
  override name = 'SaveConflictError';
}

/**
 * Renders an effect's card for the viewer's locale. Never throws: a template failure (a bug covered by the card
 * tests) becomes a message card saying so, and is logged.
 */
export function renderEffectCard(deps: Pick<AppDeps, 'logger' | 'recheckTimeScale'>, model: CardModel, migration: Migration | undefined, locale: Locale,
  migrations?: readonly Migration[]): object {
  // Times on the card are the jobs' due times: on the COEXIST_RECHECK_FIRST_MS scale, as the jobs were scheduled.
  const scale = deps.recheckTimeScale;
  const time = scale?.firstMs !== undefined ? { recheckDueAt: (at: number, probedAt: number | undefined) => scaleRecheck(probedAt ?? at, at, scale) } : {};
  const result = renderProcedureCard(model, migration, locale, { ...(migrations ? { migrations } : {}), ...time });
  if (result.ok) return result.card;
  deps.logger.error({ kind: model.kind, warnings: result.warnings, leftovers: result.leftovers }, 'procedure card did not render');
  const fallback = renderProcedureCard({ kind: 'message', message: { key: 'bad-event', params: { detail: `card ${model.kind}` } } }, undefined, locale);
  return fallback.ok ? fallback.card : { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'card error' }] };
}

/** The migration as this turn last read or wrote it, with its eTag; `current: undefined` means it does not exist. */
export interface KnownRecord {
  current: Versioned<StoredMigration> | undefined;
}

type Target = { tenantId: string; domain: string };

/** What one `execute` round knows while it interprets its effects. */
interface Round {
  deps: AppDeps;
  target: Target;
  surface: EffectSurface;
  result: ExecutionResult;
  /** The record as this round left it (read, written, or the winner of a conflict). */
  record: KnownRecord;
  live: LiveCard | undefined;
}

/**
 * The one loop of the app: a bot turn and a scheduler job both run an event through it. Reads the migration
 * once (or takes `known`, the record as the caller read it in this turn), applies `event` with the pure engine,
 * saves through the store's one eTag-retry policy (`TenantRepository.update`: on a conflict the event is
 * re-applied to the record that won, so a click and a re-check never lose an update) and interprets the
 * effects — the only `switch` over effect types. `run-probes` effects run after the others and their results are
 * fed back as one `probe-result` event each (bounded by MAX_PROBE_ROUNDS), starting from the record as this call
 * left it, so the whole chain reads the store once. Rejects only for a broken store or channel (the edge's error
 * handler answers).
 */
export async function runEvent(deps: AppDeps, target: Target, event: MigrationEvent, surface: EffectSurface,
  known?: KnownRecord): Promise<ExecutionResult> {
  return execute(deps, target, event, surface, known, 0);
}

async function execute(deps: AppDeps, target: Target, event: MigrationEvent, surface: EffectSurface, known: KnownRecord | undefined,
  round: number): Promise<ExecutionResult> {
  const now = deps.clock();
  let effects: Effect[] = [];
  const saved = await deps.repos.migrations.update(target.tenantId, target.domain, (stored) => {
    const before = stored ? fromStored(stored) : undefined;
    const [next, fx] = transition(before?.migration, event, now);
    effects = fx;
    if (next === before?.migration) return undefined;
    if (next === undefined) return DELETE;
    return toStored({ ...before, migration: next });
  }, known ? { known } : {});
  if (!saved.ok) throw new SaveConflictError(`migration ${target.domain}: ${MAX_UPDATE_ATTEMPTS} conflicting saves in a row`);
  const stored = saved.value !== undefined && saved.etag !== undefined ? { value: saved.value, etag: saved.etag } : undefined;
  const record = stored ? fromStored(stored.value) : undefined;
  const r: Round = {
    deps, target, surface, record: { current: stored }, live: record?.liveCard,
    result: { migration: record?.migration, unsentReplies: [], statusRequested: false, rescheduled: [], conflicts: saved.conflicts },
  };
  const probes: Extract<Effect, { type: 'run-probes' }>[] = [];
  const hasCardUpdate = effects.some((e) => e.type === 'update-card');
  const hasNotice = effects.some((e) => e.type === 'notify');

  for (const effect of effects) {
    switch (effect.type) {
      case 'reply':
        if (surface.invoke && !hasCardUpdate) r.result.unsentReplies.push(effect.message);
        else await surface.sendText(messageForMarkdown(effect.message, surface.locale));
        break;
      case 'notify':
        // In a click the updated card already says it (its note); elsewhere the person reads it in this chat.
        if (surface.invoke && hasCardUpdate) break;
        if (surface.notify) await surface.notify(effect.message);
        else await surface.sendText(messageForMarkdown(effect.message, surface.locale));
        break;
      case 'send-card':
        if (effect.card.kind === 'status' && surface.collectStatus) {
          r.result.statusRequested = true;
          break;
        }
        await sendCard(r, effect.card);
        break;
      case 'update-card':
        await updateCard(r, effect.card, hasNotice);
        break;
      case 'schedule-recheck': {
        const attempt = Math.max(0, (r.result.migration?.steps[effect.stepId].recheckAttempts ?? 1) - 1);
        await deps.store.jobs.schedule({
          id: jobId('recheck', target.tenantId, target.domain, effect.stepId), tenantId: target.tenantId, kind: 'recheck',
          dueAt: scaleRecheck(now, effect.at, deps.recheckTimeScale),
          payload: { migrationId: target.domain, stepId: effect.stepId, attempt } satisfies RecheckPayload,
        });
        r.result.rescheduled.push(effect.stepId);
        break;
      }
      case 'cancel-jobs': {
        const ids = effect.stepIds
          ? effect.stepIds.flatMap((s: StepId) => [jobId('recheck', target.tenantId, target.domain, s), jobId('announce', target.tenantId, target.domain, s)])
          : migrationJobIds(target.tenantId, target.domain, undefined);
        for (const id of ids) await deps.store.jobs.cancel(id);
        break;
      }
      case 'run-probes':
        probes.push(effect);
        break;
    }
  }

  const result = r.result;
  for (const run of probes) {
    if (round + 1 > MAX_PROBE_ROUNDS || result.migration === undefined) break;
    const batch = await deps.probe(result.migration, run.stepIds, surface.activity);
    // The record as this round left it: if anyone wrote meanwhile (the probe takes a DNS round trip), the save
    // of the results meets a conflict and re-applies them to that write.
    const fed = await execute(deps, target, {
      type: 'probe-result', results: batch.results, source: run.source,
      ...(batch.spfSuggestion ? { spfSuggestion: batch.spfSuggestion } : {}),
    }, surface, r.record, round + 1);
    result.migration = fed.migration;
    if (fed.invokeCard) result.invokeCard = fed.invokeCard;
    result.unsentReplies.push(...fed.unsentReplies);
    result.statusRequested ||= fed.statusRequested;
    result.rescheduled.push(...fed.rescheduled);
    result.conflicts += fed.conflicts;
  }
  return result;
}

async function cardFor(r: Round, model: CardModel): Promise<object> {
  const all = model.kind === 'status' ? (await r.deps.repos.migrations.list(r.target.tenantId)).map((m) => m.value) : undefined;
  return renderEffectCard(r.deps, model, r.result.migration, r.surface.locale, all);
}

async function sendCard(r: Round, model: CardModel): Promise<void> {
  const activityId = await r.surface.sendCard(await cardFor(r, model));
  if (activityId && LIVE_KINDS.has(model.kind)) await rememberLiveCard(r, activityId);
}

async function updateCard(r: Round, model: CardModel, announced: boolean): Promise<void> {
  const card = await cardFor(r, model);
  if (r.surface.invoke) {
    r.result.invokeCard = card;
    if (r.surface.clickedActivityId && LIVE_KINDS.has(model.kind)) await rememberLiveCard(r, r.surface.clickedActivityId);
    return;
  }
  const live = r.live;
  if (live && live.conversationId === r.surface.conversationId) {
    const shown = await r.surface.updateCard(live.activityId, card);
    if (shown !== undefined) {
      if (shown !== live.activityId && LIVE_KINDS.has(model.kind)) await rememberLiveCard(r, shown);
      return;
    }
  }
  if (r.surface.proactive && !announced) return;
  // No live card in this conversation, or Teams no longer has it: a new message becomes the live card.
  const activityId = await r.surface.sendCard(card);
  if (activityId && LIVE_KINDS.has(model.kind)) await rememberLiveCard(r, activityId);
}

/** Stores the live card's activity id on the record (same retry policy; a lost race only means a new message later). */
async function rememberLiveCard(r: Round, activityId: string): Promise<void> {
  const conversationId = r.surface.conversationId;
  if (!conversationId || r.result.migration === undefined) return;
  if (r.live?.activityId === activityId && r.live.conversationId === conversationId) return;
  const liveCard = { conversationId, activityId };
  try {
    const updated = await r.deps.repos.migrations.update(r.target.tenantId, r.target.domain, (stored) => {
      if (!stored) return undefined;
      const current = fromStored(stored);
      return current.liveCard?.activityId === activityId && current.liveCard.conversationId === conversationId
        ? undefined : toStored({ ...current, liveCard });
    }, { known: r.record });
    if (!updated.ok) return;
    r.record.current = updated.value !== undefined && updated.etag !== undefined ? { value: updated.value, etag: updated.etag } : undefined;
    if (updated.value !== undefined) {
      const now = fromStored(updated.value);
      r.result.migration = now.migration;
      r.live = now.liveCard;
    }
  } catch (error) {
    r.deps.logger.warn({ err: error, domain: r.target.domain }, 'could not remember the live card');
  }
}

/**
 * The scheduler's `cardFor` (src/scheduler/procedure-port.ts ProcedurePortOptions): the card a re-check's result
 * asks for, with the live card's activity id so the scheduler updates that message in place — only when the live
 * card is in the migration's conversation (an update elsewhere would go to the wrong chat). Pure apart from
 * logging a template failure.
 */
export function schedulerCardFor(deps: Pick<AppDeps, 'logger'>): (stored: StoredMigration, card: CardModel, locale: Locale) => { card: object; activityId?: string } {
  return (stored, model, locale) => {
    const { migration, liveCard } = fromStored(stored);
    const card = renderEffectCard(deps, model, migration, locale);
    return liveCard && liveCard.conversationId === migration.conversationId ? { card, activityId: liveCard.activityId } : { card };
  };
}

/** The scheduler's `withLiveCard`: the stored migration with its live card moved to `activityId` (in its conversation). Pure. */
export function withLiveCard(stored: StoredMigration, activityId: string): StoredMigration {
  const record = fromStored(stored);
  const conversationId = record.migration.conversationId;
  return conversationId ? toStored({ ...record, liveCard: { conversationId, activityId } }) : stored;
}
