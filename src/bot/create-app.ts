import { TurnContext, type ConversationReference, type Storage } from 'botbuilder';
import type { SaveConversationReference as SaveReference } from '../app/reference-cache';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import { requestLogFields } from '../http/request-context';
import { helpTexts } from '../i18n/help';
import { storeTimeoutText } from '../i18n/storage';
import { isStoreTimeout, StoreTimeoutError } from '../store/deadline-store';
import { registerHelp, sendHelp } from './handlers/help';
import { isConnectorUnreachable } from '../http/connector-deadline';
import { activityLocale } from './locale';
import { answerUnhandledInvoke, type BeforeTurn } from './turn-guards';

/** Stores the latest reference of a conversation (for proactive messages); see src/app/reference-cache.ts. */
export type SaveConversationReference = SaveReference<Partial<ConversationReference>>;

/** Registers routes on the Application. Handlers are registered in order; the first matching route wins. */
export type RegisterHandlers = (app: Application<TurnState>) => void;

export interface BotOptions {
  adapter: TeamsAdapter;
  /** The Microsoft App ID, needed for proactive messages; undefined in anonymous mode. */
  botAppId: string | undefined;
  saveReference: SaveConversationReference;
  logger: Logger;
  /** Turn-state storage; none means turn state lives only for the turn. */
  storage?: Storage;
  /** Extra routes (migration flow, card verbs…), registered after /help and before the fallback. */
  handlers?: readonly RegisterHandlers[];
  /** Answers any message no route took. Default: the help card with "I did not understand". */
  fallback?: (context: TurnContext, state: TurnState) => Promise<void>;
  /**
   * Run in order before anything else in a turn (rate limit, card-submit schema: `createTurnGuard` in
   * ./turn-guards); the first that resolves false has answered the turn, and no route runs.
   */
  beforeTurn?: readonly BeforeTurn[];
}

export interface Bot {
  app: Application<TurnState>;
  /** One turn: the guards, then refreshes the stored conversation reference, then runs the routes. Throws what handlers throw. */
  handleTurn: (context: TurnContext) => Promise<void>;
}

/** The apology for a failed turn: the store's deadline has its own text (what was changed), anything else the generic one. */
function turnFailureText(context: TurnContext, error: unknown): string {
  const locale = activityLocale(context.activity);
  return isStoreTimeout(error) ? storeTimeoutText(locale, error.mayHaveWritten) : helpTexts(locale).somethingWentWrong;
}

/**
 * Builds the teams-ai Application with its routes. No I/O until a turn runs.
 * Route order: /help, `options.handlers`, then the message fallback (last, so every command wins over it).
 */
export function createBot(options: BotOptions): Bot {
  const app = new Application<TurnState>({
    adapter: options.adapter,
    botAppId: options.botAppId ?? '',
    storage: options.storage,
    // teams-ai's typing timer is shared across concurrent turns (toolchain-facts.md).
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
  });

  registerHelp(app);
  for (const register of options.handlers ?? []) register(app);
  const fallback = options.fallback ?? (async (context: TurnContext) => sendHelp(context, { notUnderstood: true }));
  app.activity('message', fallback);

  app.error(async (context, error) => {
    if (isStoreTimeout(error)) {
      options.logger.warn({ ...requestLogFields(context.activity), operation: error.operation, timeoutMs: error.timeoutMs, activityType: context.activity.type },
        'turn answered: the store did not answer in time');
      // A card click already got the text as its invoke response (handleTurn); a message gets it as a reply.
      if (context.activity.type !== 'invoke') await context.sendActivity(turnFailureText(context, error)).catch(() => undefined);
      return;
    }
    options.logger.error({ ...requestLogFields(context.activity), err: error, activityType: context.activity.type }, 'unhandled error in a turn');
    // The reply could not reach the connector: an apology would wait for the same failure (up to the deadline).
    if (isConnectorUnreachable(error)) return;
    try {
      await context.sendActivity(helpTexts(activityLocale(context.activity)).somethingWentWrong);
    } catch {
      // The connector is unreachable too; the log line above is all we can do.
    }
  });

  async function handleTurn(context: TurnContext): Promise<void> {
    try {
      // Guards first: a refused turn (rate limit, bad card submit) costs no store write.
      for (const guard of options.beforeTurn ?? []) {
        if (!(await guard(context))) return;
      }
      const conversationId = context.activity.conversation?.id;
      if (conversationId) {
        try {
          const saving = options.saveReference(conversationId, TurnContext.getConversationReference(context.activity));
          if (saving) await saving;
        } catch (error) {
          // The store did not answer: the turn's own reads would wait the same deadline again. Say so now.
          // Nothing of the user's turn ran yet, so "nothing was changed" holds even if the reference write lands later.
          if (isStoreTimeout(error)) throw new StoreTimeoutError(error.operation, error.timeoutMs, false);
          // A lost reference only delays reminders; the user's turn must still be answered.
          options.logger.warn({ ...requestLogFields(context.activity), err: error, conversationId }, 'could not store the conversation reference');
        }
      }
      await app.run(context);
    } catch (error) {
      // botbuilder would answer an invoke that failed before it had a response with 501; say it went wrong instead.
      await Promise.resolve()
        .then(() => answerUnhandledInvoke(context, turnFailureText(context, error)))
        .catch(() => undefined);
      throw error;
    }
    // An invoke no route answered would be a 501 from botbuilder; answer it (a card click gets a short text).
    await answerUnhandledInvoke(context);
  }

  return { app, handleTurn };
}
