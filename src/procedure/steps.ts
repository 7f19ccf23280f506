import type { Locale, Localized } from '../i18n/locale';
import { STEP_IDS, type DnsStepId, type InputField, type Provider, type StepId, type StepKind } from './types';

/** Deep links into the admin centers (current as of 2025; the menu paths are given next to them). */
export const LINKS = {
  m365Domains: 'https://admin.microsoft.com/#/Domains',
  m365Users: 'https://admin.microsoft.com/#/users',
  exchangeAcceptedDomains: 'https://admin.exchange.microsoft.com/#/accepteddomains',
  exchangeConnectors: 'https://admin.exchange.microsoft.com/#/connectors',
  exchangeMailboxes: 'https://admin.exchange.microsoft.com/#/mailboxes',
  mfaSetup: 'https://aka.ms/mfasetup',
  strato: 'https://www.strato.de/apps/CustomerService',
  ionos: 'https://my.ionos.de',
} as const;

/** What the guide's texts are filled with. Placeholders stand in for inputs not given yet. */
export interface StepContext {
  domain: string;
  /** `firma.onmicrosoft.com`, or undefined before the admin gave it. */
  tenant?: string;
  provider: Provider;
  verificationValue?: string;
  /** The SPF record to publish, from the injected suggestion (the SPF probe's `expected`). */
  spfExpected?: string;
  /** autodiscover: the provider cannot set the CNAME; show the guide's subdomain + redirect fallback. */
  fallback?: boolean;
}

export interface GuideLink {
  title: string;
  url: string;
}

export interface GuideSection {
  heading: string;
  /** Markdown lines (validated values only; never free text typed by a person). */
  lines: string[];
  link?: GuideLink;
}

export interface GuideValue {
  label: string;
  /** Exactly what to type or paste; plain text (shown in a monospace run, not as markdown). */
  value: string;
}

/** Everything a step card says about one step, in one language. */
export interface StepGuide {
  intro: string;
  sections: GuideSection[];
  values: GuideValue[];
  powershell?: string;
  help: string;
}

export interface StepDefinition {
  id: StepId;
  /** 1-based position, as shown in "Step 3 of 9". */
  number: number;
  kind: StepKind;
  /** Optional steps may be skipped; step 7 only becomes due when saving step 6 asks for a connector. */
  optional: boolean;
  /** Inputs the step's texts and checks need. */
  needs: readonly InputField[];
  /** Probe id that confirms this step (the four DNS steps). */
  probe?: DnsStepId;
  /** A DNS step a person may confirm without the probe (Microsoft allows removing the TXT after verification). */
  manualConfirm?: boolean;
  /** The step has a per-user checklist. */
  checklist?: boolean;
  title: Localized;
  /** DNS steps: what a passing probe proves, for the "… ✓ — next: …" notification (`{domain}` is filled in). */
  verified?: Localized;
  guide: (ctx: StepContext, locale: Locale) => StepGuide;
}

/** Text in both languages; picks one. */
const t = (locale: Locale, de: string, en: string): string => (locale === 'de' ? de : en);

/** Guide's default SPF for a domain without one (mischbetrieb-anleitung: "Gibt es noch keinen TXT Eintrag …"). */
export const DEFAULT_SPF = 'v=spf1 a mx include:spf.protection.outlook.com ~all';

function tenantOf(ctx: StepContext, locale: Locale): string {
  return ctx.tenant ?? t(locale, '<mandant>.onmicrosoft.com', '<tenant>.onmicrosoft.com');
}

function providerName(provider: Provider, locale: Locale): string {
  if (provider === 'strato') return 'STRATO';
  if (provider === 'ionos') return 'IONOS (1&1)';
  return t(locale, 'dein bisheriger Anbieter', 'your current provider');
}

/** Where a DNS record is edited at the provider, for a record of `type` at `host` (@ = the domain itself). */
function dnsPanel(ctx: StepContext, locale: Locale, type: 'TXT' | 'CNAME' | 'MX', host: string): GuideSection {
  const d = ctx.domain;
  const heading = t(locale, `Bei ${providerName(ctx.provider, locale)}`, `At ${providerName(ctx.provider, locale)}`);
  if (ctx.provider === 'strato') {
    const sub = host === '@' ? d : `${host}.${d}`;
    const lines = [
      t(locale, 'STRATO Kunden-Login → dein Paket → **Domains** → **Domainverwaltung**.', 'STRATO customer login → your package → **Domains** → **Domain management**.'),
      t(locale, `Bei **${sub}** auf das Zahnrad (**Verwalten**) → **DNS**.`, `At **${sub}** click the gear (**Manage**) → **DNS**.`),
      type === 'MX'
        ? t(locale, 'Bei **MX-Record** nichts ändern: die STRATO-Mailserver bleiben eingetragen.', 'Leave the **MX record** alone: the STRATO mail servers stay in place.')
        : t(locale, `Bei **TXT- und CNAME-Records** auf **verwalten** → **weiteren Record erstellen** → Typ **${type}**.`, `At **TXT and CNAME records** click **manage** → **create another record** → type **${type}**.`),
    ];
    return { heading, lines, link: { title: 'STRATO Login', url: LINKS.strato } };
  }
  if (ctx.provider === 'ionos') {
    const lines = [
      t(locale, 'IONOS Login → **Domains & SSL** → bei **' + d + '** das Zahnrad → **DNS**.', 'IONOS login → **Domains & SSL** → gear icon at **' + d + '** → **DNS**.'),
      type === 'MX'
        ? t(locale, 'Die MX-Einträge von IONOS (mx00/mx01.ionos.de) bleiben. **Nicht** „Domain mit Microsoft 365 verbinden“ wählen: das stellt den MX um.', 'Keep the IONOS MX records (mx00/mx01.ionos.de). Do **not** use "connect domain to Microsoft 365": it moves the MX.')
        : t(locale, `**Eintrag hinzufügen** → **${type}**, Hostname **${host}**.`, `**Add record** → **${type}**, host name **${host}**.`),
    ];
    return { heading, lines, link: { title: 'IONOS Login', url: LINKS.ionos } };
  }
  const lines = [
    t(locale, `Im Kundencenter deines Anbieters die DNS-Einstellungen von **${d}** öffnen (oft „DNS“, „Nameserver“ oder „Zone bearbeiten“).`,
      `Open the DNS settings of **${d}** in your provider's customer center (often "DNS", "name server" or "edit zone").`),
    type === 'MX'
      ? t(locale, 'Die MX-Einträge des Anbieters unverändert lassen und die Nameserver **nicht** zu Microsoft umziehen.', 'Leave the provider\'s MX records as they are and do **not** move the name servers to Microsoft.')
      : t(locale, `Einen **${type}**-Eintrag für den Host **${host}** anlegen (oder den vorhandenen ändern).`, `Add a **${type}** record for host **${host}** (or edit the existing one).`),
  ];
  return { heading, lines };
}

const verifyDomain: StepDefinition = {
  id: 'verify-domain', number: 1, kind: 'dns', optional: false, needs: ['verificationValue'], probe: 'verify-domain', manualConfirm: true,
  title: { de: 'Domäne in Microsoft 365 bestätigen', en: 'Verify the domain in Microsoft 365' },
  verified: { de: 'Der Bestätigungs-TXT-Eintrag für {domain} ist jetzt sichtbar ✓', en: 'The verification TXT record for {domain} is now visible ✓' },
  guide: (ctx, locale) => {
    const value = ctx.verificationValue ?? 'MS=ms________';
    return {
      intro: t(locale,
        `Ohne bestätigte Domäne geht nichts. Microsoft 365 prüft dazu einen TXT-Eintrag auf **${ctx.domain}**; er ändert nichts am Mailverkehr.`,
        `Nothing works until the domain is verified. Microsoft 365 checks a TXT record on **${ctx.domain}**; it changes nothing about mail flow.`),
      sections: [
        {
          heading: 'Microsoft 365 Admin Center',
          lines: [
            t(locale, `**Einstellungen** → **Domänen** → **Domäne hinzufügen** → **${ctx.domain}** → Bestätigung per **TXT-Eintrag**.`,
              `**Settings** → **Domains** → **Add domain** → **${ctx.domain}** → verify with a **TXT record**.`),
            t(locale, 'Den angezeigten Wert (MS=ms…) hier bei den Angaben eintragen, falls noch nicht geschehen.', 'Enter the value shown (MS=ms…) in the details here, if you have not yet.'),
          ],
          link: { title: t(locale, 'Domänen öffnen', 'Open Domains'), url: LINKS.m365Domains },
        },
        dnsPanel(ctx, locale, 'TXT', '@'),
      ],
      values: [
        { label: t(locale, 'Typ', 'Type'), value: 'TXT' },
        { label: t(locale, 'Host', 'Host'), value: '@' },
        { label: t(locale, 'Wert', 'Value'), value },
        { label: 'TTL', value: '3600' },
      ],
      help: t(locale,
        'Sobald der Eintrag sichtbar ist, geht es von selbst weiter. Zeigt Microsoft 365 die Domäne schon als bestätigt, darfst du den Eintrag wieder löschen und den Schritt selbst bestätigen.',
        'Once the record is visible, this step advances by itself. If Microsoft 365 already shows the domain as verified, you may delete the record and confirm the step yourself.'),
    };
  },
};

const mx: StepDefinition = {
  id: 'mx', number: 2, kind: 'dns', optional: false, needs: [], probe: 'mx',
  title: { de: 'MX und Nameserver bleiben beim Anbieter', en: 'MX and name servers stay at the provider' },
  verified: { de: 'MX und Nameserver von {domain} bleiben beim Anbieter ✓', en: 'MX and name servers of {domain} stay at the provider ✓' },
  guide: (ctx, locale) => ({
    intro: t(locale,
      `Nach der Bestätigung schlägt Microsoft 365 vor, den MX-Eintrag oder die Nameserver von **${ctx.domain}** umzustellen. Im Mischbetrieb **nicht** tun: die Postfächer beim Anbieter müssen weiter Mail bekommen.`,
      `After verification, Microsoft 365 suggests moving the MX record or the name servers of **${ctx.domain}**. In mixed operation, do **not**: the mailboxes at the provider must keep receiving mail.`),
    sections: [
      {
        heading: 'Microsoft 365 Admin Center',
        lines: [
          t(locale, '**Einstellungen** → **Domänen** → **' + ctx.domain + '**: „DNS-Einträge selbst hinzufügen“ wählen und unter **Erweiterte Optionen** den Dienst **Exchange und Exchange Online Protection** abwählen.',
            '**Settings** → **Domains** → **' + ctx.domain + '**: choose "Add your own DNS records" and under **Advanced options** clear **Exchange and Exchange Online Protection**.'),
          t(locale, 'Hat der Assistent schon etwas umgestellt: die ursprünglichen Einträge beim Anbieter wiederherstellen.', 'If the wizard already changed something: restore the original records at the provider.'),
        ],
        link: { title: t(locale, 'Domänen öffnen', 'Open Domains'), url: LINKS.m365Domains },
      },
      dnsPanel(ctx, locale, 'MX', '@'),
    ],
    values: [],
    help: t(locale,
      'Geprüft wird: der MX zeigt auf den Anbieter, nicht auf *.mail.protection.outlook.com, und die Nameserver sind nicht zu Microsoft umgezogen.',
      'Checked: the MX points to the provider, not to *.mail.protection.outlook.com, and the name servers were not moved to Microsoft.'),
  }),
};

const autodiscover: StepDefinition = {
  id: 'autodiscover', number: 3, kind: 'dns', optional: false, needs: [], probe: 'autodiscover',
  title: { de: 'Autodiscover auf Exchange Online zeigen lassen', en: 'Point Autodiscover to Exchange Online' },
  verified: { de: 'autodiscover.{domain} zeigt jetzt auf Exchange Online ✓', en: 'autodiscover.{domain} now points to Exchange Online ✓' },
  guide: (ctx, locale) => {
    const d = ctx.domain;
    const sections: GuideSection[] = [];
    if (ctx.fallback) {
      const redirect = ctx.provider === 'strato'
        ? t(locale, `STRATO: Domainverwaltung → **autodiscover.${d}** → Zahnrad → **Umleitung** → https://${d}`, `STRATO: domain management → **autodiscover.${d}** → gear → **Redirect** → https://${d}`)
        : ctx.provider === 'ionos'
          ? t(locale, `IONOS: Domains & SSL → **autodiscover.${d}** → **Weiterleitung** → HTTP-Weiterleitung auf https://${d}`, `IONOS: Domains & SSL → **autodiscover.${d}** → **Forwarding** → HTTP redirect to https://${d}`)
          : t(locale, `Für **autodiscover.${d}** eine Domainweiterleitung (HTTP-Umleitung) auf https://${d} einrichten.`, `Set up a domain forwarding (HTTP redirect) from **autodiscover.${d}** to https://${d}.`);
      sections.push({
        heading: t(locale, 'Sonderfall: Anbieter kann den CNAME nicht setzen', 'Fallback: the provider cannot set the CNAME'),
        lines: [
          t(locale, `1. Beim Anbieter die Subdomäne **autodiscover.${d}** anlegen.`, `1. At the provider, create the subdomain **autodiscover.${d}**.`),
          t(locale, '2. Auf dieser Subdomäne den CNAME **autodiscover.outlook.com** setzen.', '2. On that subdomain, set the CNAME **autodiscover.outlook.com**.'),
          `3. ${redirect}`,
        ],
      });
    } else {
      sections.push(dnsPanel(ctx, locale, 'CNAME', 'autodiscover'));
    }
    return {
      intro: t(locale,
        `Outlook findet das Exchange-Postfach über **autodiscover.${d}**. Dieser CNAME zeigt auf Microsoft; der MX bleibt beim Anbieter.`,
        `Outlook finds the Exchange mailbox through **autodiscover.${d}**. This CNAME points to Microsoft; the MX stays at the provider.`),
      sections,
      values: [
        { label: t(locale, 'Typ', 'Type'), value: 'CNAME' },
        { label: t(locale, 'Host', 'Host'), value: ctx.fallback ? `autodiscover.${d}` : 'autodiscover' },
        { label: t(locale, 'Ziel', 'Points to'), value: 'autodiscover.outlook.com' },
        { label: 'TTL', value: '3600' },
      ],
      help: t(locale,
        'Lässt dein Anbieter keinen CNAME für autodiscover zu, nimm den Sonderfall (Subdomäne mit CNAME plus Weiterleitung auf die Hauptdomäne).',
        'If your provider does not allow a CNAME for autodiscover, use the fallback (a subdomain with the CNAME plus a redirect to the main domain).'),
    };
  },
};

const userAddresses: StepDefinition = {
  id: 'user-addresses', number: 4, kind: 'manual', optional: false, needs: ['tenantName', 'users'], checklist: true,
  title: { de: 'Adressen der Benutzer in Microsoft 365', en: 'User addresses in Microsoft 365' },
  guide: (ctx, locale) => {
    const tenant = tenantOf(ctx, locale);
    return {
      intro: t(locale,
        `Jeder umziehende Benutzer braucht zwei Adressen: die **primäre** max.muster@${ctx.domain} (damit er mit der richtigen Absenderadresse sendet) und den **Alias** max.muster@${tenant} (das Ziel der Weiterleitung).`,
        `Each user who moves needs two addresses: the **primary** max.muster@${ctx.domain} (so they send with the right sender address) and the **alias** max.muster@${tenant} (where forwarding delivers).`),
      sections: [{
        heading: 'Microsoft 365 Admin Center',
        lines: [
          t(locale, '**Benutzer** → **Aktive Benutzer** → Benutzer wählen → **Konto** → **Benutzernamen und E-Mail verwalten**.',
            '**Users** → **Active users** → select the user → **Account** → **Manage username and email**.'),
          t(locale, `Adresse @${ctx.domain} hinzufügen und **Als primär festlegen**; die Adresse @${tenant} bleibt als Alias.`,
            `Add the @${ctx.domain} address and **Set as primary**; the @${tenant} address stays as an alias.`),
        ],
        link: { title: t(locale, 'Aktive Benutzer öffnen', 'Open Active users'), url: LINKS.m365Users },
      }],
      values: [],
      powershell: [
        'Connect-ExchangeOnline',
        `# ${t(locale, 'je Benutzer', 'per user')}:`,
        `Set-Mailbox -Identity max.muster@${tenant} -WindowsEmailAddress max.muster@${ctx.domain}`,
        `Set-Mailbox -Identity max.muster@${ctx.domain} -EmailAddresses @{Add='smtp:max.muster@${tenant}'}`,
      ].join('\n'),
      help: t(locale, 'Hake jeden Benutzer ab, sobald beide Adressen stimmen.', 'Tick each user once both addresses are right.'),
    };
  },
};

const forwarding: StepDefinition = {
  id: 'forwarding', number: 5, kind: 'manual', optional: false, needs: ['tenantName', 'users'], checklist: true,
  title: { de: 'Weiterleitung beim Anbieter', en: 'Forwarding at the provider' },
  guide: (ctx, locale) => {
    const tenant = tenantOf(ctx, locale);
    const panel = ctx.provider === 'strato'
      ? t(locale, 'STRATO Kunden-Login → **E-Mail** → **Verwaltung** → beim Postfach auf **bearbeiten** → **Weiterleitung**.', 'STRATO customer login → **Email** → **Administration** → **edit** the mailbox → **Forwarding**.')
      : ctx.provider === 'ionos'
        ? t(locale, 'IONOS Login → **E-Mail** → Postfach wählen → **Weiterleitung** einrichten.', 'IONOS login → **Email** → select the mailbox → set up **Forwarding**.')
        : t(locale, 'Im Kundencenter/Webmail des Anbieters beim Postfach eine automatische Weiterleitung einrichten.', 'In the provider\'s customer center or webmail, set up automatic forwarding on the mailbox.');
    return {
      intro: t(locale,
        `So kommt Mail an max.muster@${ctx.domain} im Exchange-Postfach an, obwohl der MX beim Anbieter bleibt: der Anbieter leitet an max.muster@${tenant} weiter.`,
        `This way mail to max.muster@${ctx.domain} reaches the Exchange mailbox although the MX stays at the provider: the provider forwards to max.muster@${tenant}.`),
      sections: [{
        heading: t(locale, `Bei ${providerName(ctx.provider, locale)}`, `At ${providerName(ctx.provider, locale)}`),
        lines: [panel, t(locale, 'Ziel ist der Alias des Benutzers (siehe Liste). Eine Kopie beim Anbieter behalten ist nur als Sicherheitsnetz sinnvoll.', 'The target is the user\'s alias (see the list). Keeping a copy at the provider is only useful as a safety net.')],
        ...(ctx.provider === 'strato' ? { link: { title: 'STRATO Login', url: LINKS.strato } } : ctx.provider === 'ionos' ? { link: { title: 'IONOS Login', url: LINKS.ionos } } : {}),
      }],
      values: [],
      help: t(locale, 'Hake jeden Benutzer ab, sobald seine Weiterleitung steht. Test: eine Mail von außen an die Adresse schicken.', 'Tick each user once their forwarding is set. Test: send a mail from outside to the address.'),
    };
  },
};

const internalRelay: StepDefinition = {
  id: 'internal-relay', number: 6, kind: 'manual', optional: false, needs: [],
  title: { de: 'Domänentyp auf Interne Relaydomäne stellen', en: 'Set the domain type to Internal relay' },
  guide: (ctx, locale) => ({
    intro: t(locale,
      `Exchange Online muss wissen, dass es für **${ctx.domain}** auch Postfächer anderswo gibt. Sonst kommen Mails an Kollegen beim Anbieter als unzustellbar zurück.`,
      `Exchange Online must know that **${ctx.domain}** also has mailboxes elsewhere. Otherwise mail to colleagues at the provider bounces as undeliverable.`),
    sections: [{
      heading: 'Exchange Admin Center',
      lines: [
        t(locale, `**Nachrichtenfluss** → **Akzeptierte Domänen** → **${ctx.domain}** → Domänentyp von **Autoritative Domäne** auf **Interne Relaydomäne** ändern → **Speichern**.`,
          `**Mail flow** → **Accepted domains** → **${ctx.domain}** → change the domain type from **Authoritative** to **Internal relay** → **Save**.`),
        t(locale, 'Meldet das Speichern, dass ein ausgehender Connector fehlt, klicke unten auf „Speichern verlangte einen Connector“.', 'If saving says an outbound connector is missing, click "Saving asked for a connector" below.'),
      ],
      link: { title: t(locale, 'Akzeptierte Domänen öffnen', 'Open Accepted domains'), url: LINKS.exchangeAcceptedDomains },
    }],
    values: [{ label: t(locale, 'Domänentyp', 'Domain type'), value: 'InternalRelay' }],
    powershell: [
      'Connect-ExchangeOnline',
      `Set-AcceptedDomain -Identity ${ctx.domain} -DomainType InternalRelay`,
      `Get-AcceptedDomain -Identity ${ctx.domain} | Format-List Name,DomainType`,
    ].join('\n'),
    help: t(locale, 'Zur Kontrolle: Get-AcceptedDomain zeigt DomainType InternalRelay.', 'To check: Get-AcceptedDomain shows DomainType InternalRelay.'),
  }),
};

const outboundConnector: StepDefinition = {
  id: 'outbound-connector', number: 7, kind: 'manual', optional: true, needs: [],
  title: { de: 'Ausgehender Connector (nur wenn verlangt)', en: 'Outbound connector (only when asked for)' },
  guide: (ctx, locale) => ({
    intro: t(locale,
      'Normalerweise nicht nötig. Nur wenn das Speichern in Schritt 6 einen ausgehenden Connector verlangt hat: Partner-Connector, opportunistisches TLS, Zustellung über den MX-Eintrag.',
      'Usually not needed. Only if saving step 6 asked for an outbound connector: a partner connector, opportunistic TLS, delivery through the MX record.'),
    sections: [{
      heading: 'Exchange Admin Center',
      lines: [
        t(locale, '**Nachrichtenfluss** → **Connectors** → **Connector hinzufügen** → Von **Office 365** an **Organisation des Partners**.',
          '**Mail flow** → **Connectors** → **Add a connector** → from **Office 365** to **Partner organization**.'),
        t(locale, `Verwenden, wenn E-Mails an diese Domänen gesendet werden: **${ctx.domain}** · Routing: **MX-Eintrag der Empfängerdomäne** · Sicherheit: TLS **nicht** erzwingen (opportunistisch).`,
          `Use when email is sent to these domains: **${ctx.domain}** · Routing: **MX record of the recipient domain** · Security: do **not** require TLS (opportunistic).`),
      ],
      link: { title: t(locale, 'Connectors öffnen', 'Open Connectors'), url: LINKS.exchangeConnectors },
    }],
    values: [
      { label: t(locale, 'Typ', 'Type'), value: 'Partner' },
      { label: t(locale, 'Domänen', 'Domains'), value: ctx.domain },
      { label: 'Routing', value: t(locale, 'MX-Eintrag', 'MX record') },
      { label: 'TLS', value: t(locale, 'opportunistisch', 'opportunistic') },
    ],
    powershell: [
      'Connect-ExchangeOnline',
      `New-OutboundConnector -Name "coexist ${ctx.domain}" -ConnectorType Partner -RecipientDomains ${ctx.domain} -UseMXRecord $true -RequireTls $false -TlsSettings $null -Enabled $true`,
    ].join('\n'),
    help: t(locale, 'Hat Schritt 6 keinen Connector verlangt, überspringe diesen Schritt.', 'If step 6 did not ask for a connector, skip this step.'),
  }),
};

const spf: StepDefinition = {
  id: 'spf', number: 8, kind: 'dns', optional: false, needs: [], probe: 'spf',
  title: { de: 'SPF-Eintrag ergänzen', en: 'Extend the SPF record' },
  verified: { de: 'SPF ist jetzt sichtbar ✓', en: 'SPF is now visible ✓' },
  guide: (ctx, locale) => {
    const value = ctx.spfExpected ?? DEFAULT_SPF;
    return {
      intro: t(locale,
        'Der SPF-Eintrag sagt, welche Server für die Domäne senden dürfen. Er muss Microsoft 365 **und** den Anbieter enthalten: lieber kein SPF als ein falscher.',
        'The SPF record says which servers may send for the domain. It must list Microsoft 365 **and** the provider: better no SPF than a wrong one.'),
      sections: [
        dnsPanel(ctx, locale, 'TXT', '@'),
        {
          heading: t(locale, 'Wichtig', 'Important'),
          lines: [
            t(locale, 'Nur **ein** TXT-Eintrag mit v=spf1: den vorhandenen ändern, keinen zweiten anlegen. include:spf.protection.outlook.com steht direkt nach v=spf1.',
              'Only **one** TXT record starting with v=spf1: edit the existing one, do not add a second. include:spf.protection.outlook.com goes right after v=spf1.'),
          ],
        },
      ],
      values: [
        { label: t(locale, 'Typ', 'Type'), value: 'TXT' },
        { label: t(locale, 'Host', 'Host'), value: '@' },
        { label: t(locale, ctx.spfExpected ? 'Neuer Wert (Ihr bisheriger Eintrag, um Microsoft 365 ergänzt)' : 'Wert (noch ohne Prüfung: Vorschlag der Anleitung)', ctx.spfExpected ? 'New value (your current record with Microsoft 365 merged in)' : 'Value (not checked yet: the guide\'s default)'), value },
      ],
      help: t(locale,
        'Geprüft wird: genau ein SPF-Eintrag, Microsoft 365 und der Anbieter berechtigt, höchstens 10 DNS-Abfragen (RFC 7208 4.6.4).',
        'Checked: exactly one SPF record, Microsoft 365 and the provider authorized, at most 10 DNS lookups (RFC 7208 4.6.4).'),
    };
  },
};

const mfa: StepDefinition = {
  id: 'mfa', number: 9, kind: 'info', optional: false, needs: [],
  title: { de: 'Zwei-Faktor-Anmeldung einrichten', en: 'Set up two-factor sign-in' },
  guide: (_ctx, locale) => ({
    intro: t(locale,
      'Zum Schluss richtet jeder umgezogene Benutzer die Mehrstufige Authentifizierung (MFA) ein.',
      'Finally, every user who moved sets up multi-factor authentication (MFA).'),
    sections: [{
      heading: t(locale, 'Für jeden Benutzer', 'For each user'),
      lines: [t(locale, 'Mit dem eigenen Konto **aka.ms/mfasetup** öffnen und den Schritten folgen (z. B. Microsoft Authenticator).', 'Sign in with their own account at **aka.ms/mfasetup** and follow the steps (e.g. Microsoft Authenticator).')],
      link: { title: 'aka.ms/mfasetup', url: LINKS.mfaSetup },
    }],
    values: [{ label: 'Link', value: 'https://aka.ms/mfasetup' }],
    help: t(locale, 'Bestätige, sobald alle Benutzer MFA eingerichtet haben.', 'Confirm once every user has set up MFA.'),
  }),
};

/** The procedure, in order. */
export const STEPS: readonly StepDefinition[] = [verifyDomain, mx, autodiscover, userAddresses, forwarding, internalRelay, outboundConnector, spf, mfa];

const BY_ID = new Map<string, StepDefinition>(STEPS.map((s) => [s.id, s]));

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value);
}

/** The definition of a step. Pure; throws only for an id that is not a StepId (a programming error). */
export function stepDefinition(id: StepId): StepDefinition {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown step id ${id}`);
  return def;
}

export const DNS_STEP_IDS: readonly DnsStepId[] = ['verify-domain', 'mx', 'autodiscover', 'spf'];

export function isDnsStepId(value: unknown): value is DnsStepId {
  return typeof value === 'string' && (DNS_STEP_IDS as readonly string[]).includes(value);
}
