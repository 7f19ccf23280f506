/**
 * Connecting a customer's tenant (`/connect`), forgetting it (`/disconnect`) and the per-user ledger (`/users`):
 * what the cards show, computed from the injected cloud client and the stored migration. No SDK, no text from
 * Microsoft's answers except addresses and codes; texts are rendered by the card builders in the person's language.
 */
import { adminConsentUrl, type TenantAccessConfig } from '../config/tenant-access';
import type { Locale, Localized } from '../i18n/locale';
import type { CloudClient, CloudFailureCode } from '../proofs/cloud-client';
import { proveUser, type UserEvidence, type UserFinding } from '../proofs/tenant-proofs';
import type { Migration } from '../procedure/types';

/** The read-only tenant access the composition root set up; absent when COEXIST_TENANT_APP_ID is not set. */
export interface TenantAccess {
  access: TenantAccessConfig;
  client: CloudClient;
}

/** The application permissions the app asks for, each with why (docs/tenant-proofs.md). */
export const TENANT_PERMISSIONS: ReadonlyArray<{ name: string; api: string; why: Localized }> = [
  { name: 'Domain.Read.All', api: 'Microsoft Graph', why: { de: 'Schritt 1: Domäne verifiziert, TXT-Wert, MX-Host des Mandanten', en: 'step 1: domain verified, TXT value, the tenant\'s MX host' } },
  { name: 'User.Read.All', api: 'Microsoft Graph', why: { de: 'Schritt 4: Adressen, Alias, Lizenz und Postfach je Benutzer', en: 'step 4: addresses, alias, licence and mailbox per user' } },
  { name: 'Exchange.ManageAsAppV2', api: 'Office 365 Exchange Online', why: { de: 'Schritt 6: Domänentyp (mit der Exchange-Rolle „View-Only Configuration")', en: 'step 6: domain type (with the Exchange role "View-Only Configuration")' } },
];

export interface ConnectionCheck {
  graph: { ok: true } | { ok: false; code: CloudFailureCode };
  exchange: { ok: true } | { ok: false; code: CloudFailureCode };
}

/**
 * Checks that the consent works: one Graph read (the tenant's domains) and one Exchange read (its accepted
 * domains, Get-AcceptedDomain without an identity). Never throws.
 */
export async function checkConnection(client: CloudClient, tenantId: string): Promise<ConnectionCheck> {
  const [graph, exchange] = await Promise.all([
    client.graphList(tenantId, '/v1.0/domains?$select=id,isVerified'),
    client.exchange(tenantId, 'Get-AcceptedDomain'),
  ]);
  return {
    graph: graph.ok ? { ok: true } : { ok: false, code: graph.code },
    exchange: exchange.ok ? { ok: true } : { ok: false, code: exchange.code },
  };
}

/** The consent link for the turn's tenant; `state` is opaque (Entra returns it unchanged). Pure. */
export function consentLink(tenant: TenantAccess, tenantId: string, state: string): string {
  return adminConsentUrl(tenant.access, tenantId, state);
}

export type LedgerRow =
  | { user: string; name: string; where: 'microsoft-365'; evidence: UserEvidence }
  | { user: string; name: string; where: 'unknown'; code: CloudFailureCode };

/** The moved users of a migration as the tenant shows them (one Graph read each, in parallel). Never throws. */
export async function tenantLedger(client: CloudClient, tenantId: string, migration: Pick<Migration, 'domain' | 'inputs'>): Promise<LedgerRow[]> {
  return Promise.all(migration.inputs.users.map(async (u): Promise<LedgerRow> => {
    const proof = await proveUser(client, tenantId, u.address, migration.domain);
    return proof.ok ? { user: u.address, name: u.name, where: 'microsoft-365', evidence: proof.evidence } : { user: u.address, name: u.name, where: 'unknown', code: proof.code };
  }));
}

export const TENANT_TEXT = {
  connectTitle: { de: 'Microsoft 365 verbinden (nur lesend)', en: 'Connect Microsoft 365 (read-only)' },
  connectBody: {
    de: 'Mit Ihrer Zustimmung liest coexist aus Ihrem Mandanten, was DNS nicht zeigen kann: Adressen, Alias und Postfach je Benutzer (/users), die Verifizierung der Domäne und den Domänentyp. Es schreibt nichts. Ein globaler Administrator öffnet den Link, prüft die Berechtigungen und stimmt zu; danach „Verbindung prüfen".',
    en: 'With your consent coexist reads from your tenant what DNS cannot show: addresses, alias and mailbox per user (/users), the domain\'s verification and its domain type. It writes nothing. A Global Administrator opens the link, reviews the permissions and consents; then "Check the connection".',
  },
  permissions: { de: 'Angefragte Anwendungsberechtigungen', en: 'Application permissions requested' },
  consentButton: { de: 'Zustimmung im Entra Admin Center erteilen', en: 'Grant consent in the Entra admin center' },
  checkButton: { de: 'Verbindung prüfen', en: 'Check the connection' },
  notConfigured: {
    de: 'Die Verbindung zu Microsoft 365 ist für diesen Bot nicht eingerichtet (COEXIST_TENANT_APP_ID fehlt). Alle Schritte funktionieren weiterhin mit Ihrer Bestätigung. Fragen Sie den Betreiber des Bots.',
    en: 'The connection to Microsoft 365 is not set up for this bot (COEXIST_TENANT_APP_ID is missing). Every step still works with your confirmation. Ask the bot\'s operator.',
  },
  notAdmin: { de: 'Nur ein in COEXIST_ADMINS eingetragener Administrator kann den Mandanten verbinden.', en: 'Only an administrator listed in COEXIST_ADMINS can connect the tenant.' },
  connected: { de: 'Verbunden ✓ – Microsoft Graph: {graph}; Exchange Online: {exchange}.', en: 'Connected ✓ — Microsoft Graph: {graph}; Exchange Online: {exchange}.' },
  notConnected: { de: 'Noch nicht verbunden – Microsoft Graph: {graph}; Exchange Online: {exchange}.', en: 'Not connected yet — Microsoft Graph: {graph}; Exchange Online: {exchange}.' },
  disconnected: {
    de: 'Getrennt: coexist hat die Verbindungsdaten dieses Mandanten gelöscht und liest nichts mehr. Um auch die Zustimmung zu entziehen, löschen Sie die App im Entra Admin Center unter „Unternehmensanwendungen".',
    en: 'Disconnected: coexist forgot this tenant\'s connection and reads nothing any more. To withdraw the consent too, delete the app in the Entra admin center under "Enterprise applications".',
  },
  ledgerTitle: { de: 'Benutzer von {domain}', en: 'Users of {domain}' },
  ledgerNone: { de: 'Für {domain} sind noch keine umziehenden Benutzer eingetragen.', en: 'No moving users are listed for {domain} yet.' },
  ledgerManual: { de: 'Ohne verbundenen Mandanten: laut Ihrer Bestätigung', en: 'Without a connected tenant: as you confirmed' },
  ledgerTenant: { de: 'Laut Microsoft 365 (Microsoft Graph)', en: 'As Microsoft 365 shows it (Microsoft Graph)' },
  noMigration: { de: 'Keine Migration gefunden: Starten Sie eine mit /migrate <domain> oder nennen Sie die Domäne: /users <domain>.', en: 'No migration found: start one with /migrate <domain>, or name the domain: /users <domain>.' },
} as const satisfies Record<string, Localized>;

export const ACCESS_STATE: Record<'ok' | CloudFailureCode, Localized> = {
  ok: { de: 'lesbar ✓', en: 'readable ✓' },
  'consent-missing': { de: 'Zustimmung oder Rolle fehlt', en: 'consent or role missing' },
  unauthorized: { de: 'Token abgelehnt', en: 'token refused' },
  'not-found': { de: 'nicht gefunden', en: 'not found' },
  throttled: { de: 'gedrosselt, später erneut', en: 'throttled, try later' },
  'invalid-credentials': { de: 'App-Zugangsdaten abgelehnt (Betreiber)', en: 'app credentials refused (operator)' },
  'tenant-not-found': { de: 'Mandant nicht gefunden', en: 'tenant not found' },
  network: { de: 'keine Verbindung', en: 'no connection' },
  'bad-response': { de: 'unerwartete Antwort', en: 'unexpected answer' },
};

export const FINDING_TEXT: Record<UserFinding, Localized> = {
  'primary-not-on-domain': { de: 'primäre Adresse nicht auf der Domäne', en: 'primary address not on the domain' },
  'primary-onmicrosoft': { de: 'sendet von onmicrosoft.com (max. 100 externe Empfänger/Tag)', en: 'sends from onmicrosoft.com (max. 100 external recipients a day)' },
  'alias-missing': { de: 'kein onmicrosoft-Alias (Weiterleitungsziel fehlt)', en: 'no onmicrosoft alias (no forwarding target)' },
  'no-exchange-license': { de: 'keine Exchange-Lizenz', en: 'no Exchange licence' },
  'mailbox-not-provisioned': { de: 'Postfach noch nicht bereit', en: 'mailbox not ready yet' },
};

/** One line per user for the ledger card. Pure. */
export function ledgerLines(rows: readonly LedgerRow[], locale: Locale): Array<{ user: string; state: string; good: boolean }> {
  return rows.map((r) => {
    if (r.where === 'unknown') return { user: r.user, state: ACCESS_STATE[r.code][locale], good: false };
    const e = r.evidence;
    const parts = [`${e.primary ?? '-'} · ${e.onmicrosoftAlias ?? '-'}`, ...e.findings.map((f) => FINDING_TEXT[f][locale])];
    return { user: r.user, state: `${e.findings.length === 0 ? '✓ ' : ''}${parts.join(' · ')}`, good: e.findings.length === 0 };
  });
}

/** Ledger lines without a tenant: the checklist of steps 4 and 5 as the admin ticked it. Pure. */
export function manualLedgerLines(migration: Pick<Migration, 'inputs' | 'steps'>, locale: Locale): Array<{ user: string; state: string; good: boolean }> {
  const checked = (step: 'user-addresses' | 'forwarding', address: string): boolean => migration.steps[step].checklist?.[address]?.done === true;
  return migration.inputs.users.map((u) => {
    const addresses = checked('user-addresses', u.address);
    const forwarding = checked('forwarding', u.address);
    const state = locale === 'de'
      ? `Adressen ${addresses ? '✓' : 'offen'} · Weiterleitung ${forwarding ? '✓' : 'offen'}`
      : `addresses ${addresses ? '✓' : 'open'} · forwarding ${forwarding ? '✓' : 'open'}`;
    return { user: u.address, state, good: addresses && forwarding };
  });
}
