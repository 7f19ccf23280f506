import { CardFactory, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AppDeps } from '../../app/deps';
import { buildWelcomeCard } from '../../cards/welcome-card';
import { requestLogFields } from '../../http/request-context';
import type { RegisterHandlers } from '../create-app';
import { activityLocale } from '../locale';

/**
 * How long one conversation's welcome counts as sent. Teams announces an install in a personal chat twice
 * (installationUpdate "add" and conversationUpdate with the bot in membersAdded), possibly to two instances: the
 * store's `markOnce` lets the first win. A re-install later than this is welcomed again.
 */
export const WELCOME_ONCE_MS = 10 * 60_000;

/** True when the activity says this bot was just installed in, or added to, its conversation. Pure. */
export function isBotArrival(activity: TurnContext['activity']): boolean {
  if (activity.type === 'installationUpdate') return activity.action === 'add' || activity.action === 'add-upgrade';
  if (activity.type !== 'conversationUpdate') return false;
  const botId = activity.recipient?.id;
  return botId !== undefined && (activity.membersAdded ?? []).some((m) => m.id === botId);
}

async function welcome(context: TurnContext, deps: AppDeps): Promise<void> {
  const activity = context.activity;
  if (!isBotArrival(activity)) return;
  const conversationId = activity.conversation?.id ?? '';
  const tenantId = activity.conversation?.tenantId ?? deps.devTenantId ?? '';
  if (!(await deps.store.markOnce(`welcome:${tenantId}:${conversationId}`, WELCOME_ONCE_MS))) return;
  deps.logger.info({ ...requestLogFields(activity), activityType: activity.type, conversationId }, 'welcome card sent');
  await context.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(buildWelcomeCard(activityLocale(activity)))] });
}

/**
 * Routes the bot's arrival in a conversation (installationUpdate add, conversationUpdate with the bot among the
 * members added) to one welcome card in the activity's language. Other members joining get nothing.
 */
export function registerWelcome(deps: AppDeps): RegisterHandlers {
  return (app: Application<TurnState>) => {
    app.activity('installationUpdate', async (context) => welcome(context, deps));
    app.conversationUpdate('membersAdded', async (context) => welcome(context, deps));
  };
}
