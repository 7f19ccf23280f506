import type { Locale, Localized } from './locale';

/** One line of the help card: what to type and what it does. */
export interface HelpCommand {
  command: string;
  description: string;
}

export interface HelpTexts {
  title: string;
  intro: string;
  commandsHeading: string;
  commands: HelpCommand[];
  freeText: string;
  notUnderstood: string;
  somethingWentWrong: string;
}

// No angle brackets ("<domain>"): Teams renders card text as markdown and drops them as HTML tags.
const COMMANDS: ReadonlyArray<{ command: string | Localized; description: Localized }> = [
  { command: { de: '/migrate meinefirma.de', en: '/migrate example.com' }, description: {
    de: 'Mischbetrieb für eine Domain einrichten, Schritt für Schritt mit Live-Prüfung der DNS-Einträge',
    en: 'Set up mixed operation for a domain, step by step, with live checks of the DNS records' } },
  { command: '/status', description: { de: 'Übersicht aller Schritte und was noch offen ist', en: 'Overview of all steps and what is still open' } },
  { command: '/check', description: { de: 'Alle DNS-Schritte jetzt neu prüfen', en: 'Check every DNS step again now' } },
  { command: '/reset', description: { de: 'Von vorn beginnen (mit Rückfrage)', en: 'Start over (asks for confirmation)' } },
  { command: '/users', description: { de: 'Wo jedes Postfach liegt: Adressen, Alias, Weiterleitung je Benutzer', en: 'Where each mailbox is: addresses, alias, forwarding per user' } },
  { command: '/connect', description: { de: 'Microsoft 365 nur lesend verbinden, damit der Bot Schritte selbst bestätigt (/disconnect trennt)', en: 'Connect Microsoft 365 read-only so the bot proves steps by itself (/disconnect undoes it)' } },
  { command: '/remind on|off', description: { de: 'Erinnerungen an offene Schritte ein- oder ausschalten', en: 'Turn reminders about open steps on or off' } },
  { command: '/help', description: { de: 'Diese Hilfe anzeigen', en: 'Show this help' } },
];

const TEXTS: Localized<Omit<HelpTexts, 'commands'>> = {
  de: {
    title: 'coexist: Mischbetrieb Provider + Microsoft 365',
    intro: 'Ich begleite Sie durch den Mischbetrieb einer Mail-Domain: einige Postfächer bleiben beim bisherigen Anbieter (z. B. Strato, IONOS), andere ziehen zu Microsoft 365 um.',
    commandsHeading: 'Befehle',
    freeText: 'Fragen in eigenen Worten (z. B. „Warum kommen Mails an Kollegen zurück?“ oder eine eingefügte Unzustellbarkeitsmeldung) beantwortet der Helpdesk.',
    notUnderstood: 'Das habe ich nicht verstanden. Hier ist, was ich kann:',
    somethingWentWrong: 'Da ist bei mir etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
  },
  en: {
    title: 'coexist: mixed operation provider + Microsoft 365',
    intro: 'I guide you through the mixed operation of one mail domain: some mailboxes stay at the current provider (e.g. Strato, IONOS), others move to Microsoft 365.',
    commandsHeading: 'Commands',
    freeText: 'Questions in your own words (e.g. "Why do mails to colleagues bounce?" or a pasted bounce message) go to the helpdesk.',
    notUnderstood: 'I did not understand that. Here is what I can do:',
    somethingWentWrong: 'Something went wrong on my side. Please try again in a moment.',
  },
};

/** The help texts in one language. Pure. */
export function helpTexts(locale: Locale): HelpTexts {
  return { ...TEXTS[locale], commands: COMMANDS.map((c) => ({
    command: typeof c.command === 'string' ? c.command : c.command[locale],
    description: c.description[locale],
  })) };
}
