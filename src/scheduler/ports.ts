/**
 * What the scheduler needs from the rest of the product, as narrow injected functions. The composition root
 * adapts the store's repositories, the procedure engine, the probes and the bot's proactive sender to these;
 * tests pass small real implementations. Nothing here imports the Bot Framework.
 */
import type { Locale, Localized } from '../i18n/locale';
import type { ProbeResult } from '../probes/types';
import type { PutResult, Versioned } from '../store/types';

/** A message the scheduler sends on its own. */
export type OutgoingMessage =
  | { type: 'text'; text: string }
  /** An Adaptive Card; with `replaceActivityId` it updates that earlier message in place (falling back to a new one). */
  | { type: 'card'; card: object; replaceActivityId?: string };

/** The outcome of one delivery attempt; delivery functions resolve, they do not reject. */
export type DeliveryResult =
  | { kind: 'sent'; activityId?: string }
  /** The bot was removed from the conversation (403 BotNotInConversationRoster): never try again. */
  | { kind: 'gone'; status: number; detail: string }
  /**
   * Not delivered. `notDelivered: true` only when it certainly did not arrive (connection refused, 5xx before any
   * side effect); a timeout after the request went out is uncertain and counts as sent, so nothing is sent twice.
   */
  | { kind: 'failed'; notDelivered: boolean; detail: string };

/** Sends or updates one message in the conversation of a stored reference (opaque to the scheduler). */
export type Deliver = (reference: unknown, message: OutgoingMessage) => Promise<DeliveryResult>;

/** A stored conversation reference, as the bot refreshed it on the last incoming activity. */
export interface StoredConversation {
  /** The Bot Framework ConversationReference, passed through to `deliver` unchanged. */
  reference: unknown;
  /** Set once a delivery answered "gone" (403 BotNotInConversationRoster): nothing more is sent there. */
  removedAt?: number;
}

export interface ConversationPort {
  get(tenantId: string, conversationId: string): Promise<StoredConversation | undefined>;
  /** Records that the bot was removed (idempotent). */
  markRemoved(tenantId: string, conversationId: string, at: number): Promise<void>;
}

/** A person's reminder settings (`/remind off|on`, the Teams time zone and locale). */
export interface ReminderSettings {
  remindersEnabled: boolean;
  /** IANA zone from Teams' clientInfo; checked with `resolveTimeZone` before use. */
  timeZone?: string;
  locale?: Locale;
}

export type SettingsPort = (tenantId: string, userId: string) => Promise<ReminderSettings>;

/** What the scheduler reads from a migration (the procedure engine's state stays opaque to it). */
export interface MigrationFacts {
  domain: string;
  /** Where proactive messages for this migration go (key of the stored conversation reference). */
  conversationId: string;
  /** Whose settings (`/remind`, time zone) apply: the admin who started it. */
  ownerUserId: string;
  locale: Locale;
  /** DNS steps waiting for a probe to confirm them. */
  pendingDnsSteps: readonly string[];
  /** Manual steps waiting for the admin, with the time they started waiting. */
  openManualSteps: ReadonlyArray<{ stepId: string; openSince: number }>;
  /** Every listed user has moved to Microsoft 365. */
  allUsersMoved: boolean;
  /** The cut-over is confirmed done (no more end-of-coexistence reminders). */
  cutoverDone: boolean;
  /** The migration's own `/remind` switch, when it has one; reminders go out only when this and the user's setting allow. */
  remindersEnabled?: boolean;
  /** Step titles, when the procedure has its own; else the scheduler's `STEP_TITLES`. */
  titles?: Readonly<Record<string, Localized>>;
}

/** The result of feeding a probe result into the procedure. */
export interface AppliedProbe<M> {
  migration: M;
  /** The step is now confirmed (it was pending before). */
  confirmed: boolean;
  /** The step the admin does next, when there is one. */
  nextStepId?: string;
  /** The step's card as it should now look, and the message it was last sent in, to update it in place. */
  card?: { card: object; activityId?: string };
  /** The state changed (e.g. the last probe result is recorded) and should be saved even when not confirmed. */
  changed?: boolean;
  /**
   * When the procedure wants the next re-check (its own backoff); `null` when it wants none now (the step is
   * probed again once the admin reaches it); absent: the scheduler's backoff policy decides.
   */
  recheckAt?: number | null;
  /** The procedure's own text for the confirmation, replacing the scheduler's "… is now visible ✓ — next: …". */
  announcement?: Localized;
}

/** The migration repository and the procedure engine, adapted for the scheduler. */
export interface MigrationPort<M = unknown> {
  load(tenantId: string, migrationId: string): Promise<Versioned<M> | undefined>;
  /** eTag-checked write; a conflict resolves `{ ok: false }`. */
  save(tenantId: string, migrationId: string, value: M, etag: string): Promise<PutResult>;
  /** Pure. */
  describe(migration: M): MigrationFacts;
  /** Pure: the procedure's transition for a probe result at `now`. */
  applyProbe(migration: M, stepId: string, result: ProbeResult, now: number): AppliedProbe<M>;
  /**
   * Pure: the migration with its live card moved to `activityId` (a card update fell back to a new message, or
   * there was no live card), so the next update replaces that message. Absent: the card's id is not kept.
   */
  withLiveCard?(migration: M, activityId: string): M;
}

/** Runs the probe for a DNS step of a migration. Never rejects (probes never throw). */
export type ProbeStep<M = unknown> = (stepId: string, facts: MigrationFacts, migration: M) => Promise<ProbeResult>;

/** Structured log lines; the composition root passes pino's methods. */
export interface SchedulerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLog: SchedulerLog = { info() {}, warn() {}, error() {} };
