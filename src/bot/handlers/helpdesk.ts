import { randomUUID } from 'node:crypto';
import { msg } from '../../i18n/message';
import { CardFactory, type Activity, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Resolver } from '../../dns/types';
import { requestLogFields } from '../../http/request-context';
import type { Migration } from '../../procedure';
import type { MigrationRepository } from '../../store';
import { diagnose, diagnosisCard, findDomainInText, probeRunnerFor, type DiagnoseResult, type ProbeRunner } from '../../helpdesk';
import { CLARIFY_VERB, clarifyCard } from '../../helpdesk/card';
import { CLARIFICATIONS } from '../../helpdesk/clarify';
import type { DiagnosisId, ProcedureStepId } from '../../helpdesk/types';
import type { IntentClassifier } from '../../helpdesk/classifier';
import type { PendingQuestionRepository } from '../../store/repositories';
import type { RegisterHandlers } from '../create-app';
import { tenantFrom } from '../actor';
import type { AppDeps } from '../../app/deps';
import { activityLocale } from '../locale';
import { sendHelp } from './help';

/** What the helpdesk needs to know about one of the tenant's migrations. */
export interface HelpdeskMigration {
  /** ASCII form, lower case, no trailing dot (as the store keeps it). */
  domain: string;
  /** The conversation the migration was started in, when known. */
  conversationId?: string;
  /** Epoch ms of the last change; the most recent one wins when a conversation has several. */
  updatedAt: number;
  /** The `MS=ms…` value Microsoft 365 showed, so the verify-domain check can compare against it. */
  verificationValue?: string;
  /** Steps the migration holds as done: their causes are not offered first. */
  doneSteps?: readonly ProcedureStepId[];
}

/** A resolver for a domain, or why none could be built (same shape as the migration prober's `ResolverFor`). */
export type HelpdeskResolverFor = (domain: string, signal: AbortSignal) =>
  Promise<{ ok: true; resolver: Resolver; release: () => void } | { ok: false; detail: string }>;

export interface HelpdeskOptions {
  /**
   * The tenant's migrations (any order). Absent when no store is wired; a rejection is logged and the answer
   * goes out without the migration's domain (a named domain in the text still gets checked).
   */
  listMigrations?: (tenantId: string) => Promise<readonly HelpdeskMigration[]>;
  /** The turn's tenant (undefined: no migrations are looked up); default `tenantFrom` (actor.ts) without a fallback. */
  tenantOf?: (activity: Partial<Activity>) => string | undefined;
  /** Live checks over this resolver (`probeRunnerFor`, with the migration's verification value). */
  resolver?: Resolver;
  /**
   * Live checks over a resolver per domain (the bot's DNS strategy: the domain's authoritative servers, or the
   * COEXIST_DNS_SERVERS stub). Asked once per answer, released after it. Wins over `resolver`.
   */
  resolverFor?: HelpdeskResolverFor;
  /** Overrides `resolverFor` and `resolver`: runs one probe. For tests, or a probe runner behind the probe gate. */
  runProbe?: ProbeRunner;
  /** Upper bound per live check (default 6000 ms); a slower check reads "could not check". */
  checkTimeoutMs?: number;
  /** Where a question waits for the answer to its clarifying question. Absent: the question is asked without it. */
  pendingQuestions?: Pick<PendingQuestionRepository, 'add' | 'get'>;
  /** The matcher with the optional language model (COEXIST_AZURE_OPENAI_*); default the matcher alone. */
  classifier?: IntentClassifier;
  clock?: () => number;
  logger?: Logger;
}

/** The helpdesk's view of one stored migration. Pure. */
export function helpdeskMigration(m: Pick<Migration, 'domain' | 'conversationId' | 'updatedAt' | 'inputs'> & Partial<Pick<Migration, 'steps'>>): HelpdeskMigration {
  const doneSteps = Object.entries(m.steps ?? {}).filter(([, step]) => step.status === 'done').map(([id]) => id as ProcedureStepId);
  return {
    domain: m.domain,
    doneSteps,
    updatedAt: m.updatedAt,
    ...(m.conversationId !== undefined ? { conversationId: m.conversationId } : {}),
    ...(m.inputs.verificationValue !== undefined ? { verificationValue: m.inputs.verificationValue } : {}),
  };
}

/** `listMigrations` over the store's tenant-scoped migration repository. Rejects when the store does. */
export function listMigrationsFrom(repository: Pick<MigrationRepository<Migration>, 'list'>): (tenantId: string) => Promise<HelpdeskMigration[]> {
  return async (tenantId) => (await repository.list(tenantId)).map((r) => helpdeskMigration(r.value));
}

/**
 * Which of the tenant's migrations a question is about. Pure.
 * - a domain named in the text that is one of the tenant's migrations;
 * - else the only migration of the tenant;
 * - else the most recently changed migration started in this conversation;
 * - else none (the helpdesk then checks a domain named in the text, or says it knows none).
 */
export function pickMigration(migrations: readonly HelpdeskMigration[], conversationId: string | undefined, text: string): HelpdeskMigration | undefined {
  const named = findDomainInText(text);
  if (named !== null) {
    const match = migrations.find((m) => m.domain === named);
    if (match) return match;
  }
  if (migrations.length === 1) return migrations[0];
  if (conversationId === undefined) return undefined;
  return migrations
    .filter((m) => m.conversationId === conversationId)
    .reduce<HelpdeskMigration | undefined>((best, m) => (best === undefined || m.updatedAt > best.updatedAt ? m : best), undefined);
}

/**
 * The helpdesk's options from the bot's dependencies: the tenant's migrations from the store (the dev tenant in
 * local anonymous mode, as the migration routes use), live checks over the bot's DNS strategy. Pure.
 */
export function helpdeskOptionsFrom(deps: Pick<AppDeps, 'repos' | 'resolverFor' | 'devTenantId' | 'logger'> & Partial<Pick<AppDeps, 'clock'>>): HelpdeskOptions {
  return {
    listMigrations: listMigrationsFrom(deps.repos.migrations),
    ...(deps.repos.pendingQuestions ? { pendingQuestions: deps.repos.pendingQuestions } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    tenantOf: (activity) => tenantFrom(activity, deps.devTenantId),
    ...(deps.resolverFor ? { resolverFor: deps.resolverFor } : {}),
    logger: deps.logger,
  };
}

/**
 * Diagnoses one question in the context of the turn: looks up the tenant's migrations, picks the domain, runs the
 * live checks. May do I/O (store, DNS); never rejects (a failing store means "no migration known").
 */
export async function diagnoseTurn(activity: Partial<Activity>, text: string, options: HelpdeskOptions, intent?: DiagnosisId): Promise<DiagnoseResult> {
  let migration: HelpdeskMigration | undefined;
  if (options.listMigrations) {
    const tenantId = options.tenantOf ? options.tenantOf(activity) : tenantFrom(activity);
    if (tenantId !== undefined) {
      try {
        migration = pickMigration(await options.listMigrations(tenantId), activity.conversation?.id, text);
      } catch (error) {
        options.logger?.warn({ ...requestLogFields(activity), err: error, tenantId }, 'helpdesk: could not load the tenant\'s migrations; answering without them');
      }
    }
  }
  const runnerOptions = {
    ...(options.checkTimeoutMs ? { budgetMs: options.checkTimeoutMs } : {}),
    ...(migration?.verificationValue ? { expectTxt: migration.verificationValue } : {}),
  };
  const abort = new AbortController();
  const leases: Leases = { releases: [], closed: false };
  let runProbe = options.runProbe;
  if (!runProbe && options.resolverFor) runProbe = leasedProbeRunner(options.resolverFor, runnerOptions, abort.signal, leases);
  if (!runProbe && options.resolver) runProbe = probeRunnerFor(options.resolver, runnerOptions);
  try {
    return await diagnose(text, {
      locale: activityLocale(activity),
      ...(migration ? { domain: migration.domain } : {}),
      ...(migration?.doneSteps ? { state: { doneSteps: migration.doneSteps } } : {}),
      ...(intent ? { intent } : {}),
      ...(options.classifier ? { classifier: options.classifier } : {}),
      ...(runProbe ? { runProbe } : {}),
      ...(options.checkTimeoutMs ? { checkTimeoutMs: options.checkTimeoutMs } : {}),
    });
  } finally {
    // A check cut by the helpdesk's own timeout may still wait for DNS: stop the discovery, free the sockets.
    abort.abort();
    leases.closed = true;
    for (const release of leases.releases.splice(0)) release();
  }
}

/** Resolver leases of one answer; a lease that arrives after the answer went out is released at once. */
interface Leases { releases: Array<() => void>; closed: boolean }

/** One resolver lease per domain for all checks of one answer; a domain without a resolver is "could not check". */
function leasedProbeRunner(resolverFor: HelpdeskResolverFor, runnerOptions: Parameters<typeof probeRunnerFor>[1],
  signal: AbortSignal, leases: Leases): ProbeRunner {
  const runners = new Map<string, Promise<ProbeRunner | string>>();
  return async (id, domain) => {
    let runner = runners.get(domain);
    if (!runner) {
      runner = resolverFor(domain, signal).then((lease) => {
        if (!lease.ok) return lease.detail;
        if (leases.closed) {
          lease.release();
          return 'the answer was already sent';
        }
        leases.releases.push(lease.release);
        return probeRunnerFor(lease.resolver, runnerOptions);
      });
      runners.set(domain, runner);
    }
    const run = await runner;
    if (typeof run === 'string') {
      return { id, status: 'error', found: null, expected: null, advice: msg('probe.could-not-check-detail', { detail: run }) };
    }
    return run(id, domain);
  };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The words of a Teams message: Teams sends formatted or pasted text as HTML (`<p>…</p>`, `<br>`, entities), which
 * would hide an NDR line break or put `&amp;` into the question shown on the card. Plain text stays as it is. Pure.
 */
export function messagePlainText(text: string): string {
  if (!/<\/?(?:p|div|br|span|b|i|u|strong|em|a|pre|code|blockquote|ul|ol|li|table|tr|td)\b[^>]*>/i.test(text)) return text;
  return text
    .replace(/<(?:br|\/p|\/div|\/li|\/tr|\/pre|\/blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .trim();
}

/**
 * The bot's fallback for every message no command took: the diagnosis card (or the "no diagnosis" card that lists
 * what the helpdesk recognizes) in the language of the question. An empty message (e.g. only an attachment) gets
 * the help card. May throw what `sendActivity` throws.
 */
export function createHelpdeskFallback(options: HelpdeskOptions = {}): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const text = messagePlainText((context.activity.text ?? '').trim());
    if (text === '') {
      await sendHelp(context, { notUnderstood: true });
      return;
    }
    const result = await diagnoseTurn(context.activity, text, options);
    options.logger?.info({ ...requestLogFields(context.activity), intent: result.intent, confidence: result.confidence, language: result.language,
      domain: result.domain, domainSource: result.domainSource, checks: result.checks.map((c) => `${c.id}:${c.status}`),
      clarify: result.clarify, ruledOut: result.ruledOut.map((r) => `${r.intent}:${r.reason}`) },
    'helpdesk answered');
    if (result.clarify !== null) {
      // The second turn finds the question in the store by the token on the buttons: nothing is guessed.
      const tenantId = options.tenantOf ? options.tenantOf(context.activity) : tenantFrom(context.activity);
      const conversationId = context.activity.conversation?.id;
      const token = randomUUID();
      const stored = options.pendingQuestions && tenantId && conversationId
        ? await options.pendingQuestions.add(tenantId, conversationId, token, { text, clarify: result.clarify, askedAt: (options.clock ?? Date.now)() })
        : false;
      if (stored) {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(clarifyCard(result, text, token))] });
        return;
      }
    }
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(diagnosisCard(result, text))] });
  };
}

/** A pending question older than this is not answered any more (the person asks again). */
export const PENDING_QUESTION_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const CLARIFY_TEXT = {
  expired: {
    de: 'Diese Rückfrage ist nicht mehr gültig. Bitte stellen Sie Ihre Frage noch einmal.',
    en: 'This follow-up question has expired. Please ask your question again.',
  },
} as const;

/**
 * The second turn of a clarifying question: the person's button names the diagnosis; the question comes from the
 * store, and the answer (the diagnosis card) replaces the question card. A second click answers the same again.
 */
export function registerHelpdeskClarify(options: HelpdeskOptions): RegisterHandlers {
  return (app: Application<TurnState>) => {
    app.adaptiveCards.actionExecute<Record<string, unknown>>(CLARIFY_VERB, async (context, _state, data) => {
      const locale = activityLocale(context.activity);
      const tenantId = options.tenantOf ? options.tenantOf(context.activity) : tenantFrom(context.activity);
      const conversationId = context.activity.conversation?.id;
      const token = typeof data.token === 'string' ? data.token : '';
      const pending = tenantId && conversationId && options.pendingQuestions && /^[0-9a-f-]{36}$/.test(token)
        ? await options.pendingQuestions.get(tenantId, conversationId, token) : undefined;
      const now = (options.clock ?? Date.now)();
      if (!pending || now - pending.askedAt > PENDING_QUESTION_MAX_AGE_MS) return CLARIFY_TEXT.expired[locale];
      const option = CLARIFICATIONS.find((c) => c.id === pending.clarify)?.options.find((o) => o.intent === data.intent);
      if (!option) return CLARIFY_TEXT.expired[locale];
      const result = await diagnoseTurn(context.activity, pending.text, options, option.intent);
      options.logger?.info({ ...requestLogFields(context.activity), intent: result.intent, clarify: pending.clarify }, 'helpdesk answered a clarifying question');
      return diagnosisCard(result, pending.text) as AdaptiveCard;
    });
  };
}
