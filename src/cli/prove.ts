import { UsageError, type CliCommand } from './command';
import { parseLangFlag, parseOneDomain, scanArgs } from './args';
import { parseTenantAccess } from '../config/tenant-access';
import { format, pickLocale, type Locale, type Localized } from '../i18n/locale';
import type { CloudClient, CloudFailure } from '../proofs/cloud-client';
import { setUpTenantAccess } from '../proofs/connect-tenant';
import { proveAcceptedDomain, proveDomain, proveUser, type UserFinding } from '../proofs/tenant-proofs';

const USAGE = `Usage: coexist prove <domain> --tenant TENANT [--user UPN]... [--lang en|de] [--json]

Reads, never writes, what DNS cannot show from the customer's Microsoft 365 tenant, with the read-only Entra app
configured in COEXIST_TENANT_APP_ID (and its secret or certificate; see docs/tenant-proofs.md):
  verify-domain    the domain is verified in Microsoft 365; the MS=ms value to publish; the tenant's MX host
  user-addresses   per --user: primary address on <domain>, alias on onmicrosoft.com, Exchange licence and mailbox
  internal-relay   the accepted domain's type (Exchange Online Admin API)

  --tenant TENANT  the tenant id (GUID) or one of its domains, e.g. meinefirma.onmicrosoft.com
  --user UPN       a user who moves (repeatable)
  --lang en|de     language of the advice (default from LANG)
  --json           print {"domain","tenant","proofs":[{"step","user"?,"status","evidence","advice"}]}

status: ok, wrong (the tenant shows it is not done), or error (could not check: consent missing, throttled, …).
Exit codes: 0 every proof ok, 1 any proof not ok, 2 usage error or no tenant access configured.
`;

type Status = 'ok' | 'wrong' | 'error';
interface ProofLine { step: string; user?: string; status: Status; evidence: unknown; advice: string }

const FAILURE: Record<CloudFailure['code'], Localized> = {
  'consent-missing': { en: 'Could not check: the app has no consent or permission in this tenant. An admin opens the consent link of /connect and grants the read-only permissions ({detail}).', de: 'Nicht prüfbar: Die App hat in diesem Mandanten keine Zustimmung oder Berechtigung. Ein Administrator öffnet den Zustimmungslink von /connect und erteilt die Leseberechtigungen ({detail}).' },
  unauthorized: { en: 'Could not check: the token was refused ({detail}).', de: 'Nicht prüfbar: Das Token wurde abgelehnt ({detail}).' },
  'not-found': { en: 'Could not check: not found in the tenant ({detail}).', de: 'Nicht prüfbar: im Mandanten nicht gefunden ({detail}).' },
  throttled: { en: 'Could not check: Microsoft 365 is throttling requests; try again in a few minutes.', de: 'Nicht prüfbar: Microsoft 365 drosselt die Anfragen; versuchen Sie es in einigen Minuten erneut.' },
  'invalid-credentials': { en: 'Could not check: the app\'s secret or certificate was refused; check COEXIST_TENANT_APP_SECRET / _CERTIFICATE.', de: 'Nicht prüfbar: Geheimnis oder Zertifikat der App wurde abgelehnt; prüfen Sie COEXIST_TENANT_APP_SECRET / _CERTIFICATE.' },
  'tenant-not-found': { en: 'Could not check: no such tenant ({detail}).', de: 'Nicht prüfbar: Diesen Mandanten gibt es nicht ({detail}).' },
  network: { en: 'Could not check: no connection to Microsoft 365 ({detail}).', de: 'Nicht prüfbar: keine Verbindung zu Microsoft 365 ({detail}).' },
  'bad-response': { en: 'Could not check: unexpected answer ({detail}).', de: 'Nicht prüfbar: unerwartete Antwort ({detail}).' },
};

const TEXT = {
  verified: { en: '{domain} is verified in Microsoft 365; inbound host {mx}.', de: '{domain} ist in Microsoft 365 verifiziert; eingehender Host {mx}.' },
  notVerified: { en: '{domain} is added but not verified: publish the TXT record {txt} at the provider, then select "Verify" in the Microsoft 365 admin center under Settings > Domains.', de: '{domain} ist hinzugefügt, aber nicht verifiziert: Veröffentlichen Sie beim Provider den TXT-Eintrag {txt} und wählen Sie dann im Microsoft 365 Admin Center unter „Einstellungen" > „Domänen" die Option „Überprüfen".' },
  notAdminManaged: { en: ' Warning: DNS management was handed to Microsoft 365 (name servers moved); mixed operation needs the provider\'s name servers.', de: ' Achtung: Die DNS-Verwaltung wurde an Microsoft 365 übergeben (Nameserver umgezogen); der Mischbetrieb braucht die Nameserver des Providers.' },
  userOk: { en: '{user}: primary {primary}, alias {alias} (the forwarding target of step 5), Exchange mailbox ready.', de: '{user}: primäre Adresse {primary}, Alias {alias} (das Weiterleitungsziel von Schritt 5), Exchange-Postfach bereit.' },
  relay: { en: '{domain} is an Internal Relay domain.', de: '{domain} ist eine „Interne Relaydomäne".' },
  authoritative: { en: '{domain} is still Authoritative: mail to colleagues at the provider bounces. In the Exchange admin center under Mail flow > Accepted domains choose "Internal relay" (Set-AcceptedDomain -Identity {domain} -DomainType InternalRelay).', de: '{domain} ist noch eine „Autoritative Domäne": E-Mails an Kollegen beim Provider kommen zurück. Wählen Sie im Exchange Admin Center unter „Nachrichtenfluss" > „Akzeptierte Domänen" die Option „Interne Relaydomäne" (Set-AcceptedDomain -Identity {domain} -DomainType InternalRelay).' },
  externalRelay: { en: '{domain} is External Relay; mixed operation needs "Internal relay".', de: '{domain} ist eine „Externe Relaydomäne"; der Mischbetrieb braucht „Interne Relaydomäne".' },
  notAccepted: { en: '{domain} is not an accepted domain of this tenant.', de: '{domain} ist keine akzeptierte Domäne dieses Mandanten.' },
  unknownType: { en: 'Could not check: the Exchange Online Admin API did not return the domain type; use coexist relay-probe {domain}.', de: 'Nicht prüfbar: Die Exchange Online Admin API hat den Domänentyp nicht geliefert; verwenden Sie coexist relay-probe {domain}.' },
} satisfies Record<string, Localized>;

const FINDING: Record<UserFinding, Localized> = {
  'primary-not-on-domain': { en: 'the primary address is not on {domain}: set it to the user\'s address on {domain} in the Microsoft 365 admin center (Users > Active users > Manage username and email)', de: 'die primäre Adresse liegt nicht auf {domain}: Legen Sie im Microsoft 365 Admin Center unter „Benutzer" > „Aktive Benutzer" > „Benutzername und E-Mail verwalten" die Adresse auf {domain} als primär fest' },
  'primary-onmicrosoft': { en: 'the user sends from the onmicrosoft.com address: Microsoft 365 allows only 100 external recipients a day from it (then 550 5.7.236); make the address on {domain} primary', de: 'der Benutzer sendet von der onmicrosoft.com-Adresse: Microsoft 365 erlaubt davon nur 100 externe Empfänger am Tag (danach 550 5.7.236); machen Sie die Adresse auf {domain} zur primären' },
  'alias-missing': { en: 'no alias on onmicrosoft.com: the provider has no address to forward to; add one as an alias', de: 'kein Alias auf onmicrosoft.com: Der Provider hat keine Adresse, an die er weiterleiten kann; fügen Sie einen als Alias hinzu' },
  'no-exchange-license': { en: 'no Exchange Online licence is assigned', de: 'keine Exchange Online-Lizenz zugewiesen' },
  'mailbox-not-provisioned': { en: 'the mailbox is not provisioned yet (this can take a few minutes after the licence)', de: 'das Postfach ist noch nicht bereitgestellt (das kann nach der Lizenzzuweisung einige Minuten dauern)' },
};

function failureLine(step: string, failure: CloudFailure, locale: Locale, user?: string): ProofLine {
  return { step, ...(user ? { user } : {}), status: 'error', evidence: { code: failure.code, ...(failure.status ? { status: failure.status } : {}), ...(failure.serviceCode ? { serviceCode: failure.serviceCode } : {}) }, advice: format(FAILURE[failure.code][locale], { detail: failure.serviceCode ?? failure.detail }) };
}

/** Runs every proof for one domain. Never throws. */
export async function runProofs(client: CloudClient, tenant: string, domain: string, users: readonly string[], locale: Locale): Promise<ProofLine[]> {
  const [domainProof, relayProof, ...userProofs] = await Promise.all([
    proveDomain(client, tenant, domain),
    proveAcceptedDomain(client, tenant, domain),
    ...users.map((u) => proveUser(client, tenant, u, domain)),
  ]);
  const lines: ProofLine[] = [];
  if (!domainProof!.ok) lines.push(failureLine('verify-domain', domainProof as CloudFailure, locale));
  else {
    const e = domainProof.evidence;
    const text = e.verified ? format(TEXT.verified[locale], { domain, mx: e.mailExchange ?? '-' }) : format(TEXT.notVerified[locale], { domain, txt: e.verificationTxt ?? 'MS=ms…' });
    lines.push({ step: 'verify-domain', status: e.verified && e.adminManaged ? 'ok' : 'wrong', evidence: e, advice: text + (e.adminManaged ? '' : TEXT.notAdminManaged[locale]) });
  }
  users.forEach((user, i) => {
    const proof = userProofs[i]!;
    if (!proof.ok) { lines.push(failureLine('user-addresses', proof, locale, user)); return; }
    const e = proof.evidence;
    const advice = e.findings.length === 0
      ? format(TEXT.userOk[locale], { user, primary: e.primary ?? '-', alias: e.onmicrosoftAlias ?? '-' })
      : `${user}: ${e.findings.map((f) => format(FINDING[f][locale], { domain })).join('; ')}.`;
    lines.push({ step: 'user-addresses', user, status: e.findings.length === 0 ? 'ok' : 'wrong', evidence: e, advice });
  });
  if (!relayProof!.ok) lines.push(failureLine('internal-relay', relayProof as CloudFailure, locale));
  else {
    const e = relayProof.evidence;
    if (e.known) {
      const text = e.domainType === 'InternalRelay' ? TEXT.relay : e.domainType === 'Authoritative' ? TEXT.authoritative : TEXT.externalRelay;
      lines.push({ step: 'internal-relay', status: e.domainType === 'InternalRelay' ? 'ok' : 'wrong', evidence: e, advice: format(text[locale], { domain }) });
    } else {
      lines.push({ step: 'internal-relay', status: e.reason === 'not-accepted' ? 'wrong' : 'error', evidence: e, advice: format((e.reason === 'not-accepted' ? TEXT.notAccepted : TEXT.unknownType)[locale], { domain }) });
    }
  }
  return lines;
}

/** `coexist prove`: the tenant proofs of steps 1, 4 and 6 for scripts and admins (read-only). */
export const proveCommand: CliCommand = {
  name: 'prove',
  summary: 'read steps 1, 4 and 6 from the Microsoft 365 tenant (read-only app access)',
  usage: USAGE,
  async run(argv, io) {
    let tenant: string | undefined;
    let lang: Locale | undefined;
    const users: string[] = [];
    const { positional, json } = scanArgs(argv, (flag, value) => {
      switch (flag) {
        case '--tenant': tenant = value().trim(); return true;
        case '--user': {
          const v = value().trim().toLowerCase();
          if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) throw new UsageError(`--user must be a user principal name such as max@meinefirma.de, not "${v}"`);
          users.push(v);
          return true;
        }
        case '--lang': lang = parseLangFlag(value()); return true;
        default: return false;
      }
    });
    const domain = parseOneDomain(positional);
    if (!tenant) throw new UsageError('missing --tenant (the tenant id or one of its domains)');
    const errors: string[] = [];
    const access = parseTenantAccess(io.env, process.cwd(), errors);
    if (errors.length > 0) throw new UsageError(errors[0]!);
    if (!access) throw new UsageError('no tenant access configured: set COEXIST_TENANT_APP_ID and its secret or certificate (docs/tenant-proofs.md)');
    const setup = setUpTenantAccess(access);
    if (!setup.ok) throw new UsageError(`${setup.file}: ${setup.detail}`);
    const locale = lang ?? pickLocale(io.env.LANG?.replace(/\..*$/, ''));
    const proofs = await runProofs(setup.client, tenant, domain, users, locale);
    if (json) io.stdout(`${JSON.stringify({ domain, tenant, proofs })}\n`);
    else {
      const mark: Record<Status, string> = { ok: 'OK', wrong: 'WRONG', error: 'ERROR' };
      io.stdout(`${[`coexist prove ${domain}  (tenant ${tenant})`, '', ...proofs.flatMap((p) => [`${p.step.padEnd(15)} ${mark[p.status].padEnd(6)} ${p.advice}`])].join('\n')}\n`);
    }
    return proofs.every((p) => p.status === 'ok') ? 0 : 1;
  },
};
