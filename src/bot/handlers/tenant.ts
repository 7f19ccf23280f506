/**
 * `/connect`, `/disconnect` and `/users`: the optional, read-only connection to the customer's Microsoft 365
 * tenant (docs/tenant-proofs.md). Without COEXIST_TENANT_APP_ID, `/connect` says so and everything works with the
 * admin's confirmation; `/users` then shows the checklist as the admin ticked it.
 */
import { randomUUID } from 'node:crypto';
import { CardFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import connectTemplate from '../../cards/templates/connect.json';
import ledgerTemplate from '../../cards/templates/ledger.json';
import { renderCardOrThrow } from '../../cards/render';
import { format, type Locale } from '../../i18n/locale';
import type { AppDeps } from '../../app/deps';
import {
  ACCESS_STATE, TENANT_PERMISSIONS, TENANT_TEXT, checkConnection, consentLink, ledgerLines, manualLedgerLines, tenantLedger,
  type ConnectionCheck, type TenantAccess,
} from '../../app/tenant-connection';
import { parseDomain } from '../../domain/parse-domain';
import { actorFrom, mayStart, tenantFrom } from '../actor';
import { commandSelector, parseCommand } from '../commands';
import type { RegisterHandlers } from '../create-app';
import { activityLocale } from '../locale';

export const TENANT_CHECK_VERB = 'tenant.check';

export type TenantDeps = Pick<AppDeps, 'repos' | 'admins' | 'devTenantId' | 'clock' | 'logger'> & { tenantAccess?: TenantAccess };

function statusLine(check: ConnectionCheck, locale: Locale): { text: string; color: string } {
  const state = (r: ConnectionCheck['graph']): string => ACCESS_STATE[r.ok ? 'ok' : r.code][locale];
  const ok = check.graph.ok;
  return { text: format(TENANT_TEXT[ok ? 'connected' : 'notConnected'][locale], { graph: state(check.graph), exchange: state(check.exchange) }), color: ok ? 'Good' : 'Attention' };
}

/** The /connect card: the consent link for this tenant, the permissions and why, and "Check the connection". */
export function connectCard(tenant: TenantAccess, tenantId: string, locale: Locale, check?: ConnectionCheck): object {
  return renderCardOrThrow(connectTemplate, {
    title: TENANT_TEXT.connectTitle[locale],
    body: TENANT_TEXT.connectBody[locale],
    permissionsLabel: TENANT_TEXT.permissions[locale],
    permissions: TENANT_PERMISSIONS.map((p) => ({ name: `${p.name} (${p.api})`, why: p.why[locale] })),
    statusLines: check ? [statusLine(check, locale)] : [],
    consent: [{ title: TENANT_TEXT.consentButton[locale], url: consentLink(tenant, tenantId, randomUUID()) }],
    checkTitle: TENANT_TEXT.checkButton[locale],
  });
}

/** Registers /connect, /disconnect, /users and the "Check the connection" button. */
export function registerTenant(deps: TenantDeps): RegisterHandlers {
  const tenantOf = (context: TurnContext): string | undefined => tenantFrom(context.activity, deps.devTenantId);
  const allowed = (context: TurnContext): boolean => {
    const actor = actorFrom(context.activity, deps.admins);
    return actor !== undefined && mayStart(actor, deps.admins);
  };
  const check = async (context: TurnContext, tenant: TenantAccess, tenantId: string): Promise<ConnectionCheck> => {
    const result = await checkConnection(tenant.client, tenantId);
    const actor = actorFrom(context.activity, deps.admins);
    if (result.graph.ok) {
      await deps.repos.tenantConnections.set(tenantId, { checkedAt: deps.clock(), by: actor?.id ?? '', graph: true, exchange: result.exchange.ok });
    }
    deps.logger.info({ tenantId, graph: result.graph.ok ? 'ok' : result.graph.code, exchange: result.exchange.ok ? 'ok' : result.exchange.code }, 'tenant connection checked');
    return result;
  };
  return (app: Application<TurnState>) => {
    app.message(commandSelector('connect', false), async (context) => {
      const locale = activityLocale(context.activity);
      const tenantId = tenantOf(context);
      if (!deps.tenantAccess || !tenantId) { await context.sendActivity(TENANT_TEXT.notConfigured[locale]); return; }
      if (!allowed(context)) { await context.sendActivity(TENANT_TEXT.notAdmin[locale]); return; }
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(connectCard(deps.tenantAccess, tenantId, locale))] });
    });
    app.adaptiveCards.actionExecute<Record<string, unknown>>(TENANT_CHECK_VERB, async (context) => {
      const locale = activityLocale(context.activity);
      const tenantId = tenantOf(context);
      if (!deps.tenantAccess || !tenantId) return TENANT_TEXT.notConfigured[locale];
      if (!allowed(context)) return TENANT_TEXT.notAdmin[locale];
      const result = await check(context, deps.tenantAccess, tenantId);
      return connectCard(deps.tenantAccess, tenantId, locale, result) as AdaptiveCard;
    });
    app.message(commandSelector('disconnect', false), async (context) => {
      const locale = activityLocale(context.activity);
      const tenantId = tenantOf(context);
      if (!tenantId) { await context.sendActivity(TENANT_TEXT.notConfigured[locale]); return; }
      if (!allowed(context)) { await context.sendActivity(TENANT_TEXT.notAdmin[locale]); return; }
      await deps.repos.tenantConnections.forget(tenantId);
      await context.sendActivity(TENANT_TEXT.disconnected[locale]);
    });
    app.message(commandSelector('users', true), async (context) => {
      const locale = activityLocale(context.activity);
      const tenantId = tenantOf(context);
      const args = parseCommand(context.activity.text)?.args ?? '';
      const migrations = tenantId ? await deps.repos.migrations.list(tenantId) : [];
      const parsed = args ? parseDomain(args) : undefined;
      const record = parsed?.ok ? migrations.find((m) => m.domain === parsed.ascii) : migrations.length === 1 ? migrations[0] : undefined;
      if (!tenantId || !record) { await context.sendActivity(TENANT_TEXT.noMigration[locale]); return; }
      const m = record.value;
      const connected = deps.tenantAccess ? await deps.repos.tenantConnections.get(tenantId) : undefined;
      const lines = deps.tenantAccess && connected ? ledgerLines(await tenantLedger(deps.tenantAccess.client, tenantId, m), locale) : manualLedgerLines(m, locale);
      const card = renderCardOrThrow(ledgerTemplate, {
        title: format(TENANT_TEXT.ledgerTitle[locale], { domain: m.domain }),
        source: connected ? TENANT_TEXT.ledgerTenant[locale] : TENANT_TEXT.ledgerManual[locale],
        emptyLines: lines.length === 0 ? [{ text: format(TENANT_TEXT.ledgerNone[locale], { domain: m.domain }) }] : [],
        rows: lines.map((l) => ({ ...l, color: l.good ? 'Good' : 'Attention' })),
      });
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
    });
  };
}
