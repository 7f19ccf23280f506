/**
 * The helpdesk's public API (issue 6). The bot sends every message that is not a command here:
 *
 * ```ts
 * const result = await diagnose(text, {
 *   domain: migration?.domain,                 // the conversation's migration, if any
 *   locale: pickLocale(activity.locale),       // used only when the text does not tell the language
 *   runProbe: probeRunnerFor(resolver),        // live checks over src/probes
 * });
 * const card = diagnosisCard(result, text);     // Adaptive Card 1.5; its button is Action.Execute
 *                                              // verb "procedure.goto", data { verb, stepId, domain }
 * ```
 */
export { diagnose, formatAnswer, type CheckOutcome, type CheckStatus, type DiagnoseOptions, type DiagnoseResult, type ProbeRunner } from './diagnose';
export { diagnosisCard, diagnosisCardData, escapeCardText, renderDiagnosisCard } from './card';
export { probeRunnerFor, type ProbeRunnerOptions } from './probe-runner';
export { keywordClassifier, withModelFallback, type IntentClassifier, type ModelClassify } from './classifier';
export { DIAGNOSES, diagnosisById } from './diagnoses';
export { matchIntent, detectLanguage, MIN_SCORE } from './match';
export { findDomainInText } from './domain-in-text';
export { INTENT_IDS, type DiagnosisEntry, type DiagnosisId, type IntentId, type IntentMatch, type ProcedureStepId } from './types';
