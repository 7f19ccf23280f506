import type { DiagnosisEntry, DiagnosisId } from './types';

/*
 * The helpdesk's closed set of diagnoses, as data. Matching weights follow one scale:
 *   10  an enhanced status code that names the cause (RFC 3463), 8 a literal NDR text,
 *    5  a term that names the cause by itself (dmarc, autodiscover, mail loop),
 *  1-3  symptom words that only count together.
 * The matcher answers `unknown` below MIN_SCORE (match.ts), so a single weak word never yields a diagnosis.
 * Admin-center paths are those of the current Microsoft 365 / Exchange / Defender portals.
 */

const OLD_PROVIDER = ['strato', 'ionos', '1und1', '1&1', 'provider*', 'anbieter*', 'hoster', 'alten server', 'old server'];
const FAILURE = ['nicht', 'not', 'cant', 'cannot', 'fails', 'failed', 'failing', 'klappt nicht', 'geht nicht',
  'funktioniert nicht', 'fehler', 'error', 'wont', 'keeps', 'bricht ab', 'schlägt fehl', 'fehlgeschlagen', 'went wrong'];

export const DIAGNOSES: readonly DiagnosisEntry[] = [
  {
    id: 'bounce-internal-relay',
    title: {
      de: 'Mails an Kollegen beim alten Provider kommen zurück',
      en: 'Mail to colleagues still at the provider bounces',
    },
    phrasings: {
      de: ['Warum kommen Mails an Kollegen zurück?', 'Unzustellbar: Empfänger nicht gefunden'],
      en: ['Why do mails to colleagues bounce?', 'Undeliverable: recipient not found'],
    },
    signals: [
      { terms: ['recipient not found', 'empfänger nicht gefunden', 'empfänger unbekannt', 'unknown recipient',
        'user unknown', 'recipient unknown', 'wasnt found', 'was not found'], weight: 3 },
      { terms: ['doesnt exist', 'does not exist', 'existiert nicht', 'gibt es nicht', 'not found', 'nicht gefunden'], weight: 1.5 },
      { terms: ['bounce*', 'zurück', 'unzustellbar*', 'undeliverable', 'ndr', 'come back', 'comes back', 'nicht zugestellt',
        'not delivered', 'couldnt be delivered', 'unzustellbarkeit*'], weight: 2 },
      { terms: ['kolleg*', 'colleague*', 'collegue*', 'coworker*', 'co-worker*', 'mitarbeiter*', 'staff', 'intern', 'interne*',
        'internal'], weight: 2 },
      { terms: [...OLD_PROVIDER, 'alten', 'alte', 'old', 'noch bei', 'still at', 'still on', 'not migrated',
        'nicht migriert', 'hasnt been migrated', 'not been migrated', 'not yet migrated', 'noch nicht umgezogen'], weight: 1.5 },
      { terms: ['internal relay', 'interne relaydomäne', 'internes relay', 'authoritative', 'autoritativ*'], weight: 2 },
    ],
    ndr: [
      { code: '5.1.10', weight: 10 },
      { text: 'RecipientNotFound', weight: 8 },
      { text: 'Recipient not found by SMTP address lookup', weight: 8 },
    ],
    ndrExamples: ["550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"],
    cause: {
      de: 'Microsoft 365 hält sich für den einzigen Mailserver der Domäne: Solange die Domäne dort als „Autoritativ“ eingetragen ist, sucht Exchange Online jeden Empfänger nur in den eigenen Postfächern. Kollegen, deren Postfach noch beim Provider liegt, gibt es dort nicht, also kommt die Mail mit 5.1.10 zurück, statt über den MX zum Provider zu gehen.',
      en: 'Microsoft 365 believes it is the only mail server of the domain: while the domain is "Authoritative" there, Exchange Online looks for every recipient in its own mailboxes only. Colleagues whose mailbox is still at the provider do not exist there, so the mail bounces with 5.1.10 instead of going to the provider through the MX.',
    },
    checks: ['mx'],
    fix: {
      steps: {
        de: [
          'Exchange Admin Center öffnen (admin.exchange.microsoft.com).',
          'Nachrichtenfluss > Akzeptierte Domänen > {domain} auswählen.',
          'Domänentyp von „Autoritativ“ auf „Internes Relay“ stellen und speichern.',
          'Fragt Exchange beim Speichern nach einem ausgehenden Connector: Schritt „Ausgehender Connector“ (Partner, opportunistisches TLS, Zustellung über MX).',
          'Der MX muss weiter auf den Provider zeigen, damit Mails an nicht umgezogene Postfächer dort ankommen.',
        ],
        en: [
          'Open the Exchange admin center (admin.exchange.microsoft.com).',
          'Mail flow > Accepted domains > select {domain}.',
          'Change the domain type from "Authoritative" to "Internal relay" and save.',
          'If saving asks for an outbound connector: see the "outbound connector" step (Partner, opportunistic TLS, deliver via MX).',
          'The MX must keep pointing to the provider, so mail for mailboxes that have not moved still arrives there.',
        ],
      },
      adminPath: {
        de: 'Exchange Admin Center > Nachrichtenfluss > Akzeptierte Domänen > {domain} > Internes Relay',
        en: 'Exchange admin center > Mail flow > Accepted domains > {domain} > Internal relay',
      },
      powershell: [
        'Get-AcceptedDomain -Identity {domain} | Format-List DomainName,DomainType',
        'Set-AcceptedDomain -Identity {domain} -DomainType InternalRelay',
      ],
    },
    stepId: 'internal-relay',
  },
  {
    id: 'forwarding-missing',
    title: {
      de: 'Mails an umgezogene Benutzer kommen in Microsoft 365 nicht an',
      en: 'Mail to migrated users never reaches Microsoft 365',
    },
    phrasings: {
      de: ['Umgezogene Kollegen bekommen keine Mails im neuen Postfach', 'Mails landen noch im alten Postfach'],
      en: ['Migrated users receive no mail in Microsoft 365', 'Mail still ends up in the old mailbox'],
    },
    signals: [
      { terms: ['migriert*', 'umgezogen*', 'umgestellt*', 'moved', 'migrated', 'neue* postfach', 'new mailbox',
        'new inbox', 'neue* mailbox'], weight: 1.5 },
      { terms: ['bekommt keine', 'bekommen keine', 'kriegen keine', 'kriegt keine', 'keine mails', 'keine e-mails',
        'keine post', 'empfängt nichts', 'empfangen nichts', 'nix kommt an', 'nichts kommt an', 'kommen nicht an',
        'kommt nicht an', 'keine eingehenden', 'not receiving', 'not receive', 'receives nothing', 'recieves nothing',
        'receive nothing', 'never arrive*', 'not arrive', 'does not arrive', 'doesnt arrive', 'stays empty', 'is empty',
        'bleibt leer', 'dont get', 'do not get', 'get no', 'nothing arrives', 'no mail', 'no email', 'nobody* reaches'],
      weight: 2.5 },
      { terms: ['eingehend*', 'incoming', 'posteingang', 'inbox', 'empfang*', 'empfäng*', 'receiv*', 'reciev*'], weight: 1 },
      { terms: ['weiterleit*', 'forwarding', 'forward', 'forwards'], weight: 1.5 },
      { terms: ['onmicrosoft*', 'alias'], weight: 2 },
      { terms: ['altes postfach', 'alten postfach', 'alte postfach', 'old mailbox', 'provider mailbox', 'instead of', 'statt',
        'stays at', 'still at', 'bleibt beim', 'bleiben beim', 'landen noch', 'still ends up', 'nur im alten',
        'only in the old'], weight: 1.5 },
      { terms: OLD_PROVIDER, weight: 1 },
    ],
    ndr: [],
    ndrExamples: [],
    cause: {
      de: 'Der MX zeigt weiter auf den Provider, also kommt jede Mail zuerst dort an. Ohne eine Weiterleitung beim Provider an die Adresse name@<tenant>.onmicrosoft.com bleibt sie im alten Postfach und erreicht das Microsoft-365-Postfach nie (Schritt 5). Fehlt der onmicrosoft-Alias am Benutzer, läuft die Weiterleitung ins Leere (Schritt 4).',
      en: 'The MX still points to the provider, so every mail arrives there first. Without a forwarding at the provider to name@<tenant>.onmicrosoft.com it stays in the old mailbox and never reaches the Microsoft 365 mailbox (step 5). Without the onmicrosoft alias on the user, the forwarding goes nowhere (step 4).',
    },
    checks: ['mx'],
    fix: {
      steps: {
        de: [
          'Im Kundencenter des Providers für jeden umgezogenen Benutzer eine Weiterleitung einrichten: max.muster@{domain} → max.muster@<tenant>.onmicrosoft.com.',
          'Keine Kopie im alten Postfach behalten, sonst lesen Benutzer an zwei Orten.',
          'Im Microsoft 365 Admin Center prüfen, dass der Benutzer die onmicrosoft-Adresse als Alias hat.',
          'Testmail von extern an den Benutzer schicken und die Nachrichtenablaufverfolgung ansehen.',
        ],
        en: [
          'In the provider\'s customer center, add a forwarding for every migrated user: max.muster@{domain} → max.muster@<tenant>.onmicrosoft.com.',
          'Do not keep a copy in the old mailbox, or users read mail in two places.',
          'In the Microsoft 365 admin center, check that the user has the onmicrosoft address as an alias.',
          'Send a test mail from outside and look at the message trace.',
        ],
      },
      adminPath: {
        de: 'Microsoft 365 Admin Center > Benutzer > Aktive Benutzer > Benutzer > Konto > Benutzernamen und E-Mail verwalten; Exchange Admin Center > Nachrichtenfluss > Nachrichtenablaufverfolgung',
        en: 'Microsoft 365 admin center > Users > Active users > user > Account > Manage username and email; Exchange admin center > Mail flow > Message trace',
      },
      powershell: [
        'Get-Mailbox -Identity max.muster@{domain} | Select-Object -ExpandProperty EmailAddresses',
        'Set-Mailbox -Identity max.muster@{domain} -EmailAddresses @{Add="smtp:max.muster@<tenant>.onmicrosoft.com"}',
        'Get-MessageTraceV2 -RecipientAddress max.muster@{domain} -StartDate (Get-Date).AddDays(-2) -EndDate (Get-Date)',
      ],
    },
    stepId: 'forwarding',
  },
  {
    id: 'spf-fail',
    title: {
      de: 'Empfänger lehnen Mails aus Microsoft 365 ab oder sortieren sie als Spam aus (SPF)',
      en: 'Receivers reject or junk mail sent from Microsoft 365 (SPF)',
    },
    phrasings: {
      de: ['Unsere Mails landen bei Kunden im Spam', '550 5.7.23 SPF-Verstoß'],
      en: ['Our mail goes to spam at customers', '550 5.7.23 Sender Policy Framework violation'],
    },
    signals: [
      { terms: ['spf*', 'sender policy framework', 'softfail', 'not authorized', 'nicht autorisiert', 'nicht berechtigt',
        'unauthorized sender'], weight: 4 },
      { terms: ['spam*', 'junk*', 'werbung'], weight: 1.5 },
      { terms: ['kunde*', 'customer*', 'empfänger*', 'recipient*', 'receiver*', 'reciever*', 'gmail', 'web.de', 'gmx',
        'hotmail', 'yahoo', 't-online', 'external*', 'extern', 'externe*'], weight: 1.5 },
      { terms: ['ausgehend*', 'outgoing', 'sent from', 'send from', 'sending from', 'versend*', 'versand', 'aus office 365',
        'aus microsoft 365', 'aus outlook 365', 'from office 365', 'from microsoft 365', 'from exchange online',
        'über microsoft 365', 'über office 365', 'unsere mails', 'our mail', 'our mails', 'our emails', 'our email'], weight: 1.5 },
      { terms: ['reject*', 'ablehn*', 'lehnt', 'lehnen', 'abgewiesen', 'abgewisen', 'abgelehnt', 'abweis*'], weight: 1 },
    ],
    ndr: [
      { code: '5.7.23', weight: 10 },
      { code: '5.7.27', weight: 6 },
      { text: 'Sender Policy Framework violation', weight: 8 },
      { text: 'spf=fail', weight: 6 },
    ],
    ndrExamples: ['550 5.7.23 The message was rejected because of Sender Policy Framework violation'],
    cause: {
      de: 'Der SPF-Eintrag der Domäne erlaubt Microsoft 365 nicht als Absender. Mails, die über Exchange Online verschickt werden, fallen deshalb bei der SPF-Prüfung des Empfängers durch und landen im Spam oder werden abgewiesen.',
      en: 'The domain\'s SPF record does not authorize Microsoft 365 as a sender. Mail sent through Exchange Online therefore fails the receiver\'s SPF check and is junked or rejected.',
    },
    checks: ['spf'],
    fix: {
      steps: {
        de: [
          'Beim Provider die DNS-Einstellungen von {domain} öffnen.',
          'Den einen TXT-Eintrag mit v=spf1 behalten (nie einen zweiten anlegen) und direkt nach v=spf1 include:spf.protection.outlook.com einfügen.',
          'Den Provider weiter erlauben, z. B. v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ~all.',
          'Höchstens 10 DNS-Lookups; ohne bisherigen Eintrag: v=spf1 a mx include:spf.protection.outlook.com ~all.',
        ],
        en: [
          'Open the DNS settings of {domain} at the provider.',
          'Keep the one TXT record that starts with v=spf1 (never add a second one) and insert include:spf.protection.outlook.com right after v=spf1.',
          'Keep the provider authorized, e.g. v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ~all.',
          'At most 10 DNS lookups; without an existing record: v=spf1 a mx include:spf.protection.outlook.com ~all.',
        ],
      },
      adminPath: {
        de: 'DNS-Verwaltung beim Provider > {domain} > TXT-Eintrag; Microsoft 365 Admin Center > Einstellungen > Domänen > {domain} > DNS-Einträge',
        en: 'DNS management at the provider > {domain} > TXT record; Microsoft 365 admin center > Settings > Domains > {domain} > DNS records',
      },
      powershell: ['Resolve-DnsName -Name {domain} -Type TXT | Where-Object Strings -Match "v=spf1"'],
    },
    stepId: 'spf',
  },
  {
    id: 'autodiscover',
    title: {
      de: 'Outlook findet das Konto nicht (Autodiscover)',
      en: 'Outlook cannot find or set up the account (Autodiscover)',
    },
    phrasings: {
      de: ['Outlook findet das Konto nicht', 'Kontoeinrichtung in Outlook schlägt fehl'],
      en: ['Outlook cannot find my account', 'Outlook setup fails'],
    },
    signals: [
      { terms: ['autodiscover*', 'auto discover', 'autoermittlung', 'auto-ermittlung'], weight: 5 },
      { terms: ['outlook'], weight: 1.5 },
      { terms: ['einricht*', 'einrichtung', 'setup', 'set up', 'configure*', 'konfigur*', 'hinzufüg*', 'add', 'adding',
        'profil*', 'profile', 'konto*', 'account*', 'kontoeinrichtung'], weight: 1.5 },
      { terms: ['findet', 'find', 'finden', 'server settings', 'servereinstellungen', 'imap server', 'fehler aufgetreten',
        'kennwortabfrage', 'asks for password', 'passiert nichts', 'nothing happens', 'automatisch*', 'automatic*',
        'exchange server'], weight: 1.5 },
      { terms: FAILURE, weight: 1 },
    ],
    ndr: [],
    ndrExamples: [],
    cause: {
      de: 'Outlook sucht die Servereinstellungen über autodiscover.<Domäne>. Zeigt dieser Name nicht per CNAME auf autodiscover.outlook.com, findet Outlook das Exchange-Online-Postfach nicht und fragt nach IMAP/POP oder bricht ab.',
      en: 'Outlook looks up its server settings through autodiscover.<domain>. Unless that name is a CNAME to autodiscover.outlook.com, Outlook cannot find the Exchange Online mailbox and asks for IMAP/POP settings or gives up.',
    },
    checks: ['autodiscover'],
    fix: {
      steps: {
        de: [
          'Beim Provider für {domain} einen CNAME anlegen: autodiscover.{domain} → autodiscover.outlook.com.',
          'Lässt der Provider das nicht zu: eine Subdomäne autodiscover.{domain} anlegen und dort den CNAME setzen.',
          'Nach Ablauf der TTL mit dem Microsoft Remote Connectivity Analyzer (testconnectivity.microsoft.com) „Outlook Autodiscover“ testen.',
          'Outlook-Profil neu anlegen.',
        ],
        en: [
          'At the provider, add a CNAME for {domain}: autodiscover.{domain} → autodiscover.outlook.com.',
          'If the provider does not allow that: create a subdomain autodiscover.{domain} and set the CNAME there.',
          'Once the TTL has run out, test "Outlook Autodiscover" in the Microsoft Remote Connectivity Analyzer (testconnectivity.microsoft.com).',
          'Create the Outlook profile again.',
        ],
      },
      adminPath: {
        de: 'DNS-Verwaltung beim Provider > {domain} > CNAME autodiscover; Microsoft 365 Admin Center > Einstellungen > Domänen > {domain} > DNS-Einträge',
        en: 'DNS management at the provider > {domain} > CNAME autodiscover; Microsoft 365 admin center > Settings > Domains > {domain} > DNS records',
      },
      powershell: ['Resolve-DnsName -Name autodiscover.{domain} -Type CNAME'],
    },
    stepId: 'autodiscover',
  },
  {
    id: 'verify-failed',
    title: {
      de: 'Microsoft 365 verifiziert die Domäne nicht',
      en: 'Microsoft 365 does not verify the domain',
    },
    phrasings: {
      de: ['Die Domäne lässt sich nicht verifizieren', 'TXT-Eintrag wurde nicht gefunden'],
      en: ['Microsoft 365 won\'t verify our domain', 'We couldn\'t find the record'],
    },
    signals: [
      { terms: ['verifi*', 'verify*', 'überprüf*', 'bestätig*', 'unverified', 'validier*'], weight: 3 },
      { terms: ['domain*', 'domäne*', 'domän*'], weight: 1.5 },
      { terms: ['txt', 'ms=ms*', 'record', 'eintrag', 'txt-eintrag'], weight: 1.5 },
      { terms: ['admin center', 'admin-center', 'hinzufügen der domäne', 'add domain'], weight: 1 },
      { terms: FAILURE, weight: 1 },
    ],
    ndr: [],
    ndrExamples: [],
    cause: {
      de: 'Microsoft 365 verifiziert die Domäne erst, wenn es den TXT-Eintrag MS=ms… auf der Hauptdomäne (nicht auf www oder einer Subdomäne) über das öffentliche DNS sieht. Häufig: Tippfehler im Wert, Eintrag beim falschen Host, oder die TTL des alten Zustands ist noch nicht abgelaufen.',
      en: 'Microsoft 365 verifies the domain only once public DNS shows the TXT record MS=ms… on the apex (not on www or a subdomain). Common causes: a typo in the value, the record on the wrong host, or the TTL of the old answer has not run out yet.',
    },
    checks: ['verify-domain'],
    fix: {
      steps: {
        de: [
          'Microsoft 365 Admin Center > Einstellungen > Domänen > {domain}: den angezeigten TXT-Wert MS=ms… kopieren.',
          'Beim Provider einen TXT-Eintrag auf der Hauptdomäne {domain} (Host leer bzw. @) mit genau diesem Wert anlegen.',
          'Die TTL abwarten, dann im Admin Center „Überprüfen“ wählen.',
        ],
        en: [
          'Microsoft 365 admin center > Settings > Domains > {domain}: copy the TXT value MS=ms… shown there.',
          'At the provider, add a TXT record on the apex {domain} (host empty or @) with exactly this value.',
          'Wait for the TTL, then choose "Verify" in the admin center.',
        ],
      },
      adminPath: {
        de: 'Microsoft 365 Admin Center > Einstellungen > Domänen > {domain} > Überprüfen',
        en: 'Microsoft 365 admin center > Settings > Domains > {domain} > Verify',
      },
      powershell: [
        'Get-MgDomainVerificationDnsRecord -DomainId {domain} | Where-Object RecordType -eq "Txt"',
        'Confirm-MgDomain -DomainId {domain}',
      ],
    },
    stepId: 'verify-domain',
  },
  {
    id: 'junk-forwarded',
    title: {
      de: 'Vom Provider weitergeleitete Mails landen im Junk-Ordner',
      en: 'Mail forwarded by the provider lands in Junk',
    },
    phrasings: {
      de: ['Weitergeleitete Mails landen im Junk', 'Weiterleitung vom Provider wird als Spam markiert'],
      en: ['Forwarded mail lands in junk', 'Mail forwarded from the provider is marked as spam'],
    },
    signals: [
      { terms: ['junk*', 'spam*', 'quarantin*', 'quarantäne', 'werbung'], weight: 2.5 },
      { terms: ['weitergeleitet*', 'weiterleit*', 'forward*'], weight: 2 },
      { terms: [...OLD_PROVIDER, 'old mailbox', 'alten postfach'], weight: 1 },
      { terms: ['defender', 'connection filter', 'verbindungsfilter', 'enhanced filtering', 'erweiterte filterung'], weight: 1.5 },
      { terms: ['legit*', 'normal*', 'harmlos*', 'false positive', 'echte'], weight: 1 },
    ],
    ndr: [],
    ndrExamples: [],
    cause: {
      de: 'Exchange Online sieht weitergeleitete Mails vom Server des Providers, nicht vom ursprünglichen Absender. SPF, DKIM und DMARC des Absenders passen dann nicht, und der Spamfilter stuft die Mails als verdächtig ein.',
      en: 'Exchange Online sees forwarded mail coming from the provider\'s server, not from the original sender. The sender\'s SPF, DKIM and DMARC then do not match, and the spam filter rates the mail as suspicious.',
    },
    checks: ['mx'],
    fix: {
      steps: {
        de: [
          'Die ausgehenden IP-Adressen des Providers erfragen (Weiterleitungsserver).',
          'Microsoft Defender Portal > E-Mail & Zusammenarbeit > Richtlinien & Regeln > Bedrohungsrichtlinien > Antispam > Verbindungsfilterrichtlinie (Standard): die IPs in die IP-Zulassungsliste eintragen.',
          'Besser, wenn ein Eingangsconnector für den Provider existiert: Erweiterte Filterung für Connectors einschalten, damit Exchange die IP vor dem Provider bewertet.',
        ],
        en: [
          'Ask the provider for its outbound (forwarding) IP addresses.',
          'Microsoft Defender portal > Email & collaboration > Policies & rules > Threat policies > Anti-spam > Connection filter policy (Default): add the IPs to the IP Allow List.',
          'Better, when an inbound connector for the provider exists: turn on Enhanced Filtering for Connectors, so Exchange rates the IP before the provider.',
        ],
      },
      adminPath: {
        de: 'Microsoft Defender Portal > E-Mail & Zusammenarbeit > Richtlinien & Regeln > Bedrohungsrichtlinien > Antispam > Verbindungsfilterrichtlinie; Bedrohungsrichtlinien > Erweiterte Filterung',
        en: 'Microsoft Defender portal > Email & collaboration > Policies & rules > Threat policies > Anti-spam > Connection filter policy; Threat policies > Enhanced filtering',
      },
      powershell: [
        'Set-HostedConnectionFilterPolicy -Identity Default -IPAllowList @{Add="<provider IP>"}',
        'Set-InboundConnector -Identity "<provider connector>" -EFSkipLastIP $true',
      ],
    },
    stepId: 'forwarding',
  },
  {
    id: 'direct-send-blocked',
    title: {
      de: 'Exchange Online weist vom Provider weitergeleitete Mails ab (Direct Send)',
      en: 'Exchange Online rejects mail relayed by the provider (Direct Send)',
    },
    phrasings: {
      de: ['550 5.7.68 Direct Send nicht erlaubt', 'Brauchen wir einen Eingangsconnector für den Provider?'],
      en: ['550 5.7.68 Direct Send not allowed', 'Do we need an inbound connector for the provider?'],
    },
    signals: [
      { terms: ['direct send', 'directsend', 'rejectdirectsend', 'tenantinboundattribution', 'direktversand'], weight: 5 },
      { terms: ['inbound connector', 'eingangsconnector*', 'eingehende* connector*', 'inbound-connector',
        'eingangskonnektor*'], weight: 4 },
      { terms: ['connector*', 'konnektor*'], weight: 2 },
      { terms: ['reject*', 'abgelehnt', 'ablehn*', 'lehnt', 'zurückweis*', 'zurückgewiesen', 'abgewiesen', 'blocked',
        'blockiert*'], weight: 1.5 },
      { terms: OLD_PROVIDER, weight: 1 },
      { terms: ['relay*', 'weiterleit*', 'weitergeleitet*', 'forward*', 'zustell*'], weight: 1 },
      { terms: ['ips', 'ip addresses', 'ip-adressen', 'ip-adresse', 'ip'], weight: 1.5 },
    ],
    ndr: [
      { code: '5.7.68', weight: 10 },
      { text: 'TenantInboundAttribution', weight: 8 },
      { text: 'Direct Send not allowed', weight: 8 },
      { text: 'RejectDirectSend', weight: 8 },
    ],
    ndrExamples: ['550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources'],
    cause: {
      de: 'Mit „RejectDirectSend“ nimmt Exchange Online Mails mit Absendern aus der eigenen Domäne nur noch über einen Connector an. Der Provider leitet aber Mails von {domain} weiter, ohne dass Exchange ihn als Partner kennt, und wird mit 5.7.68 abgewiesen.',
      en: 'With "RejectDirectSend", Exchange Online accepts mail from senders in its own domains only through a connector. The provider relays mail from {domain} without Exchange knowing it as a partner, so it is rejected with 5.7.68.',
    },
    checks: ['mx', 'spf'],
    fix: {
      steps: {
        de: [
          'Die ausgehenden IP-Adressen des Providers erfragen.',
          'Exchange Admin Center > Nachrichtenfluss > Connectors > Connector hinzufügen: von „Partnerorganisation“ an „Office 365“.',
          'Den Partner an den IP-Adressen des Providers erkennen, speichern.',
          'Nur übergangsweise: RejectDirectSend wieder ausschalten.',
        ],
        en: [
          'Ask the provider for its outbound IP addresses.',
          'Exchange admin center > Mail flow > Connectors > Add a connector: from "Partner organization" to "Office 365".',
          'Identify the partner by the provider\'s IP addresses, save.',
          'Only as a stopgap: turn RejectDirectSend off again.',
        ],
      },
      adminPath: {
        de: 'Exchange Admin Center > Nachrichtenfluss > Connectors > Connector hinzufügen (Partnerorganisation → Office 365)',
        en: 'Exchange admin center > Mail flow > Connectors > Add a connector (Partner organization → Office 365)',
      },
      powershell: [
        'New-InboundConnector -Name "Provider relay" -ConnectorType Partner -SenderDomains * -SenderIPAddresses <provider IPs> -RestrictDomainsToIPAddresses $true',
        'Get-OrganizationConfig | Format-List RejectDirectSend',
      ],
    },
    stepId: 'forwarding',
  },
  {
    id: 'dmarc-fail',
    title: {
      de: 'Empfänger weisen Mails wegen DMARC ab (5.7.509)',
      en: 'Receivers reject mail for DMARC (5.7.509)',
    },
    phrasings: {
      de: ['Mails werden wegen DMARC abgewiesen', '550 5.7.509 Access denied'],
      en: ['Mail rejected for DMARC failure', '550 5.7.509 Access denied'],
    },
    signals: [
      { terms: ['dmarc*'], weight: 5 },
      { terms: ['alignment', 'p=reject', 'policy of reject', 'richtlinie reject', 'ausrichtung'], weight: 1.5 },
      { terms: ['dkim*'], weight: 2 },
    ],
    ndr: [
      { code: '5.7.509', weight: 10 },
      { code: '5.7.26', weight: 6 },
      { text: 'does not pass DMARC', weight: 8 },
    ],
    ndrExamples: ['550 5.7.509 Access denied, sending domain {domain} does not pass DMARC verification and has a DMARC policy of reject'],
    cause: {
      de: 'Die Domäne veröffentlicht eine DMARC-Richtlinie (p=reject oder quarantine). Eine Mail besteht DMARC nur, wenn SPF oder DKIM für die Absenderdomäne passen. Fehlt Microsoft 365 im SPF und ist DKIM nicht eingeschaltet, fallen Mails aus Exchange Online durch.',
      en: 'The domain publishes a DMARC policy (p=reject or quarantine). A mail passes DMARC only when SPF or DKIM align with the sender\'s domain. Without Microsoft 365 in SPF and without DKIM signing, mail from Exchange Online fails.',
    },
    checks: ['spf'],
    fix: {
      steps: {
        de: [
          'SPF reparieren: include:spf.protection.outlook.com direkt nach v=spf1 (Schritt SPF).',
          'DKIM einschalten: Microsoft Defender Portal > E-Mail & Zusammenarbeit > Richtlinien & Regeln > Bedrohungsrichtlinien > E-Mail-Authentifizierungseinstellungen > DKIM > {domain}.',
          'Die beiden CNAMEs selector1._domainkey und selector2._domainkey beim Provider anlegen, dann „Mit DKIM-Signaturen signieren“ aktivieren.',
          'Bis alles passt, DMARC beim Provider auf p=none stellen.',
        ],
        en: [
          'Fix SPF: include:spf.protection.outlook.com right after v=spf1 (SPF step).',
          'Turn on DKIM: Microsoft Defender portal > Email & collaboration > Policies & rules > Threat policies > Email authentication settings > DKIM > {domain}.',
          'Add the two CNAMEs selector1._domainkey and selector2._domainkey at the provider, then enable "Sign messages for this domain with DKIM signatures".',
          'Until everything passes, set DMARC to p=none at the provider.',
        ],
      },
      adminPath: {
        de: 'Microsoft Defender Portal > E-Mail & Zusammenarbeit > Richtlinien & Regeln > Bedrohungsrichtlinien > E-Mail-Authentifizierungseinstellungen > DKIM',
        en: 'Microsoft Defender portal > Email & collaboration > Policies & rules > Threat policies > Email authentication settings > DKIM',
      },
      powershell: [
        'New-DkimSigningConfig -DomainName {domain} -Enabled $false',
        'Get-DkimSigningConfig -Identity {domain} | Format-List Selector1CNAME,Selector2CNAME',
        'Set-DkimSigningConfig -Identity {domain} -Enabled $true',
      ],
    },
    stepId: 'spf',
  },
  {
    id: 'relay-denied',
    title: {
      de: 'Relay verweigert (5.4.1 / 5.7.1): MX oder akzeptierte Domäne passen nicht',
      en: 'Relay denied (5.4.1 / 5.7.1): MX or accepted domain do not match',
    },
    phrasings: {
      de: ['550 5.4.1 Relay Access Denied', '5.7.1 Unable to relay'],
      en: ['550 5.4.1 Relay Access Denied', '5.7.1 Unable to relay'],
    },
    signals: [
      { terms: ['relay access denied', 'unable to relay', 'relaying denied', 'relay denied', 'relay nicht erlaubt',
        'relay verweigert', 'relaying verweigert', 'relaying nicht erlaubt', 'relay zugriff verweigert',
        'relaying not allowed', 'relay not permitted'], weight: 5 },
      { terms: ['relay', 'relaying'], weight: 1.5 },
      { terms: ['internal relay', 'interne relaydomäne', 'internes relay', 'internalrelay'], weight: -3 },
      { terms: ['mx', 'mx-eintrag', 'mx record'], weight: 1.5 },
      { terms: ['denied', 'verweigert', 'nicht erlaubt', 'not allowed', 'access denied', 'zugriff verweigert'], weight: 1.5 },
    ],
    ndr: [
      { code: '5.4.1', weight: 8 },
      { code: '5.7.54', weight: 10 },
      { code: '5.7.64', weight: 10 },
      { code: '5.7.1', weight: 3 },
      { text: 'Relay Access Denied', weight: 8 },
      { text: 'Unable to relay', weight: 8 },
    ],
    ndrExamples: ['550 5.4.1 Relay Access Denied', '550 5.7.1 Unable to relay'],
    cause: {
      de: 'Der Server, bei dem die Mail ankommt, hält sich nicht für {domain} zuständig. Typisch: Der MX zeigt schon auf Exchange Online, aber die Domäne ist dort nicht (als akzeptierte Domäne) eingerichtet, oder der MX zeigt auf den Provider, der die Domäne nicht mehr führt. Im Mischbetrieb muss der MX beim Provider bleiben.',
      en: 'The server that receives the mail does not consider itself responsible for {domain}. Typically the MX already points to Exchange Online while the domain is not set up there (as an accepted domain), or the MX points to a provider that no longer hosts the domain. In mixed operation the MX must stay at the provider.',
    },
    checks: ['mx', 'verify-domain'],
    fix: {
      steps: {
        de: [
          'MX von {domain} prüfen: im Mischbetrieb zeigt er weiter auf den Provider (Schritt MX).',
          'Exchange Admin Center > Nachrichtenfluss > Akzeptierte Domänen: {domain} muss dort stehen (verifiziert, Typ Internes Relay).',
          'Beim Provider prüfen, dass die Domäne und die Postfächer dort noch eingerichtet sind.',
        ],
        en: [
          'Check the MX of {domain}: in mixed operation it keeps pointing to the provider (MX step).',
          'Exchange admin center > Mail flow > Accepted domains: {domain} must be listed (verified, type Internal relay).',
          'At the provider, check that the domain and its mailboxes are still set up there.',
        ],
      },
      adminPath: {
        de: 'DNS-Verwaltung beim Provider > {domain} > MX; Exchange Admin Center > Nachrichtenfluss > Akzeptierte Domänen',
        en: 'DNS management at the provider > {domain} > MX; Exchange admin center > Mail flow > Accepted domains',
      },
      powershell: ['Resolve-DnsName -Name {domain} -Type MX', 'Get-AcceptedDomain | Format-Table DomainName,DomainType'],
    },
    stepId: 'mx',
  },
  {
    id: 'mail-loop',
    title: {
      de: 'Mailschleife zwischen Provider und Microsoft 365 (5.4.14)',
      en: 'Mail loop between the provider and Microsoft 365 (5.4.14)',
    },
    phrasings: {
      de: ['554 5.4.14 Hop count exceeded', 'Mails kreisen zwischen Provider und Office 365'],
      en: ['554 5.4.14 Hop count exceeded', 'Mail loops between the provider and Microsoft 365'],
    },
    signals: [
      { terms: ['loop*', 'schleife*', 'mailschleife', 'im kreis', 'in circles', 'hop count', 'hopanzahl', 'hop-anzahl',
        'hops', 'back and forth', 'hin und her', 'too many times', 'zu oft', 'kreisen', 'kreis', 'ping-pong', 'endlos*'],
      weight: 5 },
      { terms: ['aufeinander', 'each other', 'gegenseitig'], weight: 1.5 },
    ],
    ndr: [
      { code: '5.4.14', weight: 10 },
      { code: '5.4.6', weight: 8 },
      { text: 'Hop count exceeded', weight: 8 },
      { text: 'possible mail loop', weight: 8 },
    ],
    ndrExamples: ['554 5.4.14 Hop count exceeded - possible mail loop'],
    cause: {
      de: 'Provider und Exchange Online schicken sich dieselbe Mail gegenseitig zu: Der Provider leitet an max.muster@{domain} statt an die onmicrosoft-Adresse weiter, oder Exchange (Internes Relay) kennt den Empfänger nicht und gibt ihn über den MX an den Provider zurück, der wieder weiterleitet.',
      en: 'The provider and Exchange Online keep sending the same mail to each other: the provider forwards to max.muster@{domain} instead of the onmicrosoft address, or Exchange (Internal relay) does not know the recipient and hands it back to the provider through the MX, which forwards it again.',
    },
    checks: ['mx'],
    fix: {
      steps: {
        de: [
          'Weiterleitungen beim Provider prüfen: Ziel ist immer name@<tenant>.onmicrosoft.com, nie eine Adresse @{domain}.',
          'Für Empfänger ohne Postfach in Microsoft 365 keine Weiterleitung zurück zum Provider einrichten.',
          'In der Nachrichtenablaufverfolgung den Empfänger suchen, der kreist.',
        ],
        en: [
          'Check the forwardings at the provider: the target is always name@<tenant>.onmicrosoft.com, never an address @{domain}.',
          'Do not forward recipients without a Microsoft 365 mailbox back to the provider.',
          'Find the looping recipient in the message trace.',
        ],
      },
      adminPath: {
        de: 'Kundencenter des Providers > E-Mail > Weiterleitungen; Exchange Admin Center > Nachrichtenfluss > Nachrichtenablaufverfolgung',
        en: 'Provider customer center > Email > Forwarding; Exchange admin center > Mail flow > Message trace',
      },
      powershell: ['Get-MessageTraceV2 -RecipientAddress <recipient> -StartDate (Get-Date).AddDays(-1) -EndDate (Get-Date)'],
    },
    stepId: 'forwarding',
  },
];

/** The entry for a diagnosis id. Pure; throws only for an id outside the closed set (a programming error). */
export function diagnosisById(id: DiagnosisId): DiagnosisEntry {
  const entry = DIAGNOSES.find((d) => d.id === id);
  if (!entry) throw new Error(`no diagnosis "${id}"`);
  return entry;
}
