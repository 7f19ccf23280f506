import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSES } from '../../src/helpdesk/diagnoses';
import { matchIntent } from '../../src/helpdesk/match';
import { INTENT_IDS, type ClarificationId, type IntentId } from '../../src/helpdesk/types';
import type { Locale } from '../../src/i18n/locale';

/**
 * One labelled question. `style` is `everyday` for phrasings as people say them (no codes), `ndr` for ones with a
 * status code; older items have none. `clarify`: the right answer is that clarifying question, not a diagnosis.
 */
export interface LabelledItem { intent: IntentId; lang: Locale; text: string; style?: 'everyday' | 'ndr'; clarify?: ClarificationId }

/** The files of each split: the original one and the second one of issue 16 (everyday phrasing, new diagnoses). */
const SPLIT_FILES = { heldout: ['heldout', 'heldout-everyday'], tuning: ['tuning', 'tuning-everyday'] } as const;

/** Reads one labelled split from test/helpdesk/labelled/<file>.json, all of its files. */
export function loadSplit(name: keyof typeof SPLIT_FILES): LabelledItem[] {
  return SPLIT_FILES[name].flatMap((file) =>
    (JSON.parse(readFileSync(join(__dirname, 'labelled', `${file}.json`), 'utf8')) as { items: LabelledItem[] }).items);
}

export interface AccuracyReport {
  total: number;
  correct: number;
  perIntent: Map<IntentId, { total: number; correct: number }>;
  languageCorrect: number;
  misses: Array<{ item: LabelledItem; got: string; confidence: number }>;
  table: string;
}

/** Runs the matcher over a split and builds the per-intent table. */
export function evaluateSplit(items: readonly LabelledItem[]): AccuracyReport {
  const perIntent = new Map<IntentId, { total: number; correct: number }>(INTENT_IDS.map((id) => [id, { total: 0, correct: 0 }]));
  const misses: AccuracyReport['misses'] = [];
  let correct = 0;
  let languageCorrect = 0;
  for (const item of items) {
    const m = matchIntent(item.text, DIAGNOSES);
    const row = perIntent.get(item.intent)!;
    row.total++;
    // A question labelled with a clarifying question is right only when exactly that question is asked.
    const right = item.clarify ? m.clarify === item.clarify : m.clarify === undefined && m.intent === item.intent;
    if (right) { row.correct++; correct++; } else misses.push({ item, got: m.clarify ? `clarify:${m.clarify}` : m.intent, confidence: m.confidence });
    if (m.language === item.lang) languageCorrect++;
  }
  const lines = ['intent                 correct/total  accuracy'];
  for (const [id, r] of perIntent) {
    if (r.total > 0) lines.push(`${id.padEnd(22)} ${`${r.correct}/${r.total}`.padStart(13)}  ${(100 * r.correct / r.total).toFixed(1).padStart(7)}%`);
  }
  lines.push(`${'overall'.padEnd(22)} ${`${correct}/${items.length}`.padStart(13)}  ${(100 * correct / items.length).toFixed(1).padStart(7)}%`);
  lines.push(`${'language (de/en)'.padEnd(22)} ${`${languageCorrect}/${items.length}`.padStart(13)}  ${(100 * languageCorrect / items.length).toFixed(1).padStart(7)}%`);
  return { total: items.length, correct, perIntent, languageCorrect, misses, table: lines.join('\n') };
}
