import { textBoth } from '../i18n/message';
import { format, type Locale, type Localized } from '../i18n/locale';
import type { Resolver } from '../dns/types';
import type { ProbeId, ProbeResult, ProbeStatus } from '../probes/types';
import { keywordClassifier, type IntentClassifier } from './classifier';
import { DIAGNOSES, diagnosisById } from './diagnoses';
import { findDomainInText } from './domain-in-text';
import { HELPDESK_TEXT, NOT_RUN_REASON, PROBE_LABEL, STATUS_TEXT } from './messages';
import { stepLabel } from './step-label';
import { clarificationById } from './clarify';
import { MIN_SCORE } from './match';
import type { ClarificationId, DiagnosisEntry, DiagnosisId, Evidence, IntentId, ProcedureStepId } from './types';

/** Runs one probe (src/probes) for a domain. Injected, so tests and the bot decide how DNS is reached. */
export type ProbeRunner = (id: ProbeId, domain: string) => Promise<ProbeResult>;

/** Builds a ProbeRunner over a resolver (see probe-runner.ts); injected so this module does not pick the probes. */
export type ProbeRunnerFactory = (resolver: Resolver) => ProbeRunner;

export interface DiagnoseOptions {
  /** The domain of the conversation's migration; it wins over a domain named in the text. */
  domain?: string;
  /** Runs the live checks. When absent and `resolver` is given, `probeRunnerFor(resolver)` is used. */
  runProbe?: ProbeRunner;
  resolver?: Resolver;
  probeRunnerFor?: ProbeRunnerFactory;
  /** The Teams locale: the answer's language when the question does not tell (e.g. a bare NDR). */
  locale?: Locale;
  /** Defaults to the keyword/NDR matcher; see classifier.ts for the model seam. */
  classifier?: IntentClassifier;
  /** Upper bound per live check (default 6000 ms); a check that takes longer is "could not check". */
  checkTimeoutMs?: number;
  /** What the conversation's migration knows: a confirmed step's cause is not offered first. */
  state?: HelpdeskState;
  /** The diagnosis the person picked by answering a clarifying question; skips the classifier's choice. */
  intent?: DiagnosisId;
}

/** The migration's state as the helpdesk uses it. */
export interface HelpdeskState {
  /** Steps the migration holds as done (confirmed by a probe, the tenant or the admin). */
  doneSteps: readonly ProcedureStepId[];
}

/** Why a diagnosis the question fits was not offered first. */
export interface RuledOut {
  intent: DiagnosisId;
  reason: 'step-done' | 'checks-ok';
}

export type CheckStatus = ProbeStatus | 'not-run';

export interface CheckOutcome {
  id: ProbeId;
  status: CheckStatus;
  label: Localized;
  /** What the check saw (records as text), null when nothing or when it did not run. */
  found: unknown;
  advice: Localized;
}

export interface DiagnoseResult {
  intent: IntentId;
  confidence: number;
  language: Locale;
  evidence: Evidence[];
  /** The domain the live checks ran for, and where it came from. */
  domain: string | null;
  domainSource: 'context' | 'text' | null;
  entry: DiagnosisEntry | null;
  checks: CheckOutcome[];
  /** Causes the question fits that the bot knows are absent, in the order they were passed over. */
  ruledOut: RuledOut[];
  /** Every cause the question fits is ruled out: `entry` is the best of them, shown with that note. */
  allRuledOut: boolean;
  /** The question fits two diagnoses: ask this instead of answering (`entry` is null). */
  clarify: ClarificationId | null;
  /** A language model placed the question (among the closed set of diagnoses); shown on the card. Absent: false. */
  viaModel?: boolean;
  /** The whole answer as plain text in `language` (CLI, logs, a text fallback in Teams). */
  answer: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); })])
    .finally(() => { if (timer) clearTimeout(timer); });
}

function labelFor(id: ProbeId): Localized {
  return PROBE_LABEL[id] ?? { de: id, en: id };
}

/** Runs every check of a diagnosis. Never throws: a failed or slow probe is `error` ("could not check"). */
async function runChecks(ids: readonly ProbeId[], domain: string | null, run: ProbeRunner | null, timeoutMs: number): Promise<CheckOutcome[]> {
  return Promise.all(ids.map(async (id): Promise<CheckOutcome> => {
    const label = labelFor(id);
    if (domain === null) return { id, status: 'not-run', label, found: null, advice: NOT_RUN_REASON.noDomain };
    if (run === null) return { id, status: 'not-run', label, found: null, advice: NOT_RUN_REASON.noProbes };
    try {
      const result = await withTimeout(run(id, domain), timeoutMs);
      if (result === 'timeout') return { id, status: 'error', label, found: null, advice: NOT_RUN_REASON.timeout };
      return { id, status: result.status, label, found: result.found, advice: textBoth(result.advice) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { id, status: 'error', label, found: null,
        advice: { de: format(NOT_RUN_REASON.failed.de, { detail }), en: format(NOT_RUN_REASON.failed.en, { detail }) } };
    }
  }));
}

/** Fills `{domain}` in a data text; a placeholder when no domain is known. Pure. */
export function fillDomain(text: string, domain: string | null, locale: Locale): string {
  return format(text, { domain: domain ?? HELPDESK_TEXT.domainPlaceholder[locale] });
}

/** "Step 6 is confirmed, so … is not the cause — next most likely:" lines, in one language. Pure. */
export function ruledOutLines(result: Pick<DiagnoseResult, 'ruledOut' | 'allRuledOut' | 'domain'>, locale: Locale): string[] {
  const lines = result.ruledOut.map((r) => {
    const entry = diagnosisById(r.intent);
    const cause = fillDomain(entry.title[locale], result.domain, locale);
    return r.reason === 'step-done' && entry.stepId !== null
      ? format(HELPDESK_TEXT.ruledOutStep[locale], { ...stepLabel(entry.stepId, locale), cause })
      : format(HELPDESK_TEXT.ruledOutChecks[locale], { cause });
  });
  if (lines.length === 0) return [];
  return [...lines, result.allRuledOut ? HELPDESK_TEXT.allRuledOut[locale] : HELPDESK_TEXT.nextLikely[locale], ''];
}

/** The plain-text answer in one language. Pure. */
export function formatAnswer(result: Omit<DiagnoseResult, 'answer'>, locale: Locale): string {
  const t = (l: Localized): string => l[locale];
  if (result.clarify !== null) {
    const c = clarificationById(result.clarify);
    return [t(c.question), ...c.options.map((o) => `- ${t(o.label)}`)].join('\n');
  }
  if (result.entry === null) {
    return [t(HELPDESK_TEXT.unknownTitle), '', t(HELPDESK_TEXT.unknownBody),
      ...DIAGNOSES.map((d) => `- ${d.title[locale]}`)].join('\n');
  }
  const e = result.entry;
  const lines = [...ruledOutLines(result, locale), fillDomain(e.title[locale], result.domain, locale),
    ...(result.viaModel ? [t(HELPDESK_TEXT.viaModel)] : []), '',
    `${t(HELPDESK_TEXT.why)} ${fillDomain(e.cause[locale], result.domain, locale)}`, ''];
  if (result.checks.length > 0) {
    lines.push(result.domain ? format(t(HELPDESK_TEXT.checks), { domain: result.domain }) : t(HELPDESK_TEXT.checksNoDomain));
    for (const c of result.checks) lines.push(`- ${t(c.label)}: ${t(STATUS_TEXT[c.status])}. ${t(c.advice)}`);
    lines.push('');
  }
  // A cause its own live checks show set up correctly gets no fix steps: they would contradict the checks.
  const contradicted = result.allRuledOut && result.ruledOut.some((r) => r.intent === e.id && r.reason === 'checks-ok');
  if (!contradicted) {
    lines.push(`${t(HELPDESK_TEXT.fix)}:`);
    e.fix.steps[locale].forEach((s, i) => lines.push(`${i + 1}. ${fillDomain(s, result.domain, locale)}`));
  }
  lines.push('', `${t(HELPDESK_TEXT.adminPath)}: ${fillDomain(e.fix.adminPath[locale], result.domain, locale)}`);
  if (e.fix.powershell.length > 0) {
    lines.push('', `${t(HELPDESK_TEXT.powershell)}:`, ...e.fix.powershell.map((p) => `  ${fillDomain(p, result.domain, locale)}`));
  }
  if (e.stepId !== null) lines.push('', format(t(HELPDESK_TEXT.goto), stepLabel(e.stepId, locale)));
  else if (e.setting) lines.push('', format(t(HELPDESK_TEXT.setting), { setting: e.setting[locale] }));
  return lines.join('\n');
}

/**
 * Diagnoses a helpdesk question or pasted NDR: classifies it, runs the diagnosis' live checks for the
 * conversation's domain (or one named in the text), and phrases the answer in the question's language.
 * May do I/O through the injected probe runner; never throws and never rejects.
 */
export async function diagnose(text: string, options: DiagnoseOptions = {}): Promise<DiagnoseResult> {
  const classifier = options.classifier ?? keywordClassifier;
  const hint = options.locale ? { locale: options.locale } : {};
  const match = await classifier.classify(text, hint).catch(() => keywordClassifier.classify(text, hint));
  const contextDomain = options.domain?.trim().toLowerCase().replace(/\.$/, '') || null;
  const textDomain = contextDomain ? null : findDomainInText(text);
  const domain = contextDomain ?? textDomain;
  const domainSource = contextDomain ? 'context' : textDomain ? 'text' : null;
  const run = options.runProbe ?? (options.resolver && options.probeRunnerFor ? options.probeRunnerFor(options.resolver) : null);
  const timeoutMs = options.checkTimeoutMs ?? 6000;
  const clarify = options.intent === undefined ? match.clarify ?? null : null;
  // Every diagnosis the question fits, best first; the person's own pick (a clarifying answer) alone.
  const candidates: DiagnosisId[] = options.intent !== undefined ? [options.intent]
    : clarify !== null || match.intent === 'unknown' ? []
      : [match.intent, ...(Object.entries(match.scores) as Array<[DiagnosisId, number]>)
        .filter(([id, score]) => id !== match.intent && score >= MIN_SCORE).sort((a, b) => b[1] - a[1]).map(([id]) => id)];
  const done = new Set(options.state?.doneSteps ?? []);
  const ruledOut: RuledOut[] = [];
  let chosen: { entry: DiagnosisEntry; checks: CheckOutcome[] } | null = null;
  let first: { entry: DiagnosisEntry; checks: CheckOutcome[] } | null = null;
  for (const id of candidates) {
    const entry = diagnosisById(id);
    const checks = await runChecks(entry.checks, domain, run, timeoutMs);
    first ??= { entry, checks };
    // A cause is absent when its step is confirmed, or when every live check of the cause itself reads ok: offering it first
    // would contradict what the bot knows or shows on the same card.
    if (entry.stepId !== null && done.has(entry.stepId)) { ruledOut.push({ intent: id, reason: 'step-done' }); continue; }
    const causeChecks = checks.filter((c) => entry.causeChecks?.includes(c.id));
    if (causeChecks.length > 0 && causeChecks.every((c) => c.status === 'ok')) { ruledOut.push({ intent: id, reason: 'checks-ok' }); continue; }
    chosen = { entry, checks };
    break;
  }
  const allRuledOut = chosen === null && first !== null;
  const picked = chosen ?? first;
  const entry = picked?.entry ?? null;
  const checks = picked?.checks ?? [];
  const intent: IntentId = entry?.id ?? 'unknown';
  const partial = { intent, confidence: options.intent !== undefined ? 1 : match.confidence, language: match.language,
    evidence: entry?.id === match.intent ? match.evidence : [], domain, domainSource, entry, checks,
    ruledOut, allRuledOut, clarify, viaModel: options.intent === undefined && match.viaModel === true } as const;
  return { ...partial, answer: formatAnswer(partial, match.language) };
}
