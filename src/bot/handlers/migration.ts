import { CardFactory, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '@microsoft/teams-ai';
import { ALL_VERBS, VERBS, parseCardAction } from '../../cards/actions';
import { messageForMarkdown } from '../../cards/procedure-cards';
import { parseDomain } from '../../domain/parse-domain';
import { requestLogger } from '../../http/request-context';
import type { Locale } from '../../i18n/locale';
import { DNS_STEP_IDS, isStepId } from '../../procedure/steps';
import type { Actor, MessageRef, Migration, MigrationEvent } from '../../procedure/types';
import { actorFrom, mayStart, tenantFrom } from '../actor';
import type { AppDeps } from '../../app/deps';
import { runEvent, renderEffectCard, type EffectSurface, type ExecutionResult, type KnownRecord } from '../../app/run-event';
import { activityLocale } from '../locale';
import type { RegisterHandlers } from '../create-app';
import { normalizeDomain } from '../../store/repositories';
import type { Versioned } from '../../store/types';

/** The helpdesk card's button: show a step's card (src/helpdesk card.ts). */
export const GOTO_VERB = 'procedure.goto';

/** Anchored, case-insensitive, with or without the slash (teams-ai has already removed an @mention). */
export const MIGRATION_COMMANDS = {
  migrate: /^\s*\/?migrate(?:\s+(\S[\s\S]*?))?\s*$/i,
  status: /^\s*\/?status\s*$/i,
  check: /^\s*\/?check(?:\s+(\S[\s\S]*?))?\s*$/i,
  reset: /^\s*\/?reset(?:\s+(\S[\s\S]*?))?\s*$/i,
} as const;

const TEXTS = {
  noTenant: {
    de: 'Diese Unterhaltung gehört zu keinem Microsoft-365-Mandanten; Migrationen gibt es nur in Teams eines Mandanten.',
    en: 'This conversation belongs to no Microsoft 365 tenant; migrations exist only in a tenant\'s Teams.',
  },
  migrateUsage: {
    de: 'Welche Domain? Beispiel: /migrate meinefirma.de',
    en: 'Which domain? Example: /migrate meinefirma.de',
  },
  notAdmin: {
    de: 'Eine Migration starten dürfen nur die in COEXIST_ADMINS eingetragenen Admins. Den Stand sehen alle mit /status.',
    en: 'Only the admins listed in COEXIST_ADMINS may start a migration. Everyone can see the progress with /status.',
  },
  noMigrations: {
    de: 'In diesem Mandanten läuft noch keine Migration. Starten Sie eine mit /migrate meinefirma.de.',
    en: 'No migration is running in this tenant yet. Start one with /migrate meinefirma.de.',
  },
  whichDomain: {
    de: 'Hier laufen mehrere Migrationen ({domains}). Welche? Zum Beispiel: /reset {first}',
    en: 'Several migrations are running here ({domains}). Which one? For example: /reset {first}',
  },
  unknownAction: {
    de: 'Diese Schaltfläche kenne ich nicht (mehr). Es wurde nichts geändert; /status zeigt den aktuellen Stand.',
    en: 'I do not know this button (any more). Nothing was changed; /status shows the current state.',
  },
} as const;

function text(key: keyof typeof TEXTS, locale: Locale, params: Record<string, string> = {}): string {
  let out: string = TEXTS[key][locale];
  for (const [k, v] of Object.entries(params)) out = out.split(`{${k}}`).join(v);
  return out;
}

/** Sends and updates messages of this turn; the effect executor's view of a TurnContext. */
export function turnSurface(context: TurnContext, options: { invoke?: boolean; collectStatus?: boolean } = {}): EffectSurface {
  const activity = context.activity;
  return {
    locale: activityLocale(activity),
    conversationId: activity.conversation?.id,
    activity,
    invoke: options.invoke === true,
    ...(options.invoke && activity.replyToId ? { clickedActivityId: activity.replyToId } : {}),
    ...(options.collectStatus ? { collectStatus: true } : {}),
    sendText: async (message) => {
      await context.sendActivity({ type: 'message', text: message, textFormat: 'markdown' });
    },
    sendCard: async (card) => (await context.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] }))?.id,
    updateCard: async (activityId, card) => {
      try {
        await context.updateActivity({ type: 'message', id: activityId, attachments: [CardFactory.adaptiveCard(card)] });
        return activityId;
      } catch {
        // Teams answers ActivityNotFoundInConversation for a deleted or too old message: the caller sends anew.
        return undefined;
      }
    },
  };
}

interface Who { tenantId: string; actor: Actor; locale: Locale }

/** Tenant, actor and locale of a turn; undefined (after telling the person why) when the turn has no tenant or sender. */
async function who(context: TurnContext, deps: AppDeps): Promise<Who | undefined> {
  const locale = activityLocale(context.activity);
  const tenantId = tenantFrom(context.activity, deps.devTenantId);
  const actor = actorFrom(context.activity, deps.admins);
  if (tenantId === undefined || actor === undefined) {
    await context.sendActivity(text('noTenant', locale));
    return undefined;
  }
  return { tenantId, actor, locale };
}

async function tenantMigrations(deps: AppDeps, tenantId: string): Promise<Migration[]> {
  return (await deps.repos.migrations.list(tenantId)).map((m) => m.value);
}

type Listed = { domain: string } & Versioned<Migration>;

/**
 * The record this turn's listing found under the migration's id, for runEvent (saves reading it
 * again; a change is still only written over the listed eTag). Undefined when not listed: then it reads.
 */
function knownFrom(listed: readonly Listed[], domain: string): KnownRecord | undefined {
  const id = normalizeDomain(domain);
  const found = listed.find((m) => m.domain === id);
  return found ? { current: { value: found.value, etag: found.etag } } : undefined;
}

/**
 * Which of the tenant's migrations a command without a domain means: the named one, else those started in this
 * conversation, else all of the tenant's.
 */
function pick(all: readonly Migration[], conversationId: string | undefined): Migration[] {
  const here = all.filter((m) => m.conversationId !== undefined && m.conversationId === conversationId);
  return here.length > 0 ? here : [...all];
}

async function migrate(context: TurnContext, deps: AppDeps, args: string): Promise<void> {
  const w = await who(context, deps);
  if (!w) return;
  const listed = await deps.repos.migrations.list(w.tenantId);
  const all = listed.map((m) => m.value);
  let domain: string;
  if (args === '') {
    const candidates = pick(all, context.activity.conversation?.id);
    if (candidates.length !== 1) {
      await context.sendActivity(text('migrateUsage', w.locale));
      return;
    }
    domain = candidates[0]!.domain;
  } else {
    const parsed = parseDomain(args);
    if (!parsed.ok) {
      await context.sendActivity(parsed.message[w.locale]);
      return;
    }
    domain = parsed.ascii;
  }
  const exists = all.some((m) => m.domain === domain);
  if (!exists && !mayStart(w.actor, deps.admins)) {
    await context.sendActivity(text('notAdmin', w.locale));
    return;
  }
  if (!exists) {
    const allowed = deps.limits?.newMigration(context.activity) ?? { allowed: true };
    if (!allowed.allowed) {
      await context.sendActivity(allowed.text);
      return;
    }
  }
  const conversationId = context.activity.conversation?.id;
  await runEvent(deps, { tenantId: w.tenantId, domain }, {
    type: 'start', tenantId: w.tenantId, domain, actor: w.actor, knownDomains: all.map((m) => m.domain),
    ...(conversationId ? { conversationId } : {}), locale: w.locale,
  }, turnSurface(context), knownFrom(listed, domain));
}

async function status(context: TurnContext, deps: AppDeps): Promise<void> {
  const w = await who(context, deps);
  if (!w) return;
  const all = await tenantMigrations(deps, w.tenantId);
  if (all.length === 0) {
    await context.sendActivity(text('noMigrations', w.locale));
    return;
  }
  const card = renderEffectCard(deps, { kind: 'status' }, undefined, w.locale, all);
  await context.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
}

/**
 * The migrations a command with an optional domain argument names (as listed, with their eTags); undefined after
 * telling the person.
 */
async function targets(context: TurnContext, deps: AppDeps, w: Who, args: string, single: boolean): Promise<Listed[] | undefined> {
  const listed = await deps.repos.migrations.list(w.tenantId);
  const all = listed.map((m) => m.value);
  if (args !== '') {
    const parsed = parseDomain(args);
    if (!parsed.ok) {
      await context.sendActivity(parsed.message[w.locale]);
      return undefined;
    }
    const found = listed.find((m) => m.value.domain === parsed.ascii);
    if (!found) {
      await context.sendActivity(messageForMarkdown({ key: 'no-migration', params: { domain: parsed.ascii } }, w.locale));
      return undefined;
    }
    return [found];
  }
  if (all.length === 0) {
    await context.sendActivity(text('noMigrations', w.locale));
    return undefined;
  }
  const chosen = pick(all, context.activity.conversation?.id);
  if (single && chosen.length > 1) {
    await context.sendActivity(text('whichDomain', w.locale, { domains: chosen.map((m) => m.domain).join(', '), first: chosen[0]!.domain }));
    return undefined;
  }
  return chosen.map((m) => listed[all.indexOf(m)]!);
}

async function check(context: TurnContext, deps: AppDeps, args: string): Promise<void> {
  const w = await who(context, deps);
  if (!w) return;
  const chosen = await targets(context, deps, w, args, false);
  if (!chosen) return;
  const allowed = deps.limits?.probes(context.activity, chosen.length * DNS_STEP_IDS.length) ?? { allowed: true };
  if (!allowed.allowed) {
    await context.sendActivity(allowed.text);
    return;
  }
  const surface = turnSurface(context, { collectStatus: true });
  // One migration after another: each probe batch already runs its queries in parallel.
  let status = false;
  const shown: Migration[] = [];
  for (const m of chosen) {
    const domain = m.value.domain;
    const result = await runEvent(deps, { tenantId: w.tenantId, domain }, { type: 'check', actor: w.actor, domain }, surface, knownFrom([m], domain));
    status ||= result.statusRequested;
    // The card shows each migration as its check left it (as saved), in the listing's order.
    if (result.migration) shown.push(result.migration);
  }
  if (status) {
    const card = renderEffectCard(deps, { kind: 'status' }, undefined, w.locale, shown);
    await context.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
  }
}

async function reset(context: TurnContext, deps: AppDeps, args: string): Promise<void> {
  const w = await who(context, deps);
  if (!w) return;
  const chosen = await targets(context, deps, w, args, true);
  if (!chosen) return;
  const m = chosen[0]!;
  const domain = m.value.domain;
  await runEvent(deps, { tenantId: w.tenantId, domain }, { type: 'reset-request', actor: w.actor, domain }, turnSurface(context),
    knownFrom([m], domain));
}

/** The card a click answers with when the engine asked for none (e.g. "not allowed"): the current card with the note. */
function invokeAnswer(deps: AppDeps, result: ExecutionResult, locale: Locale): object {
  if (result.invokeCard) return result.invokeCard;
  const note: MessageRef | undefined = result.unsentReplies[0];
  const m = result.migration;
  if (m && m.currentStep !== null) return renderEffectCard(deps, { kind: 'step', stepId: m.currentStep, ...(note ? { note } : {}) }, m, locale);
  if (m) return renderEffectCard(deps, { kind: 'done' }, m, locale);
  return renderEffectCard(deps, { kind: 'message', message: note ?? { key: 'bad-event', params: { detail: 'no card' } } }, undefined, locale);
}

/** A one-line card of our own text (no typed input in it), e.g. for a button that is not known. Pure. */
function messageCard(body: string): object {
  return {
    type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5',
    body: [{ type: 'TextBlock', text: body, wrap: true }],
  };
}

async function cardAction(context: TurnContext, deps: AppDeps, data: unknown): Promise<object> {
  const locale = activityLocale(context.activity);
  const tenantId = tenantFrom(context.activity, deps.devTenantId);
  const actor = actorFrom(context.activity, deps.admins);
  if (tenantId === undefined || actor === undefined) return messageCard(text('noTenant', locale));
  const parsed = parseCardAction(data, { actor, tenantId });
  if (!parsed.ok) {
    deps.logger.info({ reason: parsed.reason }, 'card action refused');
    return renderEffectCard(deps, { kind: 'message', message: { key: 'bad-event', params: { detail: parsed.reason } } }, undefined, locale);
  }
  let event = parsed.event;
  let domain = parsed.domain;
  let known: KnownRecord | undefined;
  if (event.type === 'start') {
    // The welcome card's input is typed by hand (a URL, an address, upper case): read it as /migrate does.
    const typed = parseDomain(domain);
    if (!typed.ok) return messageCard(typed.message[locale]);
    domain = typed.ascii;
    event = { ...event, domain };
    // Only a start needs the tenant's other migrations ("did you mean …?"); any other click reads just its own.
    const listed = await deps.repos.migrations.list(tenantId);
    const isNew = !listed.some((m) => m.value.domain === domain);
    if (isNew && !mayStart(actor, deps.admins)) return messageCard(text('notAdmin', locale));
    const allowed = isNew ? deps.limits?.newMigration(context.activity) ?? { allowed: true } : { allowed: true } as const;
    if (!allowed.allowed) return messageCard(allowed.text);
    const conversationId = context.activity.conversation?.id;
    Object.assign(event, { knownDomains: listed.map((m) => m.value.domain), ...(conversationId ? { conversationId } : {}), locale });
    known = knownFrom(listed, domain);
  }
  const result = await runEvent(deps, { tenantId, domain }, event, turnSurface(context, { invoke: true }), known);
  return invokeAnswer(deps, result, locale);
}

/** `procedure.goto` from the helpdesk card: that step's card of the tenant's migration for the domain, in place. */
async function gotoStep(context: TurnContext, deps: AppDeps, data: unknown): Promise<object> {
  const locale = activityLocale(context.activity);
  const tenantId = tenantFrom(context.activity, deps.devTenantId);
  const actor = actorFrom(context.activity, deps.admins);
  if (tenantId === undefined || actor === undefined) return messageCard(text('noTenant', locale));
  const d = (data ?? {}) as { stepId?: unknown; domain?: unknown };
  const parsed = typeof d.domain === 'string' ? parseDomain(d.domain) : undefined;
  if (!parsed?.ok) return messageCard(text('migrateUsage', locale));
  const current = await deps.repos.migrations.get(tenantId, parsed.ascii);
  if (!current) {
    return renderEffectCard(deps, { kind: 'message', message: { key: 'no-migration', params: { domain: parsed.ascii } } }, undefined, locale);
  }
  const event: MigrationEvent = {
    type: 'show', card: 'step', actor, domain: parsed.ascii, revision: current.value.revision,
    ...(isStepId(d.stepId) ? { stepId: d.stepId } : {}),
  };
  const result = await runEvent(deps, { tenantId, domain: parsed.ascii }, event, turnSurface(context, { invoke: true }), { current });
  return invokeAnswer(deps, result, locale);
}

/** Our cards are Adaptive Card JSON; teams-ai's type names the same shape. */
const asCard = (card: object): AdaptiveCard => card as AdaptiveCard;

function commandArgs(context: TurnContext, pattern: RegExp): string | undefined {
  if (context.activity.type !== 'message') return undefined;
  const match = pattern.exec(context.activity.text ?? '');
  return match ? (match[1] ?? '').trim() : undefined;
}

/**
 * Routes of the guided migration: `/migrate [domain]`, `/status`, `/check [domain]`, `/reset [domain]`, every
 * card verb of src/cards/actions.ts plus `procedure.goto` as Action.Execute (the answer replaces the clicked
 * card), and any other `migration.*` verb answered with a card saying so (never a 501). "Check now" and `/check`
 * take probe units, and starting a migration that does not exist yet takes a new-migration unit, from `deps.limits`
 * when the composition root set it; other clicks (ticking users, confirming) take nothing from it.
 */
export function registerMigration(deps: AppDeps): RegisterHandlers {
  // Whatever logs during the turn (effects, cards, store failures) names the turn's request and turn ids.
  const forTurn = (context: TurnContext): AppDeps => ({ ...deps, logger: requestLogger(deps.logger, context.activity) });
  return (app: Application<TurnState>) => {
    const command = (pattern: RegExp) => async (context: TurnContext) => commandArgs(context, pattern) !== undefined;
    app.message(command(MIGRATION_COMMANDS.migrate), async (context) => migrate(context, forTurn(context), commandArgs(context, MIGRATION_COMMANDS.migrate) ?? ''));
    app.message(command(MIGRATION_COMMANDS.status), async (context) => status(context, forTurn(context)));
    app.message(command(MIGRATION_COMMANDS.check), async (context) => check(context, forTurn(context), commandArgs(context, MIGRATION_COMMANDS.check) ?? ''));
    app.message(command(MIGRATION_COMMANDS.reset), async (context) => reset(context, forTurn(context), commandArgs(context, MIGRATION_COMMANDS.reset) ?? ''));

    app.adaptiveCards.actionExecute<Record<string, unknown>>([...ALL_VERBS], async (context, _state, data) => {
      if (context.activity.value?.action?.verb === VERBS.check && deps.limits) {
        // A refused "Check now" answers with a text (Teams shows it briefly); the card stays as it is.
        const allowed = deps.limits.probes(context.activity, 1);
        if (!allowed.allowed) return allowed.text;
      }
      return asCard(await cardAction(context, forTurn(context), data));
    });
    app.adaptiveCards.actionExecute<Record<string, unknown>>(GOTO_VERB, async (context, _state, data) => asCard(await gotoStep(context, forTurn(context), data)));
    // Any other verb of ours (an old card's, a forged one) gets a card saying so, not teams-ai's 501. Other
    // namespaces are left to their own routes, whatever the order they are registered in.
    app.adaptiveCards.actionExecute(async (context: TurnContext) => {
      const a = context.activity;
      const action = (a.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
      return a.type === 'invoke' && a.name === 'adaptiveCard/action' && action?.type === 'Action.Execute'
        && typeof action.verb === 'string' && action.verb.startsWith('migration.');
    }, async (context) => asCard(messageCard(text('unknownAction', activityLocale(context.activity)))));
  };
}

/** For tests and docs: the verbs this module routes. */
export const ROUTED_VERBS: readonly string[] = [...ALL_VERBS, GOTO_VERB];
