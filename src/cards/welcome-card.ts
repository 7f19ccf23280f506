import { VERBS } from './actions';
import { renderCardOrThrow, type AdaptiveCardJson } from './render';
import welcomeTemplate from './templates/welcome.json';
import type { Locale } from '../i18n/locale';
import { welcomeTexts } from '../i18n/welcome';

/**
 * The card sent when the bot is installed or added to a conversation (Adaptive Card 1.5): what coexist is, the three
 * things it does, and a domain input whose button starts a migration (`migration.start`, the domain merged into the
 * action's data by the client as `domain`). Pure; throws only if the template is broken (covered by tests).
 */
export function buildWelcomeCard(locale: Locale): AdaptiveCardJson {
  const texts = welcomeTexts(locale);
  return renderCardOrThrow(welcomeTemplate, {
    ...texts,
    things: texts.things.map((t) => ({ line: `**${t.title}**: ${t.text}` })),
    verb: VERBS.start,
  });
}
