import { CardFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Resolver } from '../../dns/types';
import type { Migration } from '../../procedure';
import type { MigrationRepository } from '../../store';
import { diagnose, diagnosisCard, findDomainInText, probeRunnerFor, type DiagnoseResult, type ProbeRunner } from '../../helpdesk';
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
}

export interface HelpdeskOptions {
  /**
   * The tenant's migrations (any order). Absent when no store is wired; a rejection is logged and the answer
   * goes out without the migration's domain (a named domain in the text still gets checked).
   */
  listMigrations?: (tenantId: string) => Promise<readonly HelpdeskMigration[]>;
  /** The turn's tenant; default {@link activityTenantId}. */
  tenantOf?: (activity: Partial<Activity>) => string;
  /** Live checks over this resolver (`probeRunnerFor`, with the migration's verification value). */
  resolver?: Resolver;
  /** Overrides `resolver`: runs one probe. For tests, or a probe runner behind the probe gate. */
  runProbe?: ProbeRunner;
  /** Upper bound per live check (default 6000 ms); a slower check reads "could not check". */
  checkTimeoutMs?: number;
  logger?: Logger;
}

/** The helpdesk's view of one stored migration. Pure. */
export function helpdeskMigration(m: Pick<Migration, 'domain' | 'conversationId' | 'updatedAt' | 'inputs'>): HelpdeskMigration {
  return {
    domain: m.domain,
    updatedAt: m.updatedAt,
    ...(m.conversationId !== undefined ? { conversationId: m.conversationId } : {}),
    ...(m.inputs.verificationValue !== undefined ? { verificationValue: m.inputs.verificationValue } : {}),
  };
}

/** `listMigrations` over the store's tenant-scoped migration repository. Rejects when the store does. */
export function listMigrationsFrom(repository: Pick<MigrationRepository<Migration>, 'list'>): (tenantId: string) => Promise<HelpdeskMigration[]> {
  return async (tenantId) => (await repository.list(tenantId)).map((r) => helpdeskMigration(r.value));
}

/** The tenant of an activity: `conversation.tenantId`, else Teams' `channelData.tenant.id`, else `local` (the local client has none). Pure. */
export function activityTenantId(activity: Partial<Activity>): string {
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation !== '') return fromConversation;
  const fromChannel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof fromChannel === 'string' && fromChannel !== '' ? fromChannel : 'local';
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
 * Diagnoses one question in the context of the turn: looks up the tenant's migrations, picks the domain, runs the
 * live checks. May do I/O (store, DNS); never rejects (a failing store means "no migration known").
 */
export async function diagnoseTurn(activity: Partial<Activity>, text: string, options: HelpdeskOptions): Promise<DiagnoseResult> {
  let migration: HelpdeskMigration | undefined;
  if (options.listMigrations) {
    const tenantId = (options.tenantOf ?? activityTenantId)(activity);
    try {
      migration = pickMigration(await options.listMigrations(tenantId), activity.conversation?.id, text);
    } catch (error) {
      options.logger?.warn({ err: error, tenantId }, 'helpdesk: could not load the tenant\'s migrations; answering without them');
    }
  }
  const expectTxt = migration?.verificationValue;
  const runProbe = options.runProbe
    ?? (options.resolver ? probeRunnerFor(options.resolver, { ...(options.checkTimeoutMs ? { budgetMs: options.checkTimeoutMs } : {}), ...(expectTxt ? { expectTxt } : {}) }) : undefined);
  return diagnose(text, {
    locale: activityLocale(activity),
    ...(migration ? { domain: migration.domain } : {}),
    ...(runProbe ? { runProbe } : {}),
    ...(options.checkTimeoutMs ? { checkTimeoutMs: options.checkTimeoutMs } : {}),
  });
}

/**
 * The bot's fallback for every message no command took: the diagnosis card (or the "no diagnosis" card that lists
 * what the helpdesk recognizes) in the language of the question. An empty message (e.g. only an attachment) gets
 * the help card. May throw what `sendActivity` throws.
 */
export function createHelpdeskFallback(options: HelpdeskOptions = {}): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const text = (context.activity.text ?? '').trim();
    if (text === '') {
      await sendHelp(context, { notUnderstood: true });
      return;
    }
    const result = await diagnoseTurn(context.activity, text, options);
    options.logger?.info({ intent: result.intent, confidence: result.confidence, language: result.language,
      domain: result.domain, domainSource: result.domainSource, checks: result.checks.map((c) => `${c.id}:${c.status}`) },
    'helpdesk answered');
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(diagnosisCard(result, text))] });
  };
}
