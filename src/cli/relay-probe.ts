import { UsageError, type CliCommand } from './command';
import { parseLangFlag, parseOneDomain, scanArgs } from './args';
import { format, pickLocale, type Locale, type Localized } from '../i18n/locale';
import { connectSmtp } from '../proofs/smtp-connection';
import { probeRelay, relayReplyText, type RelayProbeResult, type RelayUnknownReason, type SmtpConnection } from '../proofs/relay-probe';

const USAGE = `Usage: coexist relay-probe <domain> [--mx HOST[:PORT]] [--timeout MS] [--lang en|de] [--json]

Step 6 from outside: is <domain> an Internal Relay domain in Exchange Online? Connects to the tenant's MX host,
sends EHLO, MAIL FROM:<>, RCPT TO:<random-local-part@domain> with a fresh random local part that no mailbox has,
then QUIT. DATA is never sent: nothing is delivered or relayed.

  --mx HOST[:PORT]  the server to ask (default: <domain with dots as dashes>.mail.protection.outlook.com:25,
                    the form of domains added before July 2026; newer domains have a host under mx.microsoft:
                    copy it from the MX row in the Microsoft 365 admin center)
  --timeout MS      bounds the whole dialogue (default 15000)
  --lang en|de      language of the advice (default from LANG)
  --json            print {"domain","mx","domainType","reply","advice"}

domainType: "authoritative" when the RCPT reply is 550 with enhanced status 5.4.1 (Directory-Based Edge
Blocking refuses unknown recipients), "internal-relay" when it is 250 or 251, "unknown" for everything else
(4xx, another 5xx, a refused or dropped connection, a timeout, a rejection at connect, EHLO or MAIL).
Run it from a network that allows outbound port 25 (Azure App Service and most cloud hosts block it), and at
most once every few hours per domain: repeated probes of unknown recipients look like address harvesting.

Exit codes: 0 internal-relay, 1 authoritative or unknown, 2 usage error.
`;

const DEFAULT_TIMEOUT_MS = 15000;

export interface RelayProbeArgs {
  domain: string;
  host: string;
  port: number;
  timeoutMs: number;
  json: boolean;
  lang?: Locale;
}

/** The MX host Exchange Online gave domains added before July 2026: dots become dashes. Pure. */
export function derivedTenantMx(domain: string): string {
  return `${domain.replace(/\./g, '-')}.mail.protection.outlook.com`;
}

function parseMxFlag(value: string): { host: string; port: number } {
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/i.exec(value);
  const plain = /^([a-z0-9.-]+)(?::(\d+))?$/i.exec(value);
  const match = bracketed ?? plain;
  if (!match) throw new UsageError(`--mx must be HOST or HOST:PORT, not "${value}"`);
  const port = match[2] === undefined ? 25 : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--mx port must be 1 to 65535, not "${match[2]}"`);
  return { host: match[1]!.replace(/\.$/, ''), port };
}

/** Parses the arguments of `coexist relay-probe`. Pure; throws `UsageError` with one line for bad input. */
export function parseRelayProbeArgs(argv: readonly string[]): RelayProbeArgs {
  let mx: { host: string; port: number } | undefined;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let lang: Locale | undefined;
  const { positional, json } = scanArgs(argv, (flag, value) => {
    switch (flag) {
      case '--mx': mx = parseMxFlag(value()); return true;
      case '--timeout': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 120000) throw new UsageError(`--timeout must be a whole number of milliseconds from 1 to 120000, not "${v}"`);
        timeoutMs = Number(v);
        return true;
      }
      case '--lang': lang = parseLangFlag(value()); return true;
      default: return false;
    }
  });
  const domain = parseOneDomain(positional);
  const target = mx ?? { host: derivedTenantMx(domain), port: 25 };
  return { domain, ...target, timeoutMs, json, ...(lang ? { lang } : {}) };
}

type AdviceCode = 'authoritative' | 'internal-relay' | RelayUnknownReason;

const ADVICE: Record<AdviceCode, Localized> = {
  'internal-relay': {
    en: '{domain} accepts unknown recipients: the accepted domain is Internal Relay, so mail to colleagues who are still at the provider is passed on to it (step 6 done).',
    de: '{domain} nimmt unbekannte Empfänger an: Die akzeptierte Domäne ist eine „Interne Relaydomäne", E-Mails an Kollegen, die noch beim Provider sind, werden dorthin weitergeleitet (Schritt 6 erledigt).',
  },
  authoritative: {
    en: '{domain} refuses unknown recipients (550 5.4.1, Directory-Based Edge Blocking): the accepted domain is still Authoritative, so mail from Microsoft 365 users to colleagues at the provider bounces. In the Exchange admin center under Mail flow > Accepted domains set {domain} to "Internal relay", or run Set-AcceptedDomain -Identity {domain} -DomainType InternalRelay.',
    de: '{domain} lehnt unbekannte Empfänger ab (550 5.4.1, Directory-Based Edge Blocking): Die akzeptierte Domäne ist noch eine „Autoritative Domäne", daher kommen E-Mails von Microsoft-365-Benutzern an Kollegen beim Provider zurück. Stellen Sie im Exchange Admin Center unter „Nachrichtenfluss" > „Akzeptierte Domänen" {domain} auf „Interne Relaydomäne" um, oder führen Sie Set-AcceptedDomain -Identity {domain} -DomainType InternalRelay aus.',
  },
  'rcpt-temporary': {
    en: 'Could not tell: {mx} answered the recipient with a temporary refusal ({reply}), e.g. greylisting or throttling of a new sender. Try again in a few hours.',
    de: 'Nicht feststellbar: {mx} hat den Empfänger vorläufig abgelehnt ({reply}), z. B. Greylisting oder eine Drosselung neuer Absender. Versuchen Sie es in einigen Stunden erneut.',
  },
  'rcpt-other': {
    en: 'Could not tell: {mx} answered the recipient with {reply}, which is neither acceptance nor the 550 5.4.1 of Directory-Based Edge Blocking. Check that {domain} is an accepted domain of the tenant and that this network\'s address is not on a block list.',
    de: 'Nicht feststellbar: {mx} hat den Empfänger mit {reply} beantwortet, also weder angenommen noch mit dem 550 5.4.1 des Directory-Based Edge Blocking abgelehnt. Prüfen Sie, ob {domain} eine akzeptierte Domäne des Mandanten ist und ob die Adresse dieses Netzes auf einer Sperrliste steht.',
  },
  rejected: {
    en: 'Could not tell: {mx} refused the dialogue before the recipient ({reply}). This network\'s address may be blocked; try from another network.',
    de: 'Nicht feststellbar: {mx} hat das Gespräch schon vor dem Empfänger abgelehnt ({reply}). Die Adresse dieses Netzes ist möglicherweise gesperrt; versuchen Sie es aus einem anderen Netz.',
  },
  'connect-failed': {
    en: 'Could not tell: no connection to {mx} ({detail}). Outbound port 25 is blocked on many networks and cloud hosts; run the probe from a network that allows it, and check the host with --mx (the MX value in the Microsoft 365 admin center).',
    de: 'Nicht feststellbar: keine Verbindung zu {mx} ({detail}). Ausgehender Port 25 ist in vielen Netzen und bei Cloud-Hostern gesperrt; starten Sie die Prüfung aus einem Netz, das ihn erlaubt, und prüfen Sie den Host mit --mx (der MX-Wert im Microsoft 365 Admin Center).',
  },
  timeout: {
    en: 'Could not tell: {mx} did not finish the dialogue in time ({detail}). Outbound port 25 may be filtered; try again from another network or with a longer --timeout.',
    de: 'Nicht feststellbar: {mx} hat das Gespräch nicht rechtzeitig beendet ({detail}). Ausgehender Port 25 wird möglicherweise gefiltert; versuchen Sie es aus einem anderen Netz oder mit einem längeren --timeout.',
  },
  closed: {
    en: 'Could not tell: {mx} closed the connection during the dialogue ({detail}). Try again later.',
    de: 'Nicht feststellbar: {mx} hat die Verbindung während des Gesprächs getrennt ({detail}). Versuchen Sie es später erneut.',
  },
  'malformed-reply': {
    en: 'Could not tell: {mx} sent something that is not an SMTP reply ("{detail}"). Is it a mail server?',
    de: 'Nicht feststellbar: {mx} hat etwas gesendet, das keine SMTP-Antwort ist („{detail}"). Ist das ein Mailserver?',
  },
};

/** The advice for a result in one language. Pure. */
export function relayAdvice(result: RelayProbeResult, domain: string, mx: string, locale: Locale): string {
  const code: AdviceCode = result.domainType === 'unknown' ? result.reason : result.domainType;
  const reply = relayReplyText(result);
  const detail = result.domainType === 'unknown' ? result.detail ?? reply : reply;
  return format(ADVICE[code][locale], { domain, mx, reply: reply || '-', detail: detail || '-' });
}

/** `coexist relay-probe`: the SMTP edge-blocking probe of step 6 (read-only: DATA is never sent). */
export function createRelayProbeCommand(connect: (host: string, port: number) => SmtpConnection = connectSmtp): CliCommand {
  return {
    name: 'relay-probe',
    summary: 'ask the tenant\'s MX over SMTP whether the domain is Internal Relay (step 6; never sends mail)',
    usage: USAGE,
    async run(argv, io) {
      const args = parseRelayProbeArgs(argv);
      const locale = args.lang ?? pickLocale(io.env.LANG?.replace(/\..*$/, ''));
      const mx = args.host.includes(':') ? `[${args.host}]:${args.port}` : `${args.host}:${args.port}`;
      const result = await probeRelay({ domain: args.domain, host: args.host, port: args.port, timeoutMs: args.timeoutMs, connect });
      const advice = relayAdvice(result, args.domain, mx, locale);
      const reply = relayReplyText(result);
      if (args.json) {
        io.stdout(`${JSON.stringify({ domain: args.domain, mx, domainType: result.domainType, reply, advice })}\n`);
      } else {
        const label: Record<RelayProbeResult['domainType'], Localized> = {
          authoritative: { en: 'Authoritative', de: 'Autoritative Domäne' },
          'internal-relay': { en: 'Internal Relay', de: 'Interne Relaydomäne' },
          unknown: { en: 'unknown', de: 'unbekannt' },
        };
        const lines = [
          `coexist relay-probe ${args.domain}  (${mx}, RCPT TO:<${result.recipient}>)`,
          '',
          `${locale === 'de' ? 'Domänentyp' : 'domain type'}: ${label[result.domainType][locale]}`,
          ...(reply ? [`${locale === 'de' ? 'Antwort' : 'reply'}: ${reply}`] : []),
          advice,
        ];
        io.stdout(`${lines.join('\n')}\n`);
      }
      return result.domainType === 'internal-relay' ? 0 : 1;
    },
  };
}

export const relayProbeCommand: CliCommand = createRelayProbeCommand();
