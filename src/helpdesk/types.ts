import type { Locale, Localized } from '../i18n/locale';
import type { ProbeId } from '../probes/types';

/** The closed set of helpdesk diagnoses (issue 6). `unknown` means "no diagnosis": the bot never guesses. */
export const INTENT_IDS = [
  'bounce-internal-relay',
  'forwarding-missing',
  'spf-fail',
  'autodiscover',
  'verify-failed',
  'junk-forwarded',
  'direct-send-blocked',
  'dmarc-fail',
  'relay-denied',
  'mail-loop',
  'moera-limit',
  'smtp-auth-basic',
  'ews-retired',
  'bulk-sender',
  'unknown',
] as const;

export type IntentId = (typeof INTENT_IDS)[number];
export type DiagnosisId = Exclude<IntentId, 'unknown'>;

/** Procedure step ids from DESIGN.md ("The procedure as data"). */
export type ProcedureStepId =
  | 'verify-domain' | 'mx' | 'autodiscover' | 'user-addresses' | 'forwarding'
  | 'internal-relay' | 'outbound-connector' | 'spf' | 'mfa';

/**
 * One matching signal: it fires when ANY of its terms occurs in the question. A term is one or more words
 * (all must occur close to each other, in any order). A word ending in `*` is a stem (prefix match).
 * Words are compared after `normalizeText` (lower case, umlauts and ß folded), typos tolerated by the matcher.
 */
export interface Signal {
  terms: readonly string[];
  weight: number;
}

/**
 * A non-delivery report signature. `code` is an RFC 3463 enhanced status code (`5.1.10`) matched as a whole
 * token anywhere in the text; `text` is a literal fragment of the NDR (`RecipientNotFound`), matched
 * case-insensitively ignoring spaces and punctuation.
 */
export type NdrSignature =
  | { code: string; weight: number; text?: undefined }
  | { text: string; weight: number; code?: undefined };

/** Everything the helpdesk knows about one diagnosis, as data. */
export interface DiagnosisEntry {
  id: DiagnosisId;
  title: Localized;
  /** Example symptom phrasings, as a helpdesk member would write them (documentation and card hint). */
  phrasings: Localized<readonly string[]>;
  signals: readonly Signal[];
  ndr: readonly NdrSignature[];
  /** Typical NDR lines, shown on the card. */
  ndrExamples: readonly string[];
  cause: Localized;
  /** Probe ids (src/probes) that tell live whether the cause is present for the domain. */
  checks: readonly ProbeId[];
  /**
   * Of `checks`, those that test the cause itself: when every one reads ok, the cause is absent and the diagnosis
   * is not offered first (others, like the MX for a bounce, only give context). Empty or absent: none.
   */
  causeChecks?: readonly ProbeId[];
  fix: {
    /** Numbered steps. `{domain}` is filled with the domain in context, or a placeholder. */
    steps: Localized<readonly string[]>;
    /** The menu path in today's admin centers. */
    adminPath: Localized;
    /** Exchange Online / Microsoft Graph PowerShell, one command per entry. `{domain}` as above. */
    powershell: readonly string[];
  };
  /** The procedure step to revisit, or null when the cause is a tenant setting outside the procedure. */
  stepId: ProcedureStepId | null;
  /** The setting to revisit when `stepId` is null. */
  setting?: Localized;
}

export interface Evidence {
  kind: 'ndr' | 'keyword';
  /** The term or NDR signature that matched. */
  matched: string;
  /** The words of the question that matched (as typed), for explanation. */
  found: string;
  weight: number;
}

/** What a classifier says about one question. */
export interface IntentMatch {
  intent: IntentId;
  /** 0..1; for `unknown`, how sure it is that none of the diagnoses applies. */
  confidence: number;
  /** The language the question was written in. */
  language: Locale;
  evidence: Evidence[];
  /** Scores per diagnosis (only those > 0), for debugging and the accuracy report. */
  scores: Partial<Record<DiagnosisId, number>>;
  /**
   * The question fits two diagnoses equally and only the person can tell them apart: ask this clarifying
   * question (clarify.ts) instead of guessing. `intent` is then `unknown`.
   */
  clarify?: ClarificationId;
  /** A language model chose the intent (among the closed set only); the card says so. */
  viaModel?: true;
}

/** The clarifying questions the helpdesk may ask (clarify.ts). */
export type ClarificationId = 'bounce-direction';
