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

/** Error codes of a request that never reached the connector: retrying cannot duplicate it. */

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
 * Maps a failed connector call to a delivery result: 403 (BotNotInConversationRoster) and 404 for the
 * conversation mean the bot was removed; refused connections, 429 and 503 mean it certainly did not arrive;
 * anything else is uncertain (counts as sent, so it is never repeated). Pure.
 */
export function failureResult(error: unknown): DeliveryResult {
  const facts = errorFacts(error);
  if (facts.status === 403) return { kind: 'gone', status: 403, detail: facts.detail };
  if (facts.status === 404 && /ConversationNotFound|conversation/i.test(facts.detail)) return { kind: 'gone', status: 404, detail: facts.detail };
  const notDelivered = (facts.code !== undefined && NEVER_SENT_CODES.has(facts.code)) || facts.status === 429 || facts.status === 503;
  return { kind: 'failed', notDelivered, detail: `${facts.status ?? facts.code ?? 'error'}: ${facts.detail}` };
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
 * except 403) the card goes out as a new message. Resolves, never rejects.
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
            if (facts.status === 403 || facts.status === undefined || facts.status < 400 || facts.status >= 500) {
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
