/**
 * The scheduler's `deliver` over the Bot Framework adapter: a proactive message or an in-place card update in
 * the conversation of a stored reference (`adapter.continueConversationAsync`). The scheduler itself never imports
 * the Bot Framework; this is its only way out.
 */
import { CardFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Deliver, DeliveryResult, OutgoingMessage } from '../scheduler/ports';
import { NEVER_SENT_CODES } from '../http/connector-deadline';

/** The part of botbuilder's CloudAdapter (teams-ai's TeamsAdapter) that proactive sending needs. */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

interface ErrorFacts { status?: number; code?: string; detail: string }

/** Reads what botframework-connector's RestError (or a network error) tells. Pure. */
export function errorFacts(error: unknown): ErrorFacts {
  const e = error as { statusCode?: unknown; status?: unknown; code?: unknown; cause?: { code?: unknown }; message?: unknown } | undefined;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.status === 'number' ? e.status : undefined;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  const detail = typeof e?.message === 'string' ? e.message : String(error);
  return { ...(status !== undefined ? { status } : {}), ...(code !== undefined ? { code } : {}), detail: detail.slice(0, 300) };
}

/**
 * Teams' documented answers that mean the bot is no longer in the conversation, so nothing sent there can arrive
 * again until it is re-added (Microsoft Teams platform, "Status codes from bot conversational APIs",
 * learn.microsoft.com/microsoftteams/platform/bots/build-conversational-capability#status-codes-from-bot-conversational-apis):
 * 403 BotNotInConversationRoster ("the bot isn't part of the conversation roster"). Every other 403 there
 * (BotDisabledByAdmin, ConversationBlockedByUser, a missing permission) can change without a re-install and is retried.
 */
export const BOT_REMOVED_CODES: ReadonlySet<string> = new Set(['BotNotInConversationRoster']);

/** True for a 403 whose error code (or, without a code, whose message) says the bot left the conversation's roster. Pure. */
function botRemoved(facts: ErrorFacts): boolean {
  if (facts.status !== 403) return false;
  if (facts.code !== undefined && BOT_REMOVED_CODES.has(facts.code)) return true;
  return facts.code === undefined && /not part of the conversation roster|BotNotInConversationRoster/i.test(facts.detail);
}

/**
 * Maps a failed connector call to a delivery result. Only {@link BOT_REMOVED_CODES} mean "gone" (reminders stop);
 * a refused connection or a 4xx/429/503 answer means it certainly did not arrive (the scheduler retries with
 * back-off: a 404 ConversationNotFound after a client restart, a blocked or disabled bot may come back); other
 * failures (a 5xx after the request went out, a timeout) are uncertain and count as sent, so nothing is repeated. Pure.
 */
export function failureResult(error: unknown): DeliveryResult {
  const facts = errorFacts(error);
  if (botRemoved(facts)) return { kind: 'gone', status: 403, detail: facts.detail };
  const refused = facts.status !== undefined && ((facts.status >= 400 && facts.status < 500) || facts.status === 503);
  const notDelivered = (facts.code !== undefined && NEVER_SENT_CODES.has(facts.code)) || refused;
  return { kind: 'failed', notDelivered, detail: `${facts.status ?? facts.code ?? 'error'}${facts.code && facts.status !== undefined ? ` ${facts.code}` : ''}: ${facts.detail}` };
}

function activityOf(message: OutgoingMessage): { type: 'message'; text?: string; attachments?: ReturnType<typeof CardFactory.adaptiveCard>[] } {
  return message.type === 'text'
    ? { type: 'message', text: message.text }
    : { type: 'message', attachments: [CardFactory.adaptiveCard(message.card)] };
}

function isReference(value: unknown): value is Partial<ConversationReference> {
  const r = value as Partial<ConversationReference> | undefined;
  return typeof r === 'object' && r !== null && typeof r.serviceUrl === 'string' && typeof r.conversation?.id === 'string';
}

/**
 * Builds the scheduler's `deliver`. `botAppId` is the registration's app id, or undefined in anonymous mode
 * (then '' is passed, which botbuilder accepts without credentials). A card with `replaceActivityId` is updated
 * in place; when Teams no longer knows that activity (404 ActivityNotFoundInConversation, or another 4xx
 * except 403 and 429) the card goes out as a new message. Resolves, never rejects.
 */
export function createAdapterDeliver(adapter: ProactiveAdapter, botAppId: string | undefined): Deliver {
  return async (reference, message) => {
    if (!isReference(reference)) {
      return { kind: 'failed', notDelivered: true, detail: 'stored conversation reference has no serviceUrl or conversation id' };
    }
    let result: DeliveryResult = { kind: 'failed', notDelivered: true, detail: 'the adapter did not run the proactive turn' };
    try {
      await adapter.continueConversationAsync(botAppId ?? '', reference, async (context) => {
        const activity = activityOf(message);
        if (message.type === 'card' && message.replaceActivityId) {
          try {
            await context.updateActivity({ ...activity, id: message.replaceActivityId });
            result = { kind: 'sent', activityId: message.replaceActivityId };
            return;
          } catch (error) {
            const facts = errorFacts(error);
            if (facts.status === 403 || facts.status === 429 || facts.status === undefined || facts.status < 400 || facts.status >= 500) {
              result = failureResult(error);
              return;
            }
            // 404 ActivityNotFoundInConversation (Teams forgets old activities) or 400: the update certainly did
            // not happen, so the card is posted anew.
          }
        }
        try {
          const response = await context.sendActivity(activity);
          result = { kind: 'sent', ...(response?.id ? { activityId: response.id } : {}) };
        } catch (error) {
          result = failureResult(error);
        }
      });
    } catch (error) {
      // Raised before any request (e.g. building the connector client): nothing went out.
      const failed = failureResult(error);
      result = failed.kind === 'failed' ? { ...failed, notDelivered: true } : failed;
    }
    return result;
  };
}
