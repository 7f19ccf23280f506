import type { Localized } from '../i18n/locale';
import type { ClarificationId, DiagnosisId } from './types';

/** One answer to a clarifying question: the diagnosis it leads to, and words in a question that already give it. */
export interface ClarifyOption {
  intent: DiagnosisId;
  label: Localized;
  /** Terms (the matcher's term syntax) that answer the question by themselves. */
  settles: readonly string[];
}

/**
 * A question the helpdesk asks when a message fits two diagnoses and only the person can tell which: it asks
 * instead of guessing, and the answer (a button) picks the diagnosis. Data, like the diagnoses table.
 */
export interface Clarification {
  id: ClarificationId;
  /** The symptom words that make the message ambiguous (any one of them). */
  symptom: readonly string[];
  /** Asked only when a person is named as the recipient ("an Petra", "to Mr Keller"). */
  needsPerson: boolean;
  question: Localized;
  options: readonly [ClarifyOption, ClarifyOption];
}

export const CLARIFICATIONS: readonly Clarification[] = [
  {
    // "My mail to Petra came back": Exchange Online refusing a colleague at the provider (the sender moved,
    // Internal Relay missing), or the provider refusing a moved colleague (its forwarding missing).
    id: 'bounce-direction',
    symptom: ['zurück*', 'bounce*', 'unzustellbar*', 'undeliverable', 'came back', 'come back', 'comes back', 'returned'],
    needsPerson: true,
    question: {
      de: 'Damit ich die richtige Ursache nenne: Wo liegt das Postfach des Absenders?',
      en: 'So that I name the right cause: where is the sender\'s mailbox?',
    },
    options: [
      {
        intent: 'bounce-internal-relay',
        label: { de: 'Der Absender ist schon in Microsoft 365', en: 'The sender is already in Microsoft 365' },
        settles: ['noch bei', 'still at', 'still on', 'noch im alten', 'alten postfach', 'old mailbox', 'nicht umgezogen', 'not moved',
          'noch nicht migriert', 'not yet migrated', 'strato', 'ionos', '1und1', '1&1', 'provider*', 'anbieter*', 'seit ich', 'since i',
          'ich bin umgezogen', 'i moved', 'i am on', 'im now on', 'aus outlook 365', 'from 365', 'kolleg*', 'colleague*', 'coworker*'],
      },
      {
        intent: 'forwarding-missing',
        label: { de: 'Der Absender ist noch beim Provider oder außerhalb', en: 'The sender is still at the provider or outside' },
        settles: ['schon umgezogen', 'already moved', 'already on', 'ist jetzt in', 'is now on', 'neue* postfach', 'new mailbox', 'seit er',
          'seit sie', 'since he', 'since she', 'kunde*', 'customer*', 'von draußen', 'from outside'],
      },
    ],
  },
];

/** The clarification with this id. Pure; throws only for an id outside the closed set (a programming error). */
export function clarificationById(id: ClarificationId): Clarification {
  const found = CLARIFICATIONS.find((c) => c.id === id);
  if (!found) throw new Error(`no clarification "${id}"`);
  return found;
}

/** Capitalized words after "an"/"to" that are not people. Normalized (lower case, umlauts folded). */
const NOT_A_PERSON = new Set(['kunden', 'kunde', 'kollegen', 'kollegin', 'kollege', 'mitarbeiter', 'mitarbeiterin', 'empfanger', 'externe', 'alle',
  'microsoft', 'office', 'outlook', 'exchange', 'gmail', 'hotmail', 'yahoo', 'google', 'apple', 'strato', 'ionos', 'gmx', 'team', 'support',
  'it', 'uns', 'euch', 'ihn', 'sie', 'mich', 'dich', 'the', 'our', 'my', 'all', 'everyone', 'customers', 'colleagues', 'i']);

/**
 * Whether the text names a person as the recipient: "an Petra", "an Frau Lang", "to Mr Keller", "sent to Lisa".
 * Pure. German nouns are capitalized too, so common nouns of this domain are excluded.
 */
export function namesRecipientPerson(text: string): boolean {
  for (const m of text.matchAll(/(?:^|[\s(])(?:an|to)\s+(?:(?:frau|herrn?|mr|mrs|ms|dr)\.?\s+)?(\p{Lu}[\p{Ll}-]+)/gu)) {
    const word = m[1]!.toLowerCase().replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u');
    if (!NOT_A_PERSON.has(word)) return true;
  }
  return false;
}
