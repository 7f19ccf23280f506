import diagnosisTemplate from '../cards/templates/diagnosis.json';
import unknownTemplate from '../cards/templates/diagnosis-unknown.json';
import clarifyTemplate from '../cards/templates/clarify.json';
import { renderCard, type AdaptiveCardJson, type RenderResult } from '../cards/render';
import { format, type Locale } from '../i18n/locale';
import { DIAGNOSES } from './diagnoses';
import { clarificationById } from './clarify';
import { fillDomain, ruledOutLines, type DiagnoseResult } from './diagnose';
import { HELPDESK_TEXT, STATUS_TEXT, statusColor } from './messages';
import { stepLabel } from './step-label';

/** The longest excerpt of the user's question shown on a card. */
const QUESTION_MAX = 280;

/**
 * Makes user-typed text inert in Adaptive Card markdown (TextBlock): backslash-escapes what the Adaptive Cards
 * markdown subset acts on (emphasis `*` `_`, links `[..](..)`, code, HTML-ish `<>`), flattens line breaks so no
 * list can start (lists need a line start; callers also prefix the text), replaces `$` so the templating
 * engine never sees an expression, and truncates. Pure.
 */
export function escapeCardText(text: string, max = QUESTION_MAX): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach the card
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/[\\`*_[\]()<>~]/g, '\\$&').replace(/\$/g, '＄');
}

/** The data a diagnosis card template expands with. Pure. */
export function diagnosisCardData(result: DiagnoseResult, question: string, locale: Locale = result.language): Record<string, unknown> {
  const t = (l: Readonly<Record<Locale, string>>): string => l[locale];
  const q = escapeCardText(question);
  // adaptivecards-templating warns on every `$when` that is false, so optional parts are 0- or 1-element `$data` lists.
  const questionLines = q.length > 0 ? [{ text: `${t(HELPDESK_TEXT.youAsked)}: ${q}` }] : [];
  if (result.entry === null) {
    return {
      title: t(HELPDESK_TEXT.unknownTitle),
      questionLines,
      body: t(HELPDESK_TEXT.unknownBody),
      topics: DIAGNOSES.map((d) => ({ text: d.title[locale] })),
    };
  }
  const e = result.entry;
  const ruledOut = ruledOutLines(result, locale).filter((line) => line !== '').map((text) => ({ text }));
  const domain = result.domain;
  return {
    ruledOutLines: ruledOut,
    kicker: format(t(HELPDESK_TEXT.confidence), { percent: Math.round(result.confidence * 100) }) + (result.viaModel ? ` · ${t(HELPDESK_TEXT.viaModel)}` : ''),
    title: fillDomain(e.title[locale], domain, locale),
    questionLines,
    whyLabel: t(HELPDESK_TEXT.why),
    why: fillDomain(e.cause[locale], domain, locale),
    checksHeader: result.checks.length > 0
      ? [{ text: domain ? format(t(HELPDESK_TEXT.checks), { domain }) : t(HELPDESK_TEXT.checksNoDomain) }] : [],
    checks: result.checks.map((c) => ({
      label: t(c.label),
      statusText: t(STATUS_TEXT[c.status]),
      color: statusColor(c.status),
      // Probe advice may quote DNS data (TXT records are anyone's text), so it is escaped like user input.
      advice: escapeCardText(t(c.advice), 400),
    })),
    noChecksLines: result.checks.length === 0 ? [{ text: t(HELPDESK_TEXT.noChecks) }] : [],
    // A cause the live checks show set up correctly gets no fix steps: they would contradict the checks above.
    fixHeader: fixContradicted(result) ? [] : [{ text: t(HELPDESK_TEXT.fix) }],
    steps: fixContradicted(result) ? [] : e.fix.steps[locale].map((s, i) => ({ text: `${i + 1}. ${fillDomain(s, domain, locale)}` })),
    adminPathLabel: t(HELPDESK_TEXT.adminPath),
    adminPath: fillDomain(e.fix.adminPath[locale], domain, locale),
    powershellHeader: e.fix.powershell.length > 0 ? [{ text: t(HELPDESK_TEXT.powershell) }] : [],
    powershell: e.fix.powershell.map((p) => ({ line: fillDomain(p, domain, locale) })),
    gotoActions: e.stepId === null ? [] : [{ title: format(t(HELPDESK_TEXT.goto), stepLabel(e.stepId, locale)), stepId: e.stepId, domain: domain ?? '' }],
    settingLines: e.stepId === null && e.setting ? [{ text: format(t(HELPDESK_TEXT.setting), { setting: e.setting[locale] }) }] : [],
  };
}

/** The shown cause was ruled out by its own live checks (every cause was ruled out): its fix would contradict them. Pure. */
export function fixContradicted(result: Pick<DiagnoseResult, 'allRuledOut' | 'ruledOut' | 'entry'>): boolean {
  return result.allRuledOut && result.ruledOut.some((r) => r.intent === result.entry?.id && r.reason === 'checks-ok');
}

/** The verb of a clarifying question's buttons; `token` names the stored question, `intent` the answer. */
export const CLARIFY_VERB = 'helpdesk.clarify';

/** The data the clarifying-question card expands with. Pure. */
export function clarifyCardData(result: DiagnoseResult, question: string, token: string, locale: Locale = result.language): Record<string, unknown> {
  if (result.clarify === null) throw new Error('not a clarifying answer');
  const c = clarificationById(result.clarify);
  const q = escapeCardText(question);
  return {
    questionLines: q.length > 0 ? [{ text: `${HELPDESK_TEXT.youAsked[locale]}: ${q}` }] : [],
    question: c.question[locale],
    options: c.options.map((o) => ({ label: o.label[locale], token, intent: o.intent })),
  };
}

/** The clarifying-question card; `token` is the stored question's key. Throws on a template failure (covered by tests). */
export function clarifyCard(result: DiagnoseResult, question: string, token: string, locale: Locale = result.language): AdaptiveCardJson {
  const rendered = renderCard(clarifyTemplate, clarifyCardData(result, question, token, locale));
  if (!rendered.ok) throw new Error(`clarify card did not render: ${[...rendered.warnings, ...rendered.leftovers].join('; ')}`);
  return rendered.card;
}

/** Renders the diagnosis (or "no diagnosis") card. Pure; a template failure comes back as `ok: false`. */
export function renderDiagnosisCard(result: DiagnoseResult, question: string, locale: Locale = result.language): RenderResult {
  const template = result.entry === null ? unknownTemplate : diagnosisTemplate;
  return renderCard(template, diagnosisCardData(result, question, locale));
}

/** Like renderDiagnosisCard for callers (the bot): the templates are covered by tests, so a failure throws. */
export function diagnosisCard(result: DiagnoseResult, question: string, locale: Locale = result.language): AdaptiveCardJson {
  const rendered = renderDiagnosisCard(result, question, locale);
  if (!rendered.ok) throw new Error(`diagnosis card did not render: ${[...rendered.warnings, ...rendered.leftovers].join('; ')}`);
  return rendered.card;
}
