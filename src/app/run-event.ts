import { messageForMarkdown, renderProcedureCard } from '../cards/procedure-cards';
import type { Locale } from '../i18n/locale';
import { transition } from '../procedure/transition';
import type { CardModel, Effect, MessageRef, Migration, MigrationEvent, StepId } from '../procedure/types';
import { migrationJobIds } from '../scheduler/handlers';
import { jobId, type RecheckPayload } from '../scheduler/jobs';
import { scaleRecheck } from '../scheduler/policy-backoff';
import type { Versioned } from '../store/types';
import type { AppDeps } from './deps';

/** The message that shows a migration's current card, so later updates (a click, a re-check) can replace it. */
export interface LiveCard {
  conversationId: string;
  activityId: string;
}

/**
 * A migration as stored by the bot: the procedure's record plus the live card's activity id. The engine keeps
 * unknown fields (its copies keep every field) and the record type's shape check allows them.
 */
export type MigrationRecord = Migration & { liveCard?: LiveCard };

/** The live card of a migration, when one was sent. Pure. The scheduler's `cardFor` reads it to update in place. */
export function liveCardOf(migration: Migration | undefined): LiveCard | undefined {
  const live = (migration as MigrationRecord | undefined)?.liveCard;
  return live && typeof live.activityId === 'string' && typeof live.conversationId === 'string' ? live : undefined;
}

/** Where a turn's effects go. Built from a TurnContext by the handlers; tests may build their own. */
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
  sendText(text: string): Promise<void>;
  /** Resolves to the new message's activity id when the channel returned one. */
  sendCard(card: object): Promise<string | undefined>;
  /** Replaces an earlier message; resolves false when that failed (ActivityNotFoundInConversation, 404, …). */
  updateCard(activityId: string, card: object): Promise<boolean>;
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
  /** eTag conflicts met (and resolved by reloading and re-applying). */
  conflicts: number;
}

/** Conflicting saves retried before giving up: a click racing a reminder needs one or two. */
export const MAX_SAVE_ATTEMPTS = 8;
/** Probe batches fed back per event (start → probes → advance → probes …): the chain is short by construction. */
export const MAX_PROBE_ROUNDS = 4;

const LIVE_KINDS = new Set<CardModel['kind']>(['step', 'inputs', 'done']);

/** Thrown only when the store kept answering conflicts `MAX_SAVE_ATTEMPTS` times (a broken store, not a race). */
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
  current: Versioned<Migration> | undefined;
}

/**
 * The one interpreter of the procedure's effects (a bot turn and a scheduler job alike).
 * Loads the migration (tenant-scoped), applies `event` with the pure engine, saves with the eTag and runs the
 * effects; on an eTag conflict it re-applies to the record that won, so a click and a re-check never lose an
 * update. `known`: the record as the caller read it in this turn (e.g. from the tenant's list), saving a read;
 * a change is still written only over that eTag. `run-probes` effects run after the others and their results are
 * fed back as one `probe-result` event each (bounded by MAX_PROBE_ROUNDS), starting from the record as this call
 * left it. Rejects only for a broken store or channel (the turn's error handler answers).
 */
export async function runEvent(
  deps: AppDeps,
  target: { tenantId: string; domain: string },
  event: MigrationEvent,
  surface: EffectSurface,
  known?: KnownRecord,
): Promise<ExecutionResult> {
  return execute(deps, target, event, surface, known, 0);
}

async function execute(
  deps: AppDeps,
  target: { tenantId: string; domain: string },
  event: MigrationEvent,
  surface: EffectSurface,
  known: KnownRecord | undefined,
  round: number,
): Promise<ExecutionResult> {
  const { tenantId, domain } = target;
  const repo = deps.repos.migrations;
  let conflicts = 0;
  let next: Migration | undefined;
  let effects: Effect[] = [];
  let current = known ? known.current : await repo.get(tenantId, domain);
  const record: KnownRecord = { current };
  for (let attempt = 0; ; attempt += 1) {
    if (attempt >= MAX_SAVE_ATTEMPTS) throw new SaveConflictError(`migration ${domain}: ${MAX_SAVE_ATTEMPTS} conflicting saves in a row`);
    [next, effects] = transition(current?.value, event, deps.clock());
    if (next === current?.value) break;
    if (next === undefined) {
      const deleted = await repo.delete(tenantId, domain, current!.etag);
      if (deleted.ok) {
        record.current = undefined;
        break;
      }
      current = deleted.current;
    } else {
      const saved = await repo.put(tenantId, domain, next, current === undefined ? 'absent' : current.etag);
      if (saved.ok) {
        record.current = { value: next, etag: saved.etag };
        break;
      }
      current = saved.current;
    }
    // The store answers a conflict with the record that won (read in the same transaction): re-apply to that.
    conflicts += 1;
    record.current = current;
  }

  const result: ExecutionResult = { migration: next, unsentReplies: [], statusRequested: false, conflicts };
  const probes: Extract<Effect, { type: 'run-probes' }>[] = [];
  const hasCardUpdate = effects.some((e) => e.type === 'update-card');

  for (const effect of effects) {
    switch (effect.type) {
      case 'reply':
        if (surface.invoke && !hasCardUpdate) result.unsentReplies.push(effect.message);
        else await surface.sendText(messageForMarkdown(effect.message, surface.locale));
        break;
      case 'notify':
        // In a click the updated card already says it (its note); elsewhere the person reads it in this chat.
        if (!(surface.invoke && hasCardUpdate)) await surface.sendText(messageForMarkdown(effect.message, surface.locale));
        break;
      case 'send-card':
        if (effect.card.kind === 'status' && surface.collectStatus) {
          result.statusRequested = true;
          break;
        }
        await sendCard(deps, target, effect.card, result, record, surface);
        break;
      case 'update-card':
        await updateCard(deps, target, effect.card, result, record, surface);
        break;
      case 'schedule-recheck': {
        const attempt = Math.max(0, (result.migration?.steps[effect.stepId].recheckAttempts ?? 1) - 1);
        await deps.store.jobs.schedule({
          id: jobId('recheck', tenantId, domain, effect.stepId), tenantId, kind: 'recheck', dueAt: scaleRecheck(deps.clock(), effect.at, deps.recheckTimeScale),
          payload: { migrationId: domain, stepId: effect.stepId, attempt } satisfies RecheckPayload,
        });
        break;
      }
      case 'cancel-jobs': {
        const ids = effect.stepIds
          ? effect.stepIds.flatMap((s: StepId) => [jobId('recheck', tenantId, domain, s), jobId('announce', tenantId, domain, s)])
          : migrationJobIds(tenantId, domain, undefined);
        for (const id of ids) await deps.store.jobs.cancel(id);
        break;
      }
      case 'run-probes':
        probes.push(effect);
        break;
    }
  }

  for (const run of probes) {
    if (round + 1 > MAX_PROBE_ROUNDS || result.migration === undefined) break;
    const batch = await deps.probe(result.migration, run.stepIds, surface.activity);
    // The record as this turn left it: if anyone wrote meanwhile (the probe takes a DNS round trip), the save
    // of the results meets a conflict and re-applies them to that write.
    const fed = await execute(deps, target, {
      type: 'probe-result', results: batch.results, source: run.source,
      ...(batch.spfSuggestion ? { spfSuggestion: batch.spfSuggestion } : {}),
    }, surface, record, round + 1);
    result.migration = fed.migration;
    if (fed.invokeCard) result.invokeCard = fed.invokeCard;
    result.unsentReplies.push(...fed.unsentReplies);
    result.statusRequested ||= fed.statusRequested;
    result.conflicts += fed.conflicts;
  }
  return result;
}

async function sendCard(deps: AppDeps, target: { tenantId: string; domain: string }, model: CardModel, result: ExecutionResult,
  record: KnownRecord, surface: EffectSurface): Promise<void> {
  const all = model.kind === 'status' ? (await deps.repos.migrations.list(target.tenantId)).map((m) => m.value) : undefined;
  const card = renderEffectCard(deps, model, result.migration, surface.locale, all);
  const activityId = await surface.sendCard(card);
  if (activityId && LIVE_KINDS.has(model.kind)) await rememberLiveCard(deps, target, result, record, surface, activityId);
}

async function updateCard(deps: AppDeps, target: { tenantId: string; domain: string }, model: CardModel, result: ExecutionResult,
  record: KnownRecord, surface: EffectSurface): Promise<void> {
  const all = model.kind === 'status' ? (await deps.repos.migrations.list(target.tenantId)).map((m) => m.value) : undefined;
  const card = renderEffectCard(deps, model, result.migration, surface.locale, all);
  if (surface.invoke) {
    result.invokeCard = card;
    if (surface.clickedActivityId && LIVE_KINDS.has(model.kind)) await rememberLiveCard(deps, target, result, record, surface, surface.clickedActivityId);
    return;
  }
  const live = liveCardOf(result.migration);
  if (live && live.conversationId === surface.conversationId && (await surface.updateCard(live.activityId, card))) return;
  // No live card in this conversation, or Teams no longer has it: a new message becomes the live card.
  const activityId = await surface.sendCard(card);
  if (activityId && LIVE_KINDS.has(model.kind)) await rememberLiveCard(deps, target, result, record, surface, activityId);
}

/** Stores the live card's activity id on the record (eTag-checked; a lost race only means a new message later). */
async function rememberLiveCard(deps: AppDeps, target: { tenantId: string; domain: string }, result: ExecutionResult,
  record: KnownRecord, surface: EffectSurface, activityId: string): Promise<void> {
  const conversationId = surface.conversationId;
  if (!conversationId || result.migration === undefined) return;
  const existing = liveCardOf(result.migration);
  if (existing?.activityId === activityId && existing.conversationId === conversationId) return;
  try {
    const updated = await deps.repos.migrations.update(target.tenantId, target.domain, (current) =>
      (current ? { ...current, liveCard: { conversationId, activityId } } as MigrationRecord : undefined));
    if (updated.ok && updated.written) {
      result.migration = updated.value;
      record.current = { value: updated.value, etag: updated.etag };
    } else if (updated.ok) {
      record.current = updated.value && updated.etag ? { value: updated.value, etag: updated.etag } : undefined;
    }
  } catch (error) {
    deps.logger.warn({ err: error, domain: target.domain }, 'could not remember the live card');
  }
}

/**
 * The scheduler's `cardFor` (src/scheduler/procedure-port.ts ProcedurePortOptions): the card a re-check's result
 * asks for, with the live card's activity id so the scheduler updates that message in place — only when the live
 * card is in the migration's conversation (an update elsewhere would go to the wrong chat). Pure apart from
 * logging a template failure.
 */
export function schedulerCardFor(deps: Pick<AppDeps, 'logger'>): (migration: Migration, card: CardModel, locale: Locale) => { card: object; activityId?: string } {
  return (migration, model, locale) => {
    const live = liveCardOf(migration);
    const card = renderEffectCard(deps, model, migration, locale);
    return live && live.conversationId === migration.conversationId ? { card, activityId: live.activityId } : { card };
  };
}
