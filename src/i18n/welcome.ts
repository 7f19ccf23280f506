import type { Locale, Localized } from './locale';

/** The welcome card's texts: what coexist is, the three things it does, and the "start a migration" input. */
export interface WelcomeTexts {
  title: string;
  intro: string;
  /** Exactly three: the guided setup, the helpdesk, the reminders. */
  things: Array<{ title: string; text: string }>;
  domainLabel: string;
  domainPlaceholder: string;
  domainMissing: string;
  start: string;
  more: string;
}

const TEXTS: Localized<WelcomeTexts> = {
  de: {
    title: 'Willkommen bei coexist',
    intro: 'Ich begleite den Mischbetrieb einer Mail-Domain: einige Postfächer bleiben beim bisherigen Anbieter (z. B. Strato, IONOS), andere ziehen zu Microsoft 365 um.',
    things: [
      { title: 'Einrichten', text: 'Schritt für Schritt, mit den genauen Werten für Ihren Anbieter; jeder DNS-Eintrag wird live geprüft, bevor es weitergeht.' },
      { title: 'Helpdesk', text: 'Fragen in eigenen Worten oder eine eingefügte Unzustellbarkeitsmeldung: Ursache, Live-Prüfung und Abhilfe.' },
      { title: 'Erinnern', text: 'Ich melde, sobald ein Eintrag sichtbar ist, und erinnere an offene Schritte.' },
    ],
    domainLabel: 'Migration starten: Ihre Mail-Domain',
    domainPlaceholder: 'meinefirma.de',
    domainMissing: 'Bitte geben Sie eine Domain ein, z. B. meinefirma.de.',
    start: 'Migration starten',
    more: 'Alle Befehle zeigt /help.',
  },
  en: {
    title: 'Welcome to coexist',
    intro: 'I guide the mixed operation of one mail domain: some mailboxes stay at the current provider (e.g. Strato, IONOS), others move to Microsoft 365.',
    things: [
      { title: 'Set up', text: 'Step by step, with the exact values for your provider; every DNS record is checked live before moving on.' },
      { title: 'Helpdesk', text: 'Questions in your own words or a pasted bounce message: the cause, live checks and the fix.' },
      { title: 'Remind', text: 'I say so as soon as a record is visible, and remind you of open steps.' },
    ],
    domainLabel: 'Start a migration: your mail domain',
    domainPlaceholder: 'example.com',
    domainMissing: 'Please enter a domain, e.g. example.com.',
    start: 'Start a migration',
    more: '/help shows every command.',
  },
};

/** The welcome texts in one language. Pure. */
export function welcomeTexts(locale: Locale): WelcomeTexts {
  return TEXTS[locale];
}
