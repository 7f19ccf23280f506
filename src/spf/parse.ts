/**
 * The SPF record parser (RFC 7208 4.5, 4.6, 5, 6, 7). Pure: no I/O, never throws. It keeps every term with its
 * position, so advice can point at the exact characters an admin has to change.
 */
import type { Localized } from '../i18n/locale';
import { describeSpfIssue, type SpfIssueCode } from './parse-messages';
import { parseIp4, parseIp6 } from './parse-ip';

export type { SpfIssueCode } from './parse-messages';

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

/** `%{letter digits r delimiters}` (RFC 7208 7.1). `digits` 0 means "all parts". */
export interface MacroExpand {
  letter: string;
  /** An upper-case letter asks for URL-escaping of the value (RFC 7208 7.3). */
  upper: boolean;
  digits: number;
  reverse: boolean;
  delimiters: string;
}

/** A macro-string split into literal text and expansions; `%%`, `%_` and `%-` are already literal text. */
export interface MacroString {
  text: string;
  parts: ReadonlyArray<string | MacroExpand>;
  /** The value when the string contains no expansion at all (lets callers skip expansion). */
  literal: string | null;
}

interface TermBase {
  /** The term exactly as written. */
  text: string;
  /** Offsets into the record text: `text === record.slice(start, end)`. */
  start: number;
  end: number;
}

export interface SpfMechanism extends TermBase {
  kind: 'mechanism';
  name: MechanismName;
  qualifier: Qualifier;
  /** Whether the qualifier was written (`+all`) or defaulted (`all`). */
  explicitQualifier: boolean;
  /** The target of include, exists, and of a, mx, ptr when given. */
  domain: MacroString | null;
  /** ip4: the network as a 32-bit number; ip6: eight 16-bit groups. */
  ip4: number | null;
  ip6: number[] | null;
  cidr4: number;
  cidr6: number;
}

export interface SpfModifier extends TermBase {
  kind: 'modifier';
  /** Lower case. */
  name: string;
  value: MacroString | null;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface SpfIssue {
  /** `error`: receivers return permerror for the whole record (RFC 7208 4.6). `warning`: legal, but likely wrong. */
  severity: 'error' | 'warning';
  code: SpfIssueCode;
  /** The offending term as written (the whole record for `not-spf`). */
  term: string;
  start: number;
  end: number;
  message: Localized;
  fix: Localized;
  /** The corrected term, when the fix is mechanical (`ipv4:1.2.3.4` → `ip4:1.2.3.4`). */
  replacement?: string;
}

export interface SpfRecord {
  text: string;
  /** Every term after `v=spf1`, in order, including those with errors when they could be classified. */
  terms: SpfTerm[];
  /** The mechanisms, in evaluation order. */
  mechanisms: SpfMechanism[];
  redirect: SpfModifier | null;
  exp: SpfModifier | null;
  /** True when a mechanism `all` is present (it makes `redirect` ignored, RFC 7208 6.1). */
  hasAll: boolean;
  issues: SpfIssue[];
  /** True when `issues` holds at least one error: the record evaluates to permerror. */
  hasErrors: boolean;
}

const MECHANISMS: ReadonlySet<string> = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const MACRO_LETTERS = 'slodiphcrtv';
const EXP_ONLY_LETTERS = 'crt';
const MODIFIER_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
// RFC 7208 7.1: domain-end = ( "." toplabel [ "." ] ) / macro-expand
const DOMAIN_END = /\.(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])\.?$/;
const CIDR_SUFFIX = /(?:\/[0-9]+)?(?:\/\/[0-9]+)?$/;
const DUAL_CIDR = /^(?:\/(0|[1-9][0-9]?))?(?:\/\/(0|[1-9][0-9]{0,2}))?$/;

/**
 * True when a TXT record's text (strings joined with no separator) is an SPF record: it starts with `v=spf1`,
 * case-insensitively, followed by a space or the end (RFC 7208 4.5). Pure.
 */
export function isSpfRecord(text: string): boolean {
  if (text.length < 6) return false;
  if (text.length > 6 && text.charCodeAt(6) !== 32) return false;
  return text.slice(0, 6).toLowerCase() === 'v=spf1';
}

export type MacroParse = { ok: true; value: MacroString } | { ok: false; reason: Localized; letter?: string };

const L = (en: string, de: string): Localized => ({ en, de });

/**
 * Parses an RFC 7208 7.1 macro-string. With `explanation`, the letters c, r and t are allowed (7.2). Pure.
 */
export function parseMacroString(text: string, explanation: boolean): MacroParse {
  if (text.indexOf('%') === -1) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x21 || c > 0x7e) {
        if (!(explanation && c === 0x20)) return { ok: false, reason: L(`character ${describeChar(c)} is not allowed`, `Zeichen ${describeChar(c)} ist nicht erlaubt`) };
      }
    }
    return { ok: true, value: { text, parts: [text], literal: text } };
  }
  const parts: Array<string | MacroExpand> = [];
  let literal = '';
  let hasExpand = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 37) {
      if ((c < 0x21 || c > 0x7e) && !(explanation && c === 0x20)) {
        return { ok: false, reason: L(`character ${describeChar(c)} is not allowed`, `Zeichen ${describeChar(c)} ist nicht erlaubt`) };
      }
      literal += text[i];
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '%') { literal += '%'; i += 2; continue; }
    if (next === '_') { literal += ' '; i += 2; continue; }
    if (next === '-') { literal += '%20'; i += 2; continue; }
    if (next !== '{') return { ok: false, reason: next === undefined ? L('"%" at the end', '"%" am Ende') : L(`"%${next}" is not a macro`, `"%${next}" ist kein Makro`) };
    const close = text.indexOf('}', i + 2);
    if (close === -1) return { ok: false, reason: L('missing "}"', '"}" fehlt') };
    const body = text.slice(i + 2, close);
    const m = /^([A-Za-z])([0-9]*)([rR]?)([-.+,/_=]*)$/.exec(body);
    if (!m) return { ok: false, reason: L(`"%{${body}}" is not a valid macro`, `"%{${body}}" ist kein gültiges Makro`) };
    const letter = m[1]!.toLowerCase();
    if (!MACRO_LETTERS.includes(letter)) return { ok: false, reason: L(`unknown macro letter "${m[1]}"`, `unbekannter Makrobuchstabe "${m[1]}"`) };
    if (!explanation && EXP_ONLY_LETTERS.includes(letter)) return { ok: false, reason: L('exp-only', 'exp-only'), letter: m[1]! };
    const digits = m[2] === '' ? 0 : Number(m[2]);
    if (m[2] !== '' && digits === 0) return { ok: false, reason: L('the number of parts must not be 0', 'die Anzahl der Teile darf nicht 0 sein') };
    if (literal !== '') { parts.push(literal); literal = ''; }
    parts.push({ letter, upper: m[1] !== letter, digits, reverse: m[3] !== '', delimiters: m[4]! });
    hasExpand = true;
    i = close + 1;
  }
  if (literal !== '') parts.push(literal);
  return { ok: true, value: { text, parts, literal: hasExpand ? null : parts.length === 0 ? '' : (parts as string[]).join('') } };
}

function describeChar(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

const parseCache = new Map<string, SpfRecord>();
const PARSE_CACHE_LIMIT = 10000;

/**
 * Parses an SPF record text (as joined from its TXT strings). Pure and never throws: problems are `issues`,
 * and an error among them means the record evaluates to permerror. Results are memoized by text and must be
 * treated as read-only.
 */
export function parseSpf(text: string): SpfRecord {
  const cached = parseCache.get(text);
  if (cached !== undefined) return cached;
  const record = parseUncached(text);
  if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
  parseCache.set(text, record);
  return record;
}

function parseUncached(text: string): SpfRecord {
  const record: SpfRecord = { text, terms: [], mechanisms: [], redirect: null, exp: null, hasAll: false, issues: [], hasErrors: false };
  const issue = (severity: SpfIssue['severity'], code: SpfIssueCode, term: string, start: number,
    values: Record<string, string | Localized> = {}, replacement?: string): void => {
    const texts = describeSpfIssue(code, { term, ...values, ...(replacement !== undefined ? { replacement } : {}) });
    record.issues.push({ severity, code, term, start, end: start + term.length, ...texts, ...(replacement !== undefined ? { replacement } : {}) });
    if (severity === 'error') record.hasErrors = true;
  };
  if (!isSpfRecord(text)) {
    issue('error', 'not-spf', text, 0);
    return record;
  }
  let pos = 6;
  let allSeen = false;
  while (pos < text.length) {
    if (text.charCodeAt(pos) === 32) { pos++; continue; }
    let end = text.indexOf(' ', pos);
    if (end === -1) end = text.length;
    const raw = text.slice(pos, end);
    const term = parseTerm(raw, pos, issue);
    if (term !== null) {
      record.terms.push(term);
      if (term.kind === 'mechanism') {
        if (allSeen) issue('warning', term.name === 'all' ? 'multiple-all' : 'after-all', raw, pos);
        record.mechanisms.push(term);
        if (term.name === 'all') {
          allSeen = true;
          record.hasAll = true;
          if (term.qualifier === '+') issue('warning', 'plus-all', raw, pos);
        } else if (term.name === 'ptr') {
          issue('warning', 'ptr', raw, pos);
        }
      } else if (term.name === 'redirect' || term.name === 'exp') {
        if (record[term.name] !== null) issue('error', 'duplicate-modifier', raw, pos, { name: term.name });
        else record[term.name] = term;
      }
    }
    pos = end;
  }
  if (record.hasAll && record.redirect !== null) {
    issue('warning', 'redirect-ignored', record.redirect.text, record.redirect.start);
  }
  return record;
}

type IssueSink = (severity: SpfIssue['severity'], code: SpfIssueCode, term: string, start: number,
  values?: Record<string, string | Localized>, replacement?: string) => void;

function parseTerm(raw: string, start: number, issue: IssueSink): SpfTerm | null {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 0x7e) { issue('error', 'non-ascii', raw, start); return null; }
    if (c < 0x21) { issue('error', 'bad-character', raw, start); return null; }
  }
  const eq = raw.indexOf('=');
  const colon = raw.indexOf(':');
  const slash = raw.indexOf('/');
  const isModifierShape = eq !== -1 && (colon === -1 || eq < colon) && (slash === -1 || eq < slash);
  if (isModifierShape) {
    const name = raw.slice(0, eq);
    if (MODIFIER_NAME.test(name)) return parseModifier(raw, start, name.toLowerCase(), raw.slice(eq + 1), issue);
    if (/^[-+~?]/.test(name) && MODIFIER_NAME.test(name.slice(1))) {
      issue('error', 'qualified-modifier', raw, start, {}, raw.slice(1));
    } else {
      issue('error', 'bad-modifier', raw, start);
    }
    return null;
  }
  let qualifier: Qualifier = '+';
  let explicitQualifier = false;
  let body = raw;
  const first = raw[0];
  if (first === '+' || first === '-' || first === '~' || first === '?') {
    qualifier = first;
    explicitQualifier = true;
    body = raw.slice(1);
  }
  let nameEnd = body.length;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === ':' || ch === '/') { nameEnd = i; break; }
  }
  const rawName = body.slice(0, nameEnd);
  const name = rawName.toLowerCase();
  const rest = body.slice(nameEnd);
  if (!MECHANISMS.has(name)) {
    const typo = /^(?:ipv?|inet)([46])$/.exec(name) ?? (name === 'ip' ? ['ip', '4'] : null);
    if (typo !== null && rest.startsWith(':')) {
      const good = `ip${typo[1]}`;
      issue('error', 'ipv4-typo', raw, start, { good, bad: rawName }, `${explicitQualifier ? qualifier : ''}${good}${rest}`);
    } else {
      issue('error', 'unknown-mechanism', raw, start);
    }
    return null;
  }
  const mech: SpfMechanism = {
    kind: 'mechanism', name: name as MechanismName, qualifier, explicitQualifier, domain: null,
    ip4: null, ip6: null, cidr4: 32, cidr6: 128, text: raw, start, end: start + raw.length,
  };
  switch (mech.name) {
    case 'all':
      if (rest !== '') { issue('error', 'unexpected-argument', raw, start, { name }); return null; }
      return mech;
    case 'include':
    case 'exists': {
      if (!rest.startsWith(':') || rest.length === 1) {
        issue('error', 'missing-domain', raw, start, { name, example: `${name}:example.com` });
        return null;
      }
      const domain = parseDomainSpec(rest.slice(1), raw, start, issue);
      if (domain === null) return null;
      mech.domain = domain;
      return mech;
    }
    case 'a':
    case 'mx':
    case 'ptr': {
      let spec = '';
      let cidr = '';
      if (rest.startsWith(':')) {
        // '/' is a macro-literal, so a domain-spec may contain it: the prefix lengths are only at the very end.
        const m = CIDR_SUFFIX.exec(rest)!;
        cidr = m[0];
        spec = rest.slice(1, rest.length - cidr.length);
        if (spec === '') {
          issue('error', 'missing-domain', raw, start, { name, example: `${name}:example.com` });
          return null;
        }
      } else {
        cidr = rest;
      }
      if (cidr !== '') {
        if (mech.name === 'ptr') { issue('error', 'bad-cidr', raw, start, { reason: L('ptr takes no prefix length', 'ptr hat keine Präfixlänge') }); return null; }
        const m = DUAL_CIDR.exec(cidr);
        if (m === null || cidr === '/' || (m[1] === undefined && m[2] === undefined)) {
          issue('error', 'bad-cidr', raw, start, { reason: `"${cidr}"` });
          return null;
        }
        if (m[1] !== undefined) mech.cidr4 = Number(m[1]);
        if (m[2] !== undefined) mech.cidr6 = Number(m[2]);
        if (mech.cidr4 > 32) { issue('error', 'bad-cidr', raw, start, { reason: L(`/${mech.cidr4} is more than 32`, `/${mech.cidr4} ist größer als 32`) }); return null; }
        if (mech.cidr6 > 128) { issue('error', 'bad-cidr', raw, start, { reason: L(`//${mech.cidr6} is more than 128`, `//${mech.cidr6} ist größer als 128`) }); return null; }
      }
      if (spec !== '') {
        const domain = parseDomainSpec(spec, raw, start, issue);
        if (domain === null) return null;
        mech.domain = domain;
      }
      return mech;
    }
    case 'ip4':
    case 'ip6': {
      const family = mech.name === 'ip4' ? 'IPv4' : 'IPv6';
      const example = mech.name === 'ip4' ? 'ip4:192.0.2.10 or ip4:192.0.2.0/24' : 'ip6:2001:db8::1 or ip6:2001:db8::/32';
      if (!rest.startsWith(':') || rest.length === 1) {
        issue('error', 'bad-ip', raw, start, { family, example });
        return null;
      }
      const s = rest.indexOf('/');
      const address = s === -1 ? rest.slice(1) : rest.slice(1, s);
      const cidr = s === -1 ? '' : rest.slice(s);
      if (mech.name === 'ip4') {
        const v4 = parseIp4(address);
        if (v4 === null) {
          if (/[A-Za-z]/.test(address) && /\.[A-Za-z]/.test(address) && !address.includes(':')) {
            issue('error', 'ip4-hostname', raw, start, {}, `${explicitQualifier ? qualifier : ''}a:${address}${cidr}`);
          } else {
            issue('error', 'bad-ip', raw, start, { family, example });
          }
          return null;
        }
        mech.ip4 = v4;
        if (cidr !== '') {
          const m = /^\/(0|[1-9][0-9]?)$/.exec(cidr);
          if (m === null || Number(m[1]) > 32) { issue('error', 'bad-cidr', raw, start, { reason: `"${cidr}"` }); return null; }
          mech.cidr4 = Number(m[1]);
        }
      } else {
        const v6 = parseIp6(address);
        if (v6 === null) {
          issue('error', 'bad-ip', raw, start, { family, example });
          return null;
        }
        mech.ip6 = v6;
        if (cidr !== '') {
          const m = /^\/(0|[1-9][0-9]{0,2})$/.exec(cidr);
          if (m === null || Number(m[1]) > 128) { issue('error', 'bad-cidr', raw, start, { reason: `"${cidr}"` }); return null; }
          mech.cidr6 = Number(m[1]);
        }
      }
      return mech;
    }
  }
}

function parseModifier(raw: string, start: number, name: string, value: string, issue: IssueSink): SpfModifier | null {
  if (name === 'redirect' || name === 'exp') {
    if (value === '') {
      issue('error', 'missing-domain', raw, start, { name: `${name}=`, example: `${name}=example.com` });
      return null;
    }
    const domain = parseDomainSpec(value, raw, start, issue);
    if (domain === null) return null;
    return { kind: 'modifier', name, value: domain, text: raw, start, end: start + raw.length };
  }
  const parsed = parseMacroString(value, true);
  if (!parsed.ok) {
    issue('error', 'bad-macro', raw, start, { reason: parsed.reason });
    return null;
  }
  return { kind: 'modifier', name, value: parsed.value, text: raw, start, end: start + raw.length };
}

function parseDomainSpec(spec: string, raw: string, start: number, issue: IssueSink): MacroString | null {
  const parsed = parseMacroString(spec, false);
  if (!parsed.ok) {
    if (parsed.letter !== undefined) issue('error', 'macro-exp-only', raw, start, { letter: parsed.letter ?? '' });
    else issue('error', 'bad-macro', raw, start, { reason: parsed.reason });
    return null;
  }
  let tailStart = 0;
  for (let i = 0; i < spec.length;) {
    if (spec.charCodeAt(i) !== 37) { i++; continue; }
    i = spec[i + 1] === '{' ? spec.indexOf('}', i) + 1 : i + 2;
    tailStart = i;
  }
  if (tailStart < spec.length) {
    const tail = spec.slice(tailStart);
    if (!DOMAIN_END.test(tail)) {
      const reason = /\.\.|^\.$/.test(tail) ? L('empty label', 'leeres Label')
        : tail.includes('.') ? L('the last label must be a name, not a number', 'das letzte Label muss ein Name sein, keine Zahl')
          : L('it needs at least one dot', 'sie braucht mindestens einen Punkt');
      issue('error', 'bad-domain', raw, start, { reason });
      return null;
    }
  }
  return parsed.value;
}
