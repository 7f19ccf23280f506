import { CardFactory, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { renderCardOrThrow, type AdaptiveCardJson } from '../../cards/render';
import helpTemplate from '../../cards/templates/help.json';
import { helpTexts } from '../../i18n/help';
import type { Locale } from '../../i18n/locale';
import { commandSelector } from '../commands';
import { activityLocale } from '../locale';

/**
 * The help card (Adaptive Card 1.5) in one language. Pure; throws only if the template is broken
 * (covered by tests). `notUnderstood` adds the "I did not understand" line for the fallback.
 */
export function buildHelpCard(locale: Locale, options: { notUnderstood?: boolean } = {}): AdaptiveCardJson {
  const texts = helpTexts(locale);
  return renderCardOrThrow(helpTemplate, {
    ...texts,
    // A one-element list rather than `$when`: a false `$when` makes adaptivecards-templating emit a warning.
    leads: options.notUnderstood === true ? [{ text: texts.notUnderstood }] : [],
  });
}

/** Sends the help card in the activity's language. May throw what `sendActivity` throws. */
export async function sendHelp(context: TurnContext, options: { notUnderstood?: boolean } = {}): Promise<void> {
  const card = buildHelpCard(activityLocale(context.activity), options);
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
}

/** Routes `/help` and `help` (exactly; "help with SPF" is a question for the helpdesk). */
export function registerHelp<TState extends TurnState>(app: Application<TState>): void {
  app.message(commandSelector('help', false), async (context) => {
    await sendHelp(context);
  });
}
