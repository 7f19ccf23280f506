import type { Message } from '../i18n/message';
import type { Locale } from '../i18n/locale';
import type { ProbeResult, ProbeStatus } from '../probes/types';

/** Stable step ids, in the order of the procedure (DESIGN.md step table). */
export const STEP_IDS = [
  'verify-domain',
  'mx',
  'autodiscover',
  'user-addresses',
  'forwarding',
  'internal-relay',
  'outbound-connector',
  'spf',
  'mfa',
] as const;

export type StepId = (typeof STEP_IDS)[number];
export type DnsStepId = 'verify-domain' | 'mx' | 'autodiscover' | 'spf';
export type ChecklistStepId = 'user-addresses' | 'forwarding';
export type StepKind = 'dns' | 'manual' | 'info';
export type StepStatus = 'open' | 'waiting-for-dns' | 'done' | 'skipped';
export type Provider = 'strato' | 'ionos' | 'other';
export type InputField = 'verificationValue' | 'tenantName' | 'provider' | 'remaining' | 'users';

/**
 * Bumped whenever the stored shape changes; the store migrates older records (`migrationRecordType.upgrades`).
 * 2: a stored probe's advice is a catalog message (code and parameters) instead of English and German prose.
 */
export const SCHEMA_VERSION = 2;

export interface MigrationUser {
  /** Display name as typed (free text: escape before it reaches markdown). */
  name: string;
  /** Primary address at the migration's domain, lower case. */
  address: string;
  /** Alias at `<tenant>.onmicrosoft.com`, lower case: the forwarding target. */
  alias: string;
}

export interface MigrationInputs {
  /** `MS=ms12345678`, as Microsoft 365 shows it for the TXT verification. */
  verificationValue?: string;
  /** The tenant's initial domain, e.g. `firma.onmicrosoft.com` (lower case). */
  tenantName?: string;
  provider: Provider;
  /**
   * Whether mailboxes stay at the provider: `some` (mixed operation, the normal and stable end state, and the
   * default) or `none` (the admin said every mailbox moves). Only `none` ever leads to cut-over advice.
   */
  remaining?: 'some' | 'none';
  users: MigrationUser[];
}

/** The last probe seen for a DNS step, as stored (times in epoch milliseconds). */
export interface StoredProbe {
  status: ProbeStatus;
  found: unknown;
  expected: unknown;
  /** The probe's advice as a catalog code and parameters, rendered when a card is shown (never stored prose). */
  advice: Message;
  ttlSeconds?: number;
  at: number;
}

export interface Confirmation {
  /** AAD object id, or `probe` when a DNS probe confirmed the step, or `system` (e.g. step 7 not needed). */
  by: string;
  at: number;
}

export interface ChecklistEntry {
  done: boolean;
  by: string;
  at: number;
}

export interface StepState {
  status: StepStatus;
  /** Epoch ms when `status` last changed (for "step 7 is still open since Monday"). */
  since: number;
  /** Migration revision at this step's last change: a click from a card older than this is stale. */
  changedAt: number;
  lastProbe?: StoredProbe;
  /** Re-checks scheduled since the last change, for the back-off. */
  recheckAttempts?: number;
  /** Epoch ms of the pending re-check, if any. */
  recheckAt?: number;
  confirmed?: Confirmation;
  /** Per-user checklist (steps 4 and 5), keyed by the user's primary address. */
  checklist?: Record<string, ChecklistEntry>;
  /** spf only: the record to publish, as last injected with a probe result (never computed here). */
  suggestion?: string;
  /** autodiscover only: the admin said the provider cannot set the CNAME; show the guide's fallback. */
  fallback?: boolean;
  /** internal-relay only: saving the accepted domain asked for an outbound connector (makes step 7 due). */
  connectorRequested?: boolean;
}

export interface Migration {
  schemaVersion: number;
  tenantId: string;
  /** ASCII (A-label) form, lower case, no trailing dot. */
  domain: string;
  /** AAD object id of the admin who typed `/migrate`. */
  startedBy: string;
  /** AAD object ids allowed to change this migration (the starter at least). */
  admins: string[];
  /** Conversation the migration was started in (where proactive messages go), when the bot passed it. */
  conversationId?: string;
  /** Locale of the starter, for proactive messages nobody's turn decides. */
  locale?: Locale;
  createdAt: number;
  updatedAt: number;
  /** Increases with every change; cards carry it to detect stale clicks. */
  revision: number;
  /** Revision of the last change to the inputs (stale check for the inputs form). */
  inputsChangedAt: number;
  inputs: MigrationInputs;
  steps: Record<StepId, StepState>;
  /** First step that is neither done nor skipped; null when the mixed operation is running. */
  currentStep: StepId | null;
  reminders: boolean;
  completedAt?: number;
}

/** Who acts. `isConfiguredAdmin`: the id is in COEXIST_ADMINS (the bot decides, from config). */
export interface Actor {
  id: string;
  name?: string;
  isConfiguredAdmin: boolean;
}

/** A message in the catalog (`messages.ts`) with its parameters; rendered per locale by `renderMessage`. */
export interface MessageRef {
  key: MessageKey;
  params?: Readonly<Record<string, string | number>>;
}

export type MessageKey =
  | 'not-allowed'
  | 'no-migration'
  | 'invalid-domain'
  | 'did-you-mean'
  | 'migration-started'
  | 'migration-resumed'
  | 'card-outdated'
  | 'step-already-done'
  | 'step-not-done'
  | 'step-not-optional'
  | 'step-needs-probe'
  | 'checklist-incomplete'
  | 'unknown-user'
  | 'unknown-step'
  | 'inputs-invalid'
  | 'inputs-saved'
  | 'step-verified'
  | 'step-confirmed'
  | 'step-undone'
  | 'step-skipped'
  | 'probe-missing'
  | 'probe-wrong'
  | 'probe-error-retry'
  | 'checking'
  | 'reset-confirm-needed'
  | 'reset-done'
  | 'reset-cancelled'
  | 'reminder-open'
  | 'reminders-on'
  | 'reminders-off'
  | 'migration-complete'
  | 'inputs-needed'
  | 'bad-event';

/** Which card to show; the bot renders it per viewer's locale with `renderProcedureCard` (src/cards). */
export type CardModel =
  | { kind: 'step'; stepId: StepId; note?: MessageRef }
  | { kind: 'inputs'; note?: MessageRef; draft?: Partial<Record<InputField, string>>; errors?: Partial<Record<InputField, MessageRef>> }
  | { kind: 'status'; note?: MessageRef }
  | { kind: 'reset-confirm' }
  | { kind: 'done' }
  | { kind: 'did-you-mean'; domain: string; suggestion: string }
  /** A card that only says something (e.g. the answer to a click on a reset card). */
  | { kind: 'message'; message: MessageRef };

/**
 * Why probes run; the engine answers their results differently: `check` (a person clicked "Check now" on a
 * step card: update that card), `check-all` (`/check`: send the status card), `start`/`input`/`advance`/`timer`
 * (background: update the live card only when something changed).
 */
export type ProbeSource = 'start' | 'check' | 'check-all' | 'timer' | 'input' | 'advance';

export type Effect =
  /** Run these probes for the migration's domain and feed the results back as one `probe-result` event. */
  | { type: 'run-probes'; stepIds: DnsStepId[]; source: ProbeSource }
  /** Deliver a `timer` event (job `recheck`) for this step at epoch ms `at`; replaces a pending one. */
  | { type: 'schedule-recheck'; stepId: DnsStepId; at: number }
  /** Cancel pending jobs of these steps (all of this migration's jobs when `stepIds` is absent). */
  | { type: 'cancel-jobs'; stepIds?: StepId[] }
  /** Replace the card the person clicked (Action.Execute response), or the last card sent for this migration. */
  | { type: 'update-card'; card: CardModel }
  /** Post a new card in the conversation. */
  | { type: 'send-card'; card: CardModel }
  /** A proactive message to the migration's conversation (may arrive without any turn). */
  | { type: 'notify'; message: MessageRef }
  /** A text reply in the current turn. */
  | { type: 'reply'; message: MessageRef };

/** Raw form values as typed in the inputs card (any may be absent). */
export type InputValues = Partial<Record<InputField, string>>;

interface ActorEvent {
  actor: Actor;
  /** The revision the clicked card showed; absent for typed commands (then card answers are `send-card`). */
  revision?: number;
  /** The domain the command or card named (used in replies when there is no migration). */
  domain?: string;
}

export type MigrationEvent =
  | (ActorEvent & {
      type: 'start';
      tenantId: string;
      domain: string;
      /** Domains this tenant already migrates (for "did you mean …?"). */
      knownDomains?: string[];
      /** The admin insisted on this exact domain after a "did you mean" question. */
      force?: boolean;
      /** Stored on a new migration: where proactive messages go, and their language. */
      conversationId?: string;
      locale?: Locale;
    })
  | {
      type: 'probe-result';
      results: ReadonlyArray<ProbeResult>;
      source: ProbeSource;
      /**
       * The SPF record to publish, injected from `suggestSpf` (src/spf/suggest.ts: its `record`, or
       * `alternative.record` when that one stays within 10 lookups). Stored on the spf step; the card shows it.
       */
      spfSuggestion?: string;
    }
  | (ActorEvent & { type: 'check'; stepId?: StepId })
  | (ActorEvent & { type: 'confirm'; stepId: StepId; connectorRequested?: boolean })
  | (ActorEvent & { type: 'undo'; stepId: StepId })
  | (ActorEvent & { type: 'skip'; stepId: StepId })
  | (ActorEvent & { type: 'user-toggle'; stepId: ChecklistStepId; address: string; done: boolean })
  | (ActorEvent & { type: 'autodiscover-fallback'; enabled: boolean })
  | (ActorEvent & { type: 'input'; values: InputValues })
  | (ActorEvent & { type: 'show'; card: 'step' | 'inputs' | 'status'; stepId?: StepId })
  | (ActorEvent & { type: 'reset-request' })
  | (ActorEvent & { type: 'reset-confirm' })
  | (ActorEvent & { type: 'reset-cancel' })
  | (ActorEvent & { type: 'reminders'; enabled: boolean })
  | { type: 'timer'; job: 'recheck' | 'reminder'; stepId: StepId };

export type TransitionResult = [Migration | undefined, Effect[]];
