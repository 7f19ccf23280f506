import type { Locale } from '../i18n/locale';
import { CLARIFICATIONS, namesRecipientPerson } from './clarify';
import type { DiagnosisEntry, DiagnosisId, Evidence, IntentMatch } from './types';

/** Below this score the answer is `unknown`: the bot says what it can help with instead of guessing. */
export const MIN_SCORE = 3.5;

/**
 * Keywords are read in the first this many characters (a question, or the human-readable head of a pasted NDR,
 * where the cause is stated); status codes and NDR texts are found anywhere. Bounds the work on a huge paste.
 */
export const KEYWORD_SCAN_CHARS = 6000;

/** What a word that answers a clarifying question by itself adds to its diagnosis (enough to pass MIN_SCORE with the symptom). */
const CLARIFY_SETTLED_WEIGHT = 3;

/**
 * Folds case, umlauts (ä/ae → a, ö/oe → o, ü/ue → u, ß → ss) and other diacritics, and drops apostrophes,
 * so "Domäne", "Domaene" and "Domane", or "can't" and "cant", compare equal. Pure.
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’`´]/g, '')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u');
}

interface Token {
  norm: string;
  raw: string;
}

/** Splits into word tokens (letters, digits, `=`, `&`, so "ms=ms123" and "1&1" stay whole). Pure. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // Apostrophes go first, so "can't" is one token "cant", as in the terms.
  for (const m of text.replace(/['’`´]/g, '').matchAll(/[\p{L}\p{N}=&]+/gu)) {
    const norm = normalizeText(m[0]);
    if (norm.length > 0) out.push({ norm, raw: m[0] });
  }
  return out;
}

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early above `max`. Pure. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Typos allowed for a word of this length: none for short words (too many false friends), then 1, then 2. */
function allowedTypos(length: number): number {
  if (length < 5) return 0;
  return length < 9 ? 1 : 2;
}

interface TermWord {
  word: string;
  stem: boolean;
}

/** Whether a question token matches one word of a term (exact, stem, compound part, or within typo budget). */
function wordMatches(token: string, tw: TermWord): boolean {
  const { word, stem } = tw;
  if (token === word) return true;
  if (stem && token.startsWith(word)) return true;
  // German compounds ("Mailschleife", "Eingangsconnector"): a long enough word inside a token counts.
  if (word.length >= 6 && token.includes(word)) return true;
  const typos = allowedTypos(word.length);
  if (typos === 0 || token[0] !== word[0]) return false;
  if (!stem) return Math.abs(token.length - word.length) <= typos && editDistance(token, word, typos) <= typos;
  if (token.length < word.length - typos) return false;
  for (let len = word.length - typos; len <= word.length + typos; len++) {
    if (len > 0 && len <= token.length && editDistance(token.slice(0, len), word, typos) <= typos) return true;
  }
  return false;
}

const termCache = new Map<string, TermWord[]>();

function termWords(term: string): TermWord[] {
  let words = termCache.get(term);
  if (!words) {
    words = [];
    for (const m of term.matchAll(/[\p{L}\p{N}=&]+\*?/gu)) {
      const stem = m[0].endsWith('*');
      words.push({ word: normalizeText(stem ? m[0].slice(0, -1) : m[0]), stem });
    }
    termCache.set(term, words);
  }
  return words;
}

/**
 * The question's tokens, indexed once per call: each distinct word is compared with each term word at most once
 * (a pasted NDR repeats the same words many times; comparisons with typo tolerance are the expensive part).
 */
class TokenIndex {
  private readonly byNorm = new Map<string, number[]>();
  private readonly cache = new Map<string, number[]>();
  constructor(readonly tokens: readonly Token[]) {
    tokens.forEach((t, i) => {
      const list = this.byNorm.get(t.norm);
      if (list) list.push(i); else this.byNorm.set(t.norm, [i]);
    });
  }
  positions(tw: TermWord): number[] {
    const key = `${tw.stem ? '*' : ''}${tw.word}`;
    let found = this.cache.get(key);
    if (!found) {
      found = [];
      for (const [norm, indices] of this.byNorm) if (wordMatches(norm, tw)) found.push(...indices);
      found.sort((a, b) => a - b);
      this.cache.set(key, found);
    }
    return found;
  }
}

/**
 * Finds a term in the tokens: every word of the term must match a distinct token, all within a window of
 * (words + 3) tokens, in any order ("kommen zurück" matches "zurück kommen"). Returns the matched raw words.
 */
function findTerm(index: TokenIndex, term: string): string | null {
  const words = termWords(term);
  if (words.length === 0) return null;
  const positions = words.map((w) => index.positions(w));
  if (positions.some((p) => p.length === 0)) return null;
  if (words.length === 1) return index.tokens[positions[0]![0]!]!.raw;
  const window = words.length + 3;
  for (const start of positions[0]!.slice(0, 500)) {
    const chosen = [start];
    let ok = true;
    for (const p of positions.slice(1)) {
      const next = p.find((i) => !chosen.includes(i) && Math.abs(i - start) <= window);
      if (next === undefined) { ok = false; break; }
      chosen.push(next);
    }
    if (ok) return chosen.sort((a, b) => a - b).map((i) => index.tokens[i]!.raw).join(' ');
  }
  return null;
}

/** An enhanced status code (RFC 3463 section 2: class.subject.detail) found in free text. */
export interface FoundCode {
  code: string;
  /** The basic SMTP reply code right before it, when present (RFC 5321 section 4.2). */
  basic?: string;
}

/**
 * Finds RFC 3463 enhanced status codes (`5.1.10`, `4.4.7`) anywhere in the text, also inside pasted NDRs;
 * IP addresses and version numbers are not codes. Pure.
 */
export function findStatusCodes(text: string): FoundCode[] {
  const found: FoundCode[] = [];
  for (const m of text.matchAll(/(?<![\d.])(?:([245]\d\d)[\s-]+)?([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g)) {
    const code = `${m[2]}.${m[3]}.${m[4]}`;
    if (!found.some((f) => f.code === code)) found.push(m[1] ? { code, basic: m[1] } : { code });
  }
  return found;
}

function squash(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}=]+/gu, '');
}

const GERMAN = new Set(('der die das und ist nicht ich wir sie ein eine einen mit bei von zu auf im dem den des es '
  + 'warum wieso wie was wenn seit noch keine kein sind wird werden unsere unser mein meine hat haben auch aber oder '
  + 'dass bitte schon immer nach statt uber fur vom zum zur man kann konnen geht klappt fehler kommen kommt landen '
  + 'mails nix nichts alle alles sagt meldet brauchen mussen gibt beim sich einem einer jetzt hallo danke guten morgen '
  + 'tag hilfe fehlgeschlagen verweigert').split(' '));
/** German word endings and letter groups that English words rarely have; half a vote each. */
const GERMAN_SHAPE = /(?:ung|ungen|keit|lich|schaft|sch|tz)$|^ge\w+t$|sch/;
const ENGLISH = new Set(('the and is are not i we you my our your to of for with from at on why how what does do '
  + 'doesnt cant dont wont when since still can get gets after says it they their this that was were has have been by '
  + 'be me us there who which into instead any every no need only keeps land lands goes end ends '
  + 'anything something nothing never').split(' '));

/** Addresses, URLs and host names are not words of either language ("info@is-the-best.com"). Pure. */
function withoutNames(text: string): string {
  return text.replace(/\S+@\S+|\bhttps?:\/\/\S+|\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\b/gu, ' ');
}

function languageVotes(raw: string): { de: number; en: number } {
  const text = withoutNames(raw);
  let de = /[äöüß]/i.test(text) ? 2 : 0;
  let en = 0;
  for (const t of tokenize(text)) {
    if (GERMAN.has(t.norm)) de++;
    if (ENGLISH.has(t.norm)) en++;
    else if (!GERMAN.has(t.norm) && GERMAN_SHAPE.test(t.norm)) de += 0.5;
  }
  return { de, en };
}

/**
 * The person's own words: a pasted NDR is written by a server, mostly in English, whatever language the person
 * asks in. Drops quoted server replies and everything from a status code to the end of its line. Pure.
 */
export function withoutServerText(text: string): string {
  return text
    .replace(/'[^'\n]*'|"[^"\n]*"/g, ' ')
    .replace(/(?:\b[245]\d\d[\s-]+)?\b[245]\.\d{1,3}\.\d{1,3}\b[^\n]*/g, ' ');
}

/**
 * The language of a question: German or English by function words and umlauts, counting the person's own words
 * (see `withoutServerText`) when they tell, else the whole text; `fallback` (e.g. the Teams locale) when neither
 * tells, as for a bare NDR code. Pure.
 */
export function detectLanguage(text: string, fallback: Locale = 'en'): Locale {
  for (const part of [withoutServerText(text), text]) {
    const { de, en } = languageVotes(part);
    if (de !== en) return de > en ? 'de' : 'en';
  }
  return fallback;
}

/** Options for `matchIntent`. */
export interface MatchOptions {
  /** The language to assume when the text does not tell (the Teams locale). */
  fallbackLocale?: Locale;
}

/**
 * Classifies a helpdesk question against the diagnoses table. Pure, never throws.
 * An NDR status code or NDR text outweighs any keywords (their weights are ≥ 8, a keyword signal ≤ 5).
 * Below `MIN_SCORE` the intent is `unknown`, with a confidence that grows as the best score shrinks.
 */
export function matchIntent(text: string, table: readonly DiagnosisEntry[], options: MatchOptions = {}): IntentMatch {
  const language = detectLanguage(text.slice(0, KEYWORD_SCAN_CHARS), options.fallbackLocale ?? 'en');
  const index = new TokenIndex(tokenize(text.slice(0, KEYWORD_SCAN_CHARS)));
  const codes = findStatusCodes(text);
  const squashed = squash(text);
  const scores: Partial<Record<DiagnosisId, number>> = {};
  const evidenceBy = new Map<DiagnosisId, Evidence[]>();

  for (const entry of table) {
    let score = 0;
    const evidence: Evidence[] = [];
    for (const sig of entry.ndr) {
      if (sig.code !== undefined) {
        const hit = codes.find((c) => c.code === sig.code);
        if (hit) {
          score += sig.weight;
          evidence.push({ kind: 'ndr', matched: sig.code, found: hit.basic ? `${hit.basic} ${hit.code}` : hit.code, weight: sig.weight });
        }
      } else if (squashed.includes(squash(sig.text))) {
        score += sig.weight;
        evidence.push({ kind: 'ndr', matched: sig.text, found: sig.text, weight: sig.weight });
      }
    }
    for (const signal of entry.signals) {
      for (const term of signal.terms) {
        const found = findTerm(index, term);
        if (found !== null) {
          score += signal.weight;
          evidence.push({ kind: 'keyword', matched: term, found, weight: signal.weight });
          break;
        }
      }
    }
    if (score > 0) {
      scores[entry.id] = Math.round(score * 100) / 100;
      evidenceBy.set(entry.id, evidence.filter((e) => e.weight > 0));
    }
  }

  // A message that fits two diagnoses and names no deciding word gets a clarifying question; a deciding word
  // counts for its diagnosis. Hard evidence (an NDR code or text) is never second-guessed.
  const hasNdr = [...evidenceBy.values()].some((list) => list.some((e) => e.kind === 'ndr'));
  if (!hasNdr) {
    for (const c of CLARIFICATIONS) {
      if (!c.symptom.some((term) => findTerm(index, term) !== null)) continue;
      if (c.needsPerson && !namesRecipientPerson(text.slice(0, KEYWORD_SCAN_CHARS))) continue;
      const settled = c.options.filter((o) => o.settles.some((term) => findTerm(index, term) !== null));
      const optionIds = c.options.map((o) => o.intent) as DiagnosisId[];
      const leader = (Object.entries(scores) as Array<[DiagnosisId, number]>).sort((a, b) => b[1] - a[1])[0];
      if (leader && leader[1] >= MIN_SCORE && !optionIds.includes(leader[0])) continue;
      if (settled.length === 1) {
        const id = settled[0]!.intent;
        scores[id] = Math.round(((scores[id] ?? 0) + CLARIFY_SETTLED_WEIGHT) * 100) / 100;
        continue;
      }
      return { intent: 'unknown', confidence: 0.5, language, evidence: [], scores, clarify: c.id };
    }
  }

  const ranked = (Object.entries(scores) as Array<[DiagnosisId, number]>).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_SCORE) {
    const top = best?.[1] ?? 0;
    return { intent: 'unknown', confidence: round2(1 - Math.max(0, top) / (MIN_SCORE * 1.5)), language, evidence: [], scores };
  }
  const strength = 1 - Math.exp(-best[1] / 4);
  const margin = (best[1] - Math.max(0, second?.[1] ?? 0)) / best[1];
  return {
    intent: best[0],
    confidence: round2(strength * (0.6 + 0.4 * margin)),
    language,
    evidence: evidenceBy.get(best[0]) ?? [],
    scores,
  };
}

function round2(n: number): number {
  return Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;
}
