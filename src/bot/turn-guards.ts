import { ActivityTypes, INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { requestLogFields } from '../http/request-context';
import { MAX_MESSAGE_TEXT_CHARS, messageTextTooLong } from '../http/request-guards';
import type { Locale } from '../i18n/locale';
import { probesBusyText, rateLimitedText } from '../limits/messages';
import type { ProbeGate } from '../limits/probe-gate';
import type { LimitSubject, TurnLimiter } from '../limits/turn-limiter';
import { cardSubmitOf, checkCardSubmit } from '../cards/card-submit-schema';
import { activityLocale } from './locale';

/** Runs before the routes; resolves false when it has answered the turn itself (the routes are skipped). */
export type BeforeTurn = (context: TurnContext) => Promise<boolean>;

const invalidAction: Readonly<Record<Locale, string>> = {
  de: 'Diese Schaltfläche kann ich nicht ausführen (unbekannte oder ungültige Aktion). Es wurde nichts geändert; /status zeigt den aktuellen Stand.',
  en: 'I cannot run this button (unknown or invalid action). Nothing was changed; /status shows the current state.',
};

const textTooLong: Readonly<Record<Locale, string>> = {
  de: `Diese Nachricht ist zu lang (mehr als ${MAX_MESSAGE_TEXT_CHARS} Zeichen); ich habe sie nicht gelesen. Bitte senden Sie nur den Befehl oder den Teil der Fehlermeldung, um den es geht (z. B. die Zeile mit „550 5.1.10“).`,
  en: `This message is too long (more than ${MAX_MESSAGE_TEXT_CHARS} characters); I did not read it. Please send only the command or the part of the error message that matters (e.g. the line with "550 5.1.10").`,
};

/** The refusal of a message text over {@link MAX_MESSAGE_TEXT_CHARS}, in the person's language. Pure. */
export function textTooLongText(locale: Locale): string {
  return textTooLong[locale];
}

/** The refusal of a card submit that fails the schema, in the person's language. Pure. */
export function invalidActionText(locale: Locale): string {
  return invalidAction[locale];
}

/** Who is acting, as the rate limiter keys it: tenant and AAD object id (Teams), else the channel's user id. Pure. */
export function limitSubjectOf(activity: TurnContext['activity']): LimitSubject {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenantId = activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : undefined);
  return { tenantId, userId: activity.from?.aadObjectId ?? activity.from?.id };
}

/**
 * Answers the turn with a short text without running any route: as the invoke response of a card click (Teams
 * shows it and keeps the card), or as a message. May throw what `sendActivity` throws.
 */
export async function answerWithText(context: TurnContext, text: string): Promise<void> {
  if (context.activity.type === ActivityTypes.Invoke) {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: {
      statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } } });
    return;
  }
  await context.sendActivity(text);
}

/** What the probe-heavy handlers call before running live DNS checks (`deps.limits`). */
export interface BotLimits {
  /**
   * Takes `cost` probe units (one per DNS step checked) for the activity's user and tenant. Refused: the localized
   * text to show (the caller answers with it, e.g. via {@link answerWithText}). Never throws.
   */
  probes(activity: TurnContext['activity'], cost: number): { readonly allowed: true } | { readonly allowed: false; readonly text: string };
  /** Takes one unit of the new-migration budget for the activity's user and tenant; as {@link probes} otherwise. */
  newMigration(activity: TurnContext['activity']): { readonly allowed: true } | { readonly allowed: false; readonly text: string };
  /** The process-wide gate every live probe runs through: bounded concurrency, bounded queue, a deadline per call. */
  readonly probeGate: ProbeGate;
  /** The refusal when the gate answers `busy`, in the activity's language. Pure. */
  busyText(activity: TurnContext['activity']): string;
}

/** Builds {@link BotLimits} over a limiter (undefined: probes are not rate-limited, e.g. COEXIST_RATE_LIMIT=off). */
export function createBotLimits(limiter: TurnLimiter | undefined, probeGate: ProbeGate): BotLimits {
  const take = (action: 'probe' | 'migration', activity: TurnContext['activity'], cost: number) => {
    if (!limiter) return { allowed: true } as const;
    const decision = limiter.check(action, limitSubjectOf(activity), Math.max(1, Math.ceil(cost)));
    return decision.allowed ? { allowed: true } as const : { allowed: false, text: rateLimitedText(activityLocale(activity), decision.retryAfterMs) } as const;
  };
  return {
    probes: (activity, cost) => take('probe', activity, cost),
    newMigration: (activity) => take('migration', activity, 1),
    probeGate,
    busyText: (activity) => probesBusyText(activityLocale(activity)),
  };
}

export interface TurnGuardOptions {
  /** Per-tenant and per-user flood bound on every turn (far above human pace); undefined turns rate limiting off. */
  readonly limiter?: TurnLimiter;
  readonly logger: Logger;
  /** Verbs beyond the procedure's and `procedure.goto` that some route handles. */
  readonly extraVerbs?: readonly string[];
  readonly clock?: () => number;
}

/**
 * The guard in front of every route: a person's message or card click counts against the turn flood bound (a refusal
 * is answered in their language, once per wait, then further turns are dropped quietly until the wait is over), and
 * a message text must stay within {@link MAX_MESSAGE_TEXT_CHARS} (else a short localized refusal before any matching),
 * and a card submit must fit the schema (else a short localized answer instead of a 501 or a confusing reply).
 */
export function createTurnGuard(options: TurnGuardOptions): BeforeTurn {
  const clock = options.clock ?? Date.now;
  // Who was already told to wait, and until when: one refusal per wait, not one reply per flooded message.
  const told = new Map<string, number>();
  return async (context) => {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Invoke) return true;
    if (options.limiter) {
      const subject = limitSubjectOf(activity);
      const decision = options.limiter.check('turn', subject);
      if (!decision.allowed) {
        const key = `${subject.tenantId ?? ''}\u0000${subject.userId ?? ''}`;
        const now = clock();
        options.logger.info({ ...requestLogFields(activity), retryAfterMs: decision.retryAfterMs, activityType: activity.type }, 'turn refused: rate limit');
        if (activity.type === ActivityTypes.Invoke || (told.get(key) ?? 0) <= now) {
          if (told.size > 10_000) told.clear();
          told.set(key, now + decision.retryAfterMs);
          await answerWithText(context, rateLimitedText(activityLocale(activity), decision.retryAfterMs));
        }
        return false;
      }
    }
    if (activity.type === ActivityTypes.Message && messageTextTooLong(activity.text)) {
      options.logger.info({ ...requestLogFields(activity), textLength: (activity.text ?? '').length }, 'message refused: text too long');
      await answerWithText(context, textTooLongText(activityLocale(activity)));
      return false;
    }
    const submit = cardSubmitOf(activity);
    if (submit) {
      const check = checkCardSubmit(submit.verb, submit.data, options.extraVerbs);
      if (!check.ok) {
        options.logger.info({ ...requestLogFields(activity), reason: check.reason, kind: submit.kind }, 'card submit refused');
        await answerWithText(context, invalidActionText(activityLocale(activity)));
        return false;
      }
    }
    return true;
  };
}

/**
 * After the routes ran: an invoke nobody answered would make botbuilder reply 501. A card click gets `cardText`
 * (default: the "cannot run this button" text); any other invoke name (nothing in our manifest sends one) a 400.
 * Sending an invoke response makes no network call. May throw what `sendActivity` throws.
 */
export async function answerUnhandledInvoke(context: TurnContext, cardText?: string): Promise<void> {
  if (context.activity.type !== ActivityTypes.Invoke || context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  if (context.activity.name === 'adaptiveCard/action') {
    await answerWithText(context, cardText ?? invalidActionText(activityLocale(context.activity)));
    return;
  }
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 400, body: { error: { code: 'UnsupportedInvoke', message: 'This invoke is not supported by this bot.' } } } });
}
