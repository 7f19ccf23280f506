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
      de: 'Microsoft 365 hält sich für den einzigen Mailserver der Domäne: Solange die Domäne dort als „Autoritative Domäne“ eingetragen ist, sucht Exchange Online jeden Empfänger nur in den eigenen Postfächern. Kollegen, deren Postfach noch beim Provider liegt, gibt es dort nicht, also kommt die Mail mit 5.1.10 zurück, statt über den MX zum Provider zu gehen.',
      en: 'Microsoft 365 believes it is the only mail server of the domain: while the domain is "Authoritative" there, Exchange Online looks for every recipient in its own mailboxes only. Colleagues whose mailbox is still at the provider do not exist there, so the mail bounces with 5.1.10 instead of going to the provider through the MX.',
    },
    checks: ['mx'],
    fix: {
      steps: {
        de: [
          'Exchange Admin Center öffnen (admin.exchange.microsoft.com).',
          'Nachrichtenfluss > Akzeptierte Domänen > {domain} auswählen.',
          'Domänentyp von „Autoritative Domäne“ auf „Interne Relaydomäne“ stellen und speichern.',
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
        de: 'Exchange Admin Center > Nachrichtenfluss > Akzeptierte Domänen > {domain} > Interne Relaydomäne',
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
      { terms: ['erreicht ihn keiner', 'erreicht sie keiner', 'erreicht keiner', 'von draußen', 'from outside', 'nothing arrives', 'nichts an',
        'go nowhere', 'gets no', 'receives no', 'does not receive', 'doesnt receive', 'no mail', 'von kunden', 'from customers'], weight: 1.5 },
      { terms: ['jetzt in microsoft 365', 'ist jetzt in', 'is now on', 'now on microsoft 365', 'seit er', 'seit sie', 'since he', 'since she',
        'was moved', 'has been on', 'got his new', 'got her new', 'hat das neue', 'das neue postfach hat'], weight: 1.5 },
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
      { terms: ['bei kunden', 'bei anderen', 'bei den empfängern', 'bei den kunden', 'at our customers', 'at the recipients', 'their junk',
        'their spam', 'other people', 'gmail-empfänger*', 'at gmail'], weight: 2 },
      { terms: ['unsere mails', 'unsere e-mails', 'unsere nachrichten', 'unsere rechnungen', 'unsere angebote', 'our mails', 'our emails',
        'our messages', 'our invoices', 'our offers'], weight: 1 },
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
    causeChecks: ['spf'],
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
      { terms: ['kennwort', 'passwort', 'password', 'anmeldedaten', 'credentials', 'kennwortabfrage', 'password prompt'], weight: 2 },
      { terms: ['immer wieder', 'ständig', 'dauernd', 'again and again', 'keeps', 'repeatedly', 'all the time'], weight: 1 },
      { terms: ['alten server', 'alten mailserver', 'alte server', 'alten mail-server', 'old server', 'old mail server', 'nur den alten'], weight: 2 },
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
    causeChecks: ['autodiscover'],
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
      { terms: ['confirm*', 'own the domain', 'besitzen'], weight: 3 },
      { terms: ['obwohl wir', 'although we', 'angelegt', 'added the', 'eingetragen', 'eintrag drin'], weight: 1 },
      { terms: ['microsoft sagt', 'microsoft says', 'microsoft will', 'microsoft 365 says', 'steht bei unserer domain', 'still shows'], weight: 1 },
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
    causeChecks: ['verify-domain'],
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
      { terms: ['scanner', 'kopierer', 'copier', 'drucker', 'printer', 'multifunktion*', 'webformular', 'web form', 'website form',
        'kontaktformular', 'contact form', 'formular', 'webseite', 'website'], weight: 2 },
      { terms: ['eigenen adressen', 'own addresses', 'our own', 'unsere eigenen', 'an unsere', 'an uns', 'to our', 'unsere postfächer',
        'our mailboxes', 'in microsoft 365', 'ins neue postfach', 'uns keine'], weight: 2 },
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
        'relaying not allowed', 'relay not permitted', 'weiterleiten nicht erlaubt', 'nicht weiterleiten darf', 'relaying is not permitted',
        'relay not allowed', 'relaying nicht erlaubt'], weight: 5 },
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
          'Exchange Admin Center > Nachrichtenfluss > Akzeptierte Domänen: {domain} muss dort stehen (verifiziert, Typ Interne Relaydomäne).',
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
      de: 'Provider und Exchange Online schicken sich dieselbe Mail gegenseitig zu: Der Provider leitet an max.muster@{domain} statt an die onmicrosoft-Adresse weiter, oder Exchange (Interne Relaydomäne) kennt den Empfänger nicht und gibt ihn über den MX an den Provider zurück, der wieder weiterleitet.',
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
  {
    id: 'moera-limit',
    title: {
      de: 'Mails nach außen werden abgelehnt: Absender ist noch die onmicrosoft.com-Adresse (5.7.236)',
      en: 'Mail to outside is refused: the sender is still the onmicrosoft.com address (5.7.236)',
    },
    phrasings: {
      de: ['Mails an Kunden kommen ab Mittag zurück', '550 5.7.236'],
      en: ['Mail to customers bounces after about a hundred a day', '550 5.7.236'],
    },
    signals: [
      { terms: ['onmicrosoft*', 'moera'], weight: 3 },
      { terms: ['100 externe*', '100 external', 'hundert', 'hundred', 'daily limit', 'tageslimit', 'limit*', 'begrenzt', 'limited', 'nach ungefähr', 'nach ein paar', 'after about', 'after some', 'after a while', 'ab mittag', 'after lunch', 'seit heute mittag', 'since this morning', 'nur noch', 'only to internal'], weight: 1.5 },
      { terms: ['nach außen', 'nach aussen', 'externe*', 'extern', 'external*', 'outside', 'kunde*', 'customer*', 'client*'], weight: 1.5 },
      { terms: ['absender*', 'sender', 'sende*', 'send*', 'verschick*', 'schick*', 'emailing'], weight: 1 },
      { terms: ['zurück', 'abgelehnt', 'rejected', 'fails', 'bounce*', 'fehlermeldung', 'geht nichts', 'cannot'], weight: 1 },
    ],
    ndr: [
      { code: '5.7.236', weight: 10 },
    ],
    ndrExamples: ['550 5.7.236 Access denied, sending from an onmicrosoft.com domain is limited'],
    cause: {
      de: 'Microsoft 365 begrenzt Mails, deren Absender eine Adresse auf *.onmicrosoft.com ist, auf 100 externe Empfänger pro Mandant und Tag; danach werden sie mit 550 5.7.236 abgelehnt. Im Mischbetrieb passiert das, wenn bei einem umgezogenen Benutzer die onmicrosoft.com-Adresse noch die primäre Adresse ist (Schritt 4 nur halb erledigt). Eingehende Mails an den onmicrosoft-Alias (die Weiterleitung des Providers) sind nicht betroffen.',
      en: 'Microsoft 365 limits mail whose sender is an address on *.onmicrosoft.com to 100 external recipients per tenant and day; after that it is refused with 550 5.7.236. In mixed operation this happens when a moved user\'s onmicrosoft.com address is still the primary address (step 4 half done). Incoming mail to the onmicrosoft alias (the provider\'s forwarding) is not affected.',
    },
    checks: [],
    fix: {
      steps: {
        de: [
          'Microsoft 365 Admin Center > Benutzer > Aktive Benutzer > den Benutzer auswählen > „Benutzername und E-Mail verwalten".',
          'Die Adresse auf {domain} als primäre Adresse festlegen; die onmicrosoft.com-Adresse bleibt als Alias (Ziel der Weiterleitung).',
          'Den Benutzer Outlook neu starten lassen, damit neue Mails mit der neuen Absenderadresse gehen.',
        ],
        en: [
          'Microsoft 365 admin center > Users > Active users > select the user > "Manage username and email".',
          'Set the address on {domain} as the primary address; the onmicrosoft.com address stays as an alias (the forwarding target).',
          'Have the user restart Outlook so new mail goes out with the new sender address.',
        ],
      },
      adminPath: {
        de: 'Microsoft 365 Admin Center > Benutzer > Aktive Benutzer > Benutzername und E-Mail verwalten',
        en: 'Microsoft 365 admin center > Users > Active users > Manage username and email',
      },
      powershell: ['Set-Mailbox -Identity <user> -WindowsEmailAddress <user>@{domain}', 'Get-Mailbox -Identity <user> | Format-List PrimarySmtpAddress,EmailAddresses'],
    },
    stepId: 'user-addresses',
  },
  {
    id: 'smtp-auth-basic',
    title: {
      de: 'Scanner, Drucker oder Programme senden nicht mehr über Microsoft 365 (SMTP-Anmeldung mit Kennwort abgeschaltet)',
      en: 'Scanners, printers or programs no longer send through Microsoft 365 (SMTP sign-in with a password switched off)',
    },
    phrasings: {
      de: ['Der Scanner schickt keine Mails mehr über smtp.office365.com', '535 5.7.139 Authentication unsuccessful'],
      en: ['The printer cannot send scans through smtp.office365.com any more', '535 5.7.139 Authentication unsuccessful'],
    },
    signals: [
      { terms: ['smtp.office365.com', 'smtp auth', 'smtp-auth', 'smtp-anmeldung', 'smtp login', 'client submission', 'basic authentication', 'basic auth', 'standardauthentifizierung', 'basisauthentifizierung'], weight: 3 },
      { terms: ['scanner', 'drucker', 'printer', 'kopierer', 'copier', 'multifunktion*', 'scan to*', 'scan*', 'webshop', 'web shop', 'onlineshop', 'online shop', 'web form', 'webformular', 'warenwirtschaft*', 'accounting tool', 'erp', 'software', 'tool', 'program*'], weight: 2 },
      { terms: ['anmeld*', 'login', 'log in', 'logs in', 'authentif*', 'authentication', 'kennwort', 'passwort', 'password', 'benutzername'], weight: 2 },
      { terms: ['smtp', 'office 365', 'office365', 'microsoft 365'], weight: 1 },
      { terms: ['verschick*', 'sendet', 'senden', 'send*', 'schickt'], weight: 0.5 },
      { terms: ['jahresende', 'ende dezember', 'end of december', 'end of the year'], weight: 1.5 },
    ],
    ndr: [
      { code: '5.7.139', weight: 10 },
      { code: '5.7.30', weight: 10 },
      { text: 'Basic authentication is not supported for Client Submission', weight: 8 },
      { text: 'Authentication unsuccessful', weight: 6 },
    ],
    ndrExamples: ['535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully', '550 5.7.30 Basic authentication is not supported for Client Submission'],
    cause: {
      de: 'Geräte und Programme, die sich mit Benutzername und Kennwort an smtp.office365.com anmelden (SMTP AUTH mit Standardauthentifizierung), werden von Microsoft seit Ende Dezember 2026 für bestehende Mandanten standardmäßig abgewiesen; in neuen Mandanten ist es von Anfang an aus. Das trifft oft Scanner und Formulare, die beim Umzug vom SMTP-Server des Providers auf Microsoft 365 umgestellt wurden.',
      en: 'Devices and programs that sign in to smtp.office365.com with a user name and password (SMTP AUTH with basic authentication) are refused by default for existing tenants since the end of December 2026, and are off from the start in new tenants. This often hits scanners and forms that were switched from the provider\'s SMTP server to Microsoft 365 during the move.',
    },
    checks: [],
    fix: {
      steps: {
        de: [
          'Am Gerät prüfen, ob es OAuth (moderne Authentifizierung) für SMTP kann; dann so einrichten.',
          'Sonst „Direct Send" oder ein SMTP-Relay über einen Connector mit der festen IP-Adresse des Geräts verwenden (Exchange Admin Center > Nachrichtenfluss > Connectors).',
          'Übergangsweise: Im Microsoft 365 Admin Center unter Einstellungen > Organisationseinstellungen > Moderne Authentifizierung bzw. per Set-TransportConfig SMTP AUTH wieder erlauben — Microsoft kündigt die endgültige Abschaltung für 2027 an.',
          'Alternativ sendet das Gerät weiter über den SMTP-Server des Providers, solange die Domäne dort eingerichtet ist.',
        ],
        en: [
          'Check whether the device supports OAuth (modern authentication) for SMTP, and set it up that way.',
          'Otherwise use Direct Send or an SMTP relay through a connector with the device\'s fixed IP address (Exchange admin center > Mail flow > Connectors).',
          'As a stopgap, allow SMTP AUTH again with Set-TransportConfig — Microsoft announces the final switch-off for 2027.',
          'Or the device keeps sending through the provider\'s SMTP server while the domain is set up there.',
        ],
      },
      adminPath: {
        de: 'Exchange Admin Center > Nachrichtenfluss > Connectors; Microsoft 365 Admin Center > Aktive Benutzer > E-Mail > E-Mail-Apps verwalten > Authentifiziertes SMTP',
        en: 'Exchange admin center > Mail flow > Connectors; Microsoft 365 admin center > Active users > Mail > Manage email apps > Authenticated SMTP',
      },
      powershell: ['Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled', 'Set-CASMailbox -Identity <device account> -SmtpClientAuthenticationDisabled $false'],
    },
    stepId: null,
    setting: { de: 'Authentifiziertes SMTP (SMTP AUTH) in Exchange Online', en: 'Authenticated SMTP (SMTP AUTH) in Exchange Online' },
  },
  {
    id: 'ews-retired',
    title: {
      de: 'Apple Mail, der Mac-Kalender oder ältere Programme synchronisieren nicht mehr (Exchange Web Services gesperrt)',
      en: 'Apple Mail, the Mac calendar or older tools stop syncing (Exchange Web Services blocked)',
    },
    phrasings: {
      de: ['Apple Mail synchronisiert seit Oktober nicht mehr', 'Der Mac-Kalender zeigt keine Termine mehr'],
      en: ['Apple Mail stopped syncing in October', 'The Mac calendar no longer shows meetings'],
    },
    signals: [
      { terms: ['ews', 'exchange web services', 'exchange-webdienste', 'webdienste'], weight: 4 },
      { terms: ['apple mail', 'mac mail', 'macos mail', 'mac', 'macbook', 'macos', 'apple', 'mail-programm auf dem mac'], weight: 2.5 },
      { terms: ['kalender', 'calendar', 'termine', 'meetings', 'zeiterfassung*', 'crm', 'erp', 'archivtool', 'archiv*', 'backup tool', 'sync tool', 'connector', 'tool', 'software'], weight: 1 },
      { terms: ['synchronis*', 'sync*', 'verbind*', 'connect*', 'zugriff*', 'zugreif*', 'access', 'offline', 'holt keine', 'reach'], weight: 1.5 },
      { terms: ['exchange', 'microsoft 365', 'exchange online', 'exchange-konto', 'exchange account', 'postfächer', 'mailboxes'], weight: 1 },
      { terms: ['oktober', 'october', 'seit dem 1'], weight: 1 },
    ],
    ndr: [],
    ndrExamples: [],
    cause: {
      de: 'Microsoft sperrt Exchange Web Services (EWS) in Exchange Online seit dem 1. Oktober 2026. Programme, die Postfächer noch über EWS lesen — Apple Mail und der Kalender auf dem Mac mit einem „Exchange"-Konto, ältere Archiv-, CRM- oder Synchronisierungstools — verlieren damit die Verbindung. Mit dem Mischbetrieb hat das nichts zu tun; es fällt aber oft in die Zeit des Umzugs.',
      en: 'Microsoft blocks Exchange Web Services (EWS) in Exchange Online since 1 October 2026. Programs that still read mailboxes through EWS — Apple Mail and the Calendar on the Mac with an "Exchange" account, older archive, CRM or sync tools — lose their connection. It is not caused by the mixed operation, but often falls in the time of the move.',
    },
    checks: [],
    fix: {
      steps: {
        de: [
          'Auf dem Mac Outlook für Mac verwenden, oder das Konto in Apple Mail als Microsoft-Exchange-Konto neu hinzufügen, sobald Apple Microsoft Graph unterstützt; sonst IMAP mit moderner Authentifizierung.',
          'Beim Hersteller des Programms eine Version erfragen, die Microsoft Graph statt EWS verwendet.',
          'Im Microsoft 365 Admin Center > Berichte > Nutzung prüfen, welche Apps sich noch per EWS anmelden.',
        ],
        en: [
          'On the Mac use Outlook for Mac, or add the account to Apple Mail again once Apple supports Microsoft Graph; otherwise IMAP with modern authentication.',
          'Ask the program\'s vendor for a version that uses Microsoft Graph instead of EWS.',
          'Microsoft 365 admin center > Reports > Usage shows which apps still sign in with EWS.',
        ],
      },
      adminPath: {
        de: 'Microsoft 365 Admin Center > Berichte > Nutzung > E-Mail-App-Nutzung',
        en: 'Microsoft 365 admin center > Reports > Usage > Email apps usage',
      },
      powershell: ['Get-OrganizationConfig | Format-List EwsEnabled', 'Get-CASMailbox -Identity <user> | Format-List EwsEnabled'],
    },
    stepId: null,
    setting: { de: 'Client-Apps: Exchange Web Services (EWS) sind in Exchange Online gesperrt', en: 'Client apps: Exchange Web Services (EWS) are blocked in Exchange Online' },
  },
  {
    id: 'bulk-sender',
    title: {
      de: 'Große Empfänger lehnen Massenmails ab (5.7.515): SPF, DKIM und DMARC fehlen',
      en: 'Big receivers refuse bulk mail (5.7.515): SPF, DKIM and DMARC missing',
    },
    phrasings: {
      de: ['Outlook.com lehnt unseren Newsletter mit 5.7.515 ab', 'Gmail nimmt unsere Massenmails nicht an'],
      en: ['Outlook.com rejects our newsletter with 5.7.515', 'Gmail refuses our bulk mail'],
    },
    signals: [
      { terms: ['newsletter', 'rundmail*', 'massenmail*', 'mass mailing', 'bulk', 'mailing*', 'kampagne*', 'campaign*', 'marketing'], weight: 3 },
      { terms: ['outlook.com', 'hotmail', 'yahoo', 'gmail', 'consumer', 'privatkunden', 'abonnent*', 'subscriber*'], weight: 2 },
      { terms: ['abgelehnt', 'ablehn*', 'lehnt', 'abgewiesen', 'reject*', 'refus*', 'bounce*', 'zurück'], weight: 1 },
      { terms: ['authentifiz*', 'authenticat*', 'authentication level', 'requirements', 'anforderungen'], weight: 1.5 },
    ],
    ndr: [
      { code: '5.7.515', weight: 10 },
      { text: 'does not meet the required authentication level', weight: 8 },
    ],
    ndrExamples: ['550 5.7.515 Access denied, sending domain {domain} does not meet the required authentication level'],
    cause: {
      de: 'Outlook.com, Gmail und Yahoo verlangen seit 2024/2025 von Absendern vieler Mails SPF, DKIM und DMARC, die zur Absenderdomäne passen; sonst lehnen sie ab (Outlook.com: 550 5.7.515) oder sortieren in den Spam. Im Mischbetrieb senden zwei Stellen für {domain} (Provider und Exchange Online), und beide müssen authentifiziert sein.',
      en: 'Since 2024/2025 Outlook.com, Gmail and Yahoo require senders of many messages to have SPF, DKIM and DMARC aligned with the sender domain; otherwise they refuse (Outlook.com: 550 5.7.515) or file it as spam. In mixed operation two places send for {domain} (the provider and Exchange Online), and both must be authenticated.',
    },
    checks: ['spf', 'dmarc'],
    fix: {
      steps: {
        de: [
          'SPF: ein Eintrag für {domain} mit include:spf.protection.outlook.com und dem Provider (Schritt SPF).',
          'DKIM: im Microsoft Defender-Portal unter E-Mail & Zusammenarbeit > Richtlinien > E-Mail-Authentifizierung > DKIM die Signierung für {domain} aktivieren; beim Provider die DKIM-Signierung ebenfalls einschalten.',
          'DMARC: einen TXT-Eintrag _dmarc.{domain} mit v=DMARC1; p=none; rua=mailto:… anlegen und später verschärfen.',
          'Newsletter über einen Versanddienst mit eigener, authentifizierter Domain verschicken.',
        ],
        en: [
          'SPF: one record for {domain} with include:spf.protection.outlook.com and the provider (SPF step).',
          'DKIM: in the Microsoft Defender portal under Email & collaboration > Policies > Email authentication > DKIM enable signing for {domain}; enable DKIM signing at the provider too.',
          'DMARC: publish a TXT record _dmarc.{domain} with v=DMARC1; p=none; rua=mailto:… and tighten it later.',
          'Send newsletters through a mailing service with its own authenticated domain.',
        ],
      },
      adminPath: {
        de: 'Microsoft Defender-Portal > E-Mail & Zusammenarbeit > Richtlinien und Regeln > Bedrohungsrichtlinien > E-Mail-Authentifizierungseinstellungen > DKIM',
        en: 'Microsoft Defender portal > Email & collaboration > Policies & rules > Threat policies > Email authentication settings > DKIM',
      },
      powershell: ['Get-DkimSigningConfig -Identity {domain} | Format-List Enabled,Selector1CNAME,Selector2CNAME', 'Set-DkimSigningConfig -Identity {domain} -Enabled $true'],
    },
    stepId: 'spf',
  },
];

/** The entry for a diagnosis id. Pure; throws only for an id outside the closed set (a programming error). */
export function diagnosisById(id: DiagnosisId): DiagnosisEntry {
  const entry = DIAGNOSES.find((d) => d.id === id);
  if (!entry) throw new Error(`no diagnosis "${id}"`);
  return entry;
}
