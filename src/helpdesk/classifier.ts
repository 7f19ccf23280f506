import type { Locale } from '../i18n/locale';
import { DIAGNOSES } from './diagnoses';
import { matchIntent } from './match';
import { INTENT_IDS, type IntentId, type IntentMatch } from './types';

/**
 * The seam for classifying a helpdesk question. The default is the keyword/NDR matcher (no language model).
 * An optional model-based classifier (Azure OpenAI, azure-openai.ts, off unless configured) implements the same
 * interface; `withModelFallback` combines it with the matcher so that
 *  - the model is asked only about a question the matcher answers `unknown` (no diagnosis, no clarifying question,
 *    no NDR code): the deterministic matcher stays the default and a model never overrides it,
 *  - a model answer outside the closed set of intents is treated as `unknown`,
 *  - a failing or slow model falls back to the matcher's answer.
 */
export interface IntentClassifier {
  readonly name: string;
  /** Never rejects for expected outcomes; may reject on an infrastructure failure (the caller falls back). */
  classify(text: string, hint: { locale?: Locale }): Promise<IntentMatch>;
}

/** The default classifier: pure matching over the diagnoses table. Never rejects. */
export const keywordClassifier: IntentClassifier = {
  name: 'keywords',
  classify: (text, hint) => Promise.resolve(matchIntent(text, DIAGNOSES, hint.locale ? { fallbackLocale: hint.locale } : {})),
};

/** What a model adapter returns: an intent id (free text is validated here) and its confidence. */
export type ModelClassify = (text: string, intents: readonly IntentId[]) => Promise<{ intent: string; confidence: number }>;

/**
 * Combines the matcher with a model-based classifier, following the rules above. Never rejects.
 * `timeoutMs` bounds the model call (default 4000 ms).
 */
export function withModelFallback(model: ModelClassify, timeoutMs = 4000): IntentClassifier {
  return {
    name: 'keywords+model',
    async classify(text, hint) {
      const base = await keywordClassifier.classify(text, hint);
      // The model only gets what the matcher could not place: never over hard evidence, a diagnosis or a
      // clarifying question the matcher already has.
      if (base.intent !== 'unknown' || base.clarify !== undefined || base.evidence.some((e) => e.kind === 'ndr')) return base;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const answer = await Promise.race([
          model(text, INTENT_IDS),
          new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('model timeout')), timeoutMs); }),
        ]);
        const intent = (INTENT_IDS as readonly string[]).includes(answer.intent) ? (answer.intent as IntentId) : 'unknown';
        const confidence = Math.min(1, Math.max(0, Number.isFinite(answer.confidence) ? answer.confidence : 0));
        if (intent === 'unknown') return base;
        return { ...base, intent, confidence, evidence: [], viaModel: true };
      } catch {
        return base;
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}
