/**
 * Merge advice for the SPF step of the guide: insert `include:spf.protection.outlook.com` right after `v=spf1` and
 * keep everything else, or propose a new record; then prove the result (syntax, lookup budget, void lookups,
 * provider still authorized, Exchange Online authorized) by walking and evaluating it over the real DNS with the
 * proposed record laid over the published one. Never suggests more than 10 lookups without saying so and
 * offering a way out.
 */
import type { DnsAnswer, Resolver } from '../dns/types';
import type { Localized } from '../i18n/locale';
import { evaluateSpf } from './evaluate';
import { parseSpf, type SpfIssue } from './parse';
import { normalizeDomain } from './records';
import { LOOKUP_LIMIT, MICROSOFT_SPF_DOMAIN, VOID_LOOKUP_LIMIT, walkSpfTree, type SpfTree } from './tree';

export type ProviderId = 'strato' | 'ionos' | 'other';

export interface ProviderInfo {
  id: ProviderId;
  name: string;
  /** The provider's SPF include for its outgoing servers; null when unknown ("ask your provider"). */
  include: string | null;
  /** MX host suffixes that identify the provider. */
  mxSuffixes: string[];
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = {
  strato: { id: 'strato', name: 'Strato', include: 'smtp.strato.de', mxSuffixes: ['rzone.de', 'strato.de'] },
  ionos: { id: 'ionos', name: 'IONOS (1&1)', include: 'smtp.1und1.de', mxSuffixes: ['kundenserver.de', 'ionos.de', 'ionos.com', '1and1.com', '1und1.de', 'perfora.net', 'schlund.de'] },
  other: { id: 'other', name: 'your provider', include: null, mxSuffixes: [] },
};

/** An address inside Exchange Online's outbound ranges (40.107.0.0/16), used to prove Microsoft is authorized. */
export const EXCHANGE_ONLINE_SAMPLE_IP = '40.107.22.1';

export type SuggestCheckId = 'syntax' | 'lookups' | 'void-lookups' | 'provider' | 'microsoft';

export interface SuggestCheck {
  id: SuggestCheckId;
  /** null: could not be decided (DNS failure, unknown provider). */
  ok: boolean | null;
  message: Localized;
}

export interface SpfSuggestion {
  domain: string;
  /**
   * `merge`: publish `record` instead of the current one; `new`: publish `record` as a new TXT record;
   * `unchanged`: the current record is already right; `error`: could not read the current state.
   */
  kind: 'merge' | 'new' | 'unchanged' | 'error';
  provider: ProviderInfo | null;
  /** The SPF records published now. */
  current: string[];
  record: string | null;
  /** Why this record, step by step. */
  reasoning: Localized[];
  checks: SuggestCheck[];
  lookupsBefore: number | null;
  lookupsAfter: number | null;
  /** A record within 10 lookups, when `record` exceeds them. */
  alternative?: { record: string; lookups: number; reasoning: Localized[] };
  /** What to ask the provider, when it is not known. */
  question?: Localized;
}

export interface SuggestOptions {
  provider?: ProviderId;
  signal?: AbortSignal;
}

const L = (en: string, de: string): Localized => ({ en, de });

/** Guesses the provider from the domain's MX hosts. Never throws; null when unknown. */
export async function detectProvider(domain: string, resolver: Resolver): Promise<ProviderInfo | null> {
  let answer: DnsAnswer;
  try { answer = await resolver(domain, 'MX'); } catch { return null; }
  if (answer.kind !== 'records') return null;
  for (const r of answer.records) {
    if (r.type !== 'MX') continue;
    const host = normalizeDomain(r.exchange);
    for (const p of [PROVIDERS.strato, PROVIDERS.ionos]) {
      if (p.mxSuffixes.some((s) => host === s || host.endsWith(`.${s}`))) return p;
    }
  }
  return null;
}

/** A resolver that answers `domain`'s TXT query with `record` and asks `resolver` for everything else. */
function overlay(resolver: Resolver, domain: string, record: string): Resolver {
  return async (name, type, options) => {
    if (type === 'TXT' && normalizeDomain(name) === domain) {
      return { kind: 'records', cnameChain: [], records: [{ name: domain, ttl: 0, type: 'TXT', text: record, strings: [record] }] };
    }
    return resolver(name, type, options);
  };
}

const hasMicrosoftInclude = (terms: readonly string[]): boolean =>
  terms.some((t) => /^[+]?include:spf\.protection\.outlook\.com\.?$/i.test(t));

/**
 * Rewrites a record: fixes mechanical mistakes (`ipv4:` → `ip4:`, `ip4:host` → `a:host`), inserts Microsoft's
 * include right after `v=spf1` when missing, keeps every other term in order. Pure.
 */
export function mergeMicrosoftInclude(record: string): { record: string; fixed: SpfIssue[]; inserted: boolean; remaining: SpfIssue[] } {
  const parsed = parseSpf(record);
  const fixed: SpfIssue[] = [];
  const remaining: SpfIssue[] = [];
  const replacements = new Map<number, string>();
  for (const issue of parsed.issues) {
    if (issue.severity !== 'error') continue;
    if ((issue.code === 'ipv4-typo' || issue.code === 'ip4-hostname' || issue.code === 'qualified-modifier') && issue.replacement !== undefined) {
      replacements.set(issue.start, issue.replacement);
      fixed.push(issue);
    } else if (issue.code !== 'not-spf') {
      remaining.push(issue);
    }
  }
  const terms: string[] = [];
  let pos = 6;
  while (pos < record.length) {
    if (record.charCodeAt(pos) === 32) { pos++; continue; }
    let end = record.indexOf(' ', pos);
    if (end === -1) end = record.length;
    terms.push(replacements.get(pos) ?? record.slice(pos, end));
    pos = end;
  }
  const inserted = !hasMicrosoftInclude(terms);
  if (inserted) terms.unshift(`include:${MICROSOFT_SPF_DOMAIN}`);
  return { record: ['v=spf1', ...terms].join(' '), fixed, inserted, remaining };
}

/** Merges several published SPF records into one: their terms in order without duplicates, one `all`. Pure. */
function mergeRecords(records: readonly string[]): string {
  const seen = new Set<string>();
  const terms: string[] = [];
  let all: string | null = null;
  for (const rec of records) {
    for (const raw of rec.slice(6).split(' ')) {
      if (raw === '') continue;
      if (/^[-+~?]?all$/i.test(raw)) { all ??= raw; continue; }
      if (/^(?:redirect|exp)=/i.test(raw)) continue;
      const key = raw.toLowerCase();
      if (!seen.has(key)) { seen.add(key); terms.push(raw); }
    }
  }
  return ['v=spf1', ...terms, all ?? '~all'].join(' ');
}

async function addressesOf(resolver: Resolver, name: string): Promise<string[] | null> {
  const out: string[] = [];
  for (const type of ['A', 'AAAA'] as const) {
    const answer = await resolver(name, type);
    if (answer.kind === 'error') return null;
    if (answer.kind === 'records') {
      for (const r of answer.records) if (r.type === 'A' || r.type === 'AAAA') out.push(`${r.type === 'A' ? 'ip4' : 'ip6'}:${r.address}`);
    }
  }
  return out;
}

/**
 * Offers a record within the lookup budget: `a`/`mx` terms without macros are replaced by the ip4/ip6 addresses
 * they stand for today, `ptr` terms (RFC 7208 5.5: do not use) and duplicates are dropped. Returns null when that
 * does not help.
 */
async function reduceLookups(record: string, domain: string, resolver: Resolver): Promise<{ record: string; reasoning: Localized[] } | null> {
  const parsed = parseSpf(record);
  const reasoning: Localized[] = [];
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const term of parsed.terms) {
    const key = term.text.toLowerCase();
    if (seen.has(key)) {
      reasoning.push(L(`Dropped the duplicate "${term.text}".`, `Doppeltes "${term.text}" entfernt.`));
      continue;
    }
    seen.add(key);
    if (term.kind === 'mechanism' && term.name === 'ptr') {
      reasoning.push(L(`Dropped "${term.text}": ptr is slow, discouraged by RFC 7208 5.5 and ignored by many receivers.`, `"${term.text}" entfernt: ptr ist langsam, wird von RFC 7208 5.5 nicht empfohlen und von vielen Empfängern ignoriert.`));
      continue;
    }
    const flattenable = term.kind === 'mechanism' && (term.name === 'a' || term.name === 'mx') && (term.domain === null || term.domain.literal !== null)
      && term.cidr4 === 32 && term.cidr6 === 128 && term.qualifier === '+';
    if (flattenable && term.kind === 'mechanism') {
      const target = term.domain === null ? domain : normalizeDomain(term.domain.literal!);
      let hosts: string[] = [target];
      if (term.name === 'mx') {
        const mx = await resolver(target, 'MX');
        if (mx.kind === 'error') { terms.push(term.text); continue; }
        hosts = mx.kind === 'records' ? mx.records.flatMap((r) => (r.type === 'MX' && r.exchange !== '' ? [normalizeDomain(r.exchange)] : [])) : [];
      }
      const replaced: string[] = [];
      let failed = false;
      for (const host of hosts) {
        const addresses = await addressesOf(resolver, host);
        if (addresses === null) { failed = true; break; }
        for (const a of addresses) if (!replaced.includes(a) && !seen.has(a)) replaced.push(a);
      }
      if (failed) { terms.push(term.text); continue; }
      for (const a of replaced) seen.add(a);
      terms.push(...replaced);
      reasoning.push(L(
        `Replaced "${term.text}" by the addresses it stands for today (${replaced.join(' ') || 'none'}); update them when those servers change.`,
        `"${term.text}" durch die Adressen ersetzt, für die es heute steht (${replaced.join(' ') || 'keine'}); passen Sie sie an, wenn sich diese Server ändern.`));
      continue;
    }
    terms.push(term.text);
  }
  if (reasoning.length === 0) return null;
  return { record: ['v=spf1', ...terms].join(' '), reasoning };
}

function countChecks(tree: SpfTree, checks: SuggestCheck[], record: string): void {
  const issues = parseSpf(record).issues.filter((i) => i.severity === 'error');
  checks.push(issues.length === 0
    ? { id: 'syntax', ok: true, message: L('The record is valid SPF syntax.', 'Der Eintrag ist gültige SPF-Syntax.') }
    : { id: 'syntax', ok: false, message: { en: `Still invalid: ${issues[0]!.message.en} ${issues[0]!.fix.en}`, de: `Noch ungültig: ${issues[0]!.message.de} ${issues[0]!.fix.de}` } });
  const nested = tree.nodes.find((n) => n !== tree.root && (n.status === 'syntax-error' || n.status === 'none' || n.status === 'multiple'));
  if (nested) {
    checks.push({ id: 'syntax', ok: false, message: L(`The record reached at ${nested.domain} is broken (${nested.status}); ask its owner to fix it or remove that include.`, `Der über ${nested.domain} erreichte Eintrag ist fehlerhaft (${nested.status}); lassen Sie ihn korrigieren oder entfernen Sie dieses include.`) });
  }
  const dnsTrouble = tree.nodes.some((n) => n.status === 'dns-error' || n.status === 'not-walked');
  checks.push({
    id: 'lookups', ok: dnsTrouble && tree.totalLookups <= LOOKUP_LIMIT ? null : tree.totalLookups <= LOOKUP_LIMIT,
    message: tree.totalLookups <= LOOKUP_LIMIT
      ? L(`${tree.totalLookups} of ${LOOKUP_LIMIT} DNS lookups (RFC 7208 4.6.4)${dnsTrouble ? ', not counting parts that could not be read' : ''}.`, `${tree.totalLookups} von ${LOOKUP_LIMIT} DNS-Abfragen (RFC 7208 4.6.4)${dnsTrouble ? ', ohne die Teile, die nicht gelesen werden konnten' : ''}.`)
      : L(`${tree.totalLookups} DNS lookups: more than the ${LOOKUP_LIMIT} RFC 7208 4.6.4 allows, so receivers return permerror and your mail fails SPF.`, `${tree.totalLookups} DNS-Abfragen: mehr als die ${LOOKUP_LIMIT}, die RFC 7208 4.6.4 erlaubt; Empfänger werten das als permerror und Ihre Mails scheitern an SPF.`),
  });
  checks.push({
    id: 'void-lookups', ok: tree.totalVoidLookups <= VOID_LOOKUP_LIMIT,
    message: tree.totalVoidLookups <= VOID_LOOKUP_LIMIT
      ? L(`${tree.totalVoidLookups} of ${VOID_LOOKUP_LIMIT} allowed void lookups.`, `${tree.totalVoidLookups} von ${VOID_LOOKUP_LIMIT} erlaubten Abfragen ins Leere.`)
      : L(`${tree.totalVoidLookups} terms point at names without records (at most ${VOID_LOOKUP_LIMIT} allowed); remove them.`, `${tree.totalVoidLookups} Begriffe verweisen auf Namen ohne Einträge (höchstens ${VOID_LOOKUP_LIMIT} erlaubt); entfernen Sie sie.`),
  });
}

/**
 * Proposes the SPF record to publish for mixed operation. Does DNS through `resolver`; never throws and never
 * rejects (a failed read is `kind: 'error'`).
 */
export async function suggestSpf(domainInput: string, resolver: Resolver, options: SuggestOptions = {}): Promise<SpfSuggestion> {
  const domain = normalizeDomain(domainInput);
  const walkOptions = options.signal ? { signal: options.signal } : {};
  const before = await walkSpfTree(domain, resolver, walkOptions);
  const provider = options.provider ? PROVIDERS[options.provider] : await detectProvider(domain, resolver);
  const base = { domain, provider, current: before.root.records };
  if (before.root.status === 'dns-error') {
    return { ...base, kind: 'error', record: null, checks: [], lookupsBefore: null, lookupsAfter: null,
      reasoning: [L(`Could not read the TXT records of ${domain} (${before.root.error ?? 'DNS error'}); nothing is suggested rather than a guess.`, `Die TXT-Einträge von ${domain} konnten nicht gelesen werden (${before.root.error ?? 'DNS-Fehler'}); statt zu raten wird nichts vorgeschlagen.`)] };
  }
  const reasoning: Localized[] = [];
  let record: string;
  let kind: SpfSuggestion['kind'];
  let question: Localized | undefined;
  if (before.root.status === 'none') {
    kind = 'new';
    if (provider?.include) {
      record = `v=spf1 include:${MICROSOFT_SPF_DOMAIN} include:${provider.include} ~all`;
      reasoning.push(L(
        `${domain} has no SPF record yet. The record authorizes Microsoft 365 and ${provider.name}'s outgoing servers (include:${provider.include}); that include replaces the guide's generic "a mx", which would authorize your web server and incoming mail server instead. Add "a" only if your web server sends mail itself.`,
        `${domain} hat noch keinen SPF-Eintrag. Der Eintrag erlaubt Microsoft 365 und die Ausgangsserver von ${provider.name} (include:${provider.include}); dieses include ersetzt das allgemeine "a mx" der Anleitung, das stattdessen Ihren Webserver und Ihren Eingangsserver erlauben würde. Ergänzen Sie "a" nur, wenn Ihr Webserver selbst Mails verschickt.`));
    } else {
      record = `v=spf1 a mx include:${MICROSOFT_SPF_DOMAIN} ~all`;
      reasoning.push(L(
        `${domain} has no SPF record yet: this is the guide's record for mixed operation (your domain's servers, your mail servers and Microsoft 365; "~all" marks everything else as suspicious, not rejected).`,
        `${domain} hat noch keinen SPF-Eintrag: Dies ist der Eintrag der Anleitung für den Mischbetrieb (die Server Ihrer Domain, Ihre Mailserver und Microsoft 365; "~all" markiert alles andere als verdächtig, ohne es abzuweisen).`));
      question = L(
        'Ask your provider which SPF include covers its outgoing mail servers (for example Strato: include:smtp.strato.de, IONOS: include:smtp.1und1.de) and add it; "a mx" alone may not cover them.',
        'Fragen Sie Ihren Provider, welches SPF-include seine Ausgangs-Mailserver abdeckt (zum Beispiel Strato: include:smtp.strato.de, IONOS: include:smtp.1und1.de), und ergänzen Sie es; "a mx" allein deckt sie womöglich nicht ab.');
    }
  } else {
    kind = 'merge';
    let source = before.root.record ?? before.root.records[0]!;
    if (before.root.status === 'multiple') {
      source = mergeRecords(before.root.records);
      reasoning.push(L(
        `${domain} publishes ${before.root.records.length} SPF records, which makes receivers return permerror. They are merged into one; delete the others.`,
        `${domain} veröffentlicht ${before.root.records.length} SPF-Einträge, was Empfänger als permerror werten. Sie werden zu einem zusammengeführt; löschen Sie die anderen.`));
    }
    const merged = mergeMicrosoftInclude(source);
    record = merged.record;
    for (const fix of merged.fixed) {
      reasoning.push({ en: `Fixed "${fix.term}" → "${fix.replacement}": ${fix.message.en}`, de: `"${fix.term}" → "${fix.replacement}" korrigiert: ${fix.message.de}` });
      if (fix.code === 'ipv4-typo') {
        reasoning.push(L('The guide\'s Strato example has this very typo ("ipv4:81.169.145.133"); copied as is, it breaks SPF for the whole domain.', 'Das Strato-Beispiel der Anleitung enthält genau diesen Tippfehler ("ipv4:81.169.145.133"); so übernommen, macht er SPF für die ganze Domain ungültig.'));
      }
    }
    if (merged.inserted) {
      reasoning.push(L(`Inserted include:${MICROSOFT_SPF_DOMAIN} right after v=spf1 and kept everything else, as the guide says, so the provider's servers stay authorized.`, `include:${MICROSOFT_SPF_DOMAIN} direkt nach v=spf1 eingefügt und alles andere beibehalten, wie die Anleitung es beschreibt, damit die Server des Providers erlaubt bleiben.`));
    } else {
      reasoning.push(L(`The record already includes ${MICROSOFT_SPF_DOMAIN}.`, `Der Eintrag bindet ${MICROSOFT_SPF_DOMAIN} bereits ein.`));
    }
    for (const issue of merged.remaining) {
      reasoning.push({ en: `Needs your decision: ${issue.message.en} ${issue.fix.en}`, de: `Braucht Ihre Entscheidung: ${issue.message.de} ${issue.fix.de}` });
    }
    if (!merged.inserted && merged.fixed.length === 0 && before.root.status === 'ok') kind = 'unchanged';
  }

  const checks: SuggestCheck[] = [];
  const proposed = overlay(resolver, domain, record);
  const after = await walkSpfTree(domain, proposed, walkOptions);
  countChecks(after, checks, record);

  // The provider's servers: everything published before is kept, and the known provider include is reachable.
  if (provider?.include) {
    const reached = after.nodes.some((n) => n.domain === provider.include);
    checks.push({ id: 'provider', ok: reached, message: reached
      ? L(`${provider.name}'s outgoing servers stay authorized (include:${provider.include}).`, `Die Ausgangsserver von ${provider.name} bleiben erlaubt (include:${provider.include}).`)
      : L(`include:${provider.include} is not part of the record: if you send through ${provider.name}'s servers, add it.`, `include:${provider.include} ist nicht Teil des Eintrags: Wenn Sie über die Server von ${provider.name} senden, ergänzen Sie es.`) });
  } else if (kind !== 'new') {
    checks.push({ id: 'provider', ok: true, message: L('Every term of the published record is kept, so the servers authorized today stay authorized.', 'Alle Begriffe des veröffentlichten Eintrags bleiben erhalten, die heute erlaubten Server bleiben also erlaubt.') });
  } else {
    checks.push({ id: 'provider', ok: null, message: L('Which servers your provider sends from is not known; see the question below.', 'Von welchen Servern Ihr Provider sendet, ist nicht bekannt; siehe die Frage unten.') });
  }

  // Exchange Online: evaluate the proposed record for an address in Microsoft's outbound ranges.
  const exo = await evaluateSpf({ ip: EXCHANGE_ONLINE_SAMPLE_IP, mailFrom: `postmaster@${domain}`, helo: 'mail.protection.outlook.com' }, proposed, options.signal ? { signal: options.signal } : {});
  checks.push({
    id: 'microsoft', ok: exo.result === 'pass' ? true : exo.result === 'temperror' ? null : false,
    message: exo.result === 'pass'
      ? L(`Exchange Online is authorized: a message from ${EXCHANGE_ONLINE_SAMPLE_IP} (Exchange Online) gets SPF pass.`, `Exchange Online ist erlaubt: Eine Mail von ${EXCHANGE_ONLINE_SAMPLE_IP} (Exchange Online) erhält SPF pass.`)
      : L(`A message from Exchange Online (${EXCHANGE_ONLINE_SAMPLE_IP}) would get SPF ${exo.result} (${exo.explanation}).`, `Eine Mail aus Exchange Online (${EXCHANGE_ONLINE_SAMPLE_IP}) erhielte SPF ${exo.result} (${exo.explanation}).`),
  });

  const suggestion: SpfSuggestion = {
    ...base, kind, record, reasoning, checks,
    lookupsBefore: before.root.status === 'none' ? 0 : before.totalLookups, lookupsAfter: after.totalLookups,
    ...(question ? { question } : {}),
  };
  if (after.totalLookups > LOOKUP_LIMIT) {
    const reduced = await reduceLookups(record, domain, resolver);
    if (reduced !== null) {
      const alt = await walkSpfTree(domain, overlay(resolver, domain, reduced.record), walkOptions);
      suggestion.alternative = { record: reduced.record, lookups: alt.totalLookups, reasoning: reduced.reasoning };
      if (alt.totalLookups > LOOKUP_LIMIT) {
        suggestion.alternative.reasoning.push(L(`Still ${alt.totalLookups} lookups: ask the owners of the largest includes for a flattened include, or replace includes you no longer need.`, `Immer noch ${alt.totalLookups} Abfragen: Bitten Sie die Betreiber der größten includes um ein zusammengefasstes include, oder entfernen Sie nicht mehr benötigte includes.`));
      }
    } else {
      suggestion.reasoning.push(L('The record needs more than 10 lookups and has no a/mx/ptr terms to replace: remove includes you no longer need or ask their owners for a flattened one.', 'Der Eintrag braucht mehr als 10 Abfragen und hat keine a/mx/ptr-Begriffe zum Ersetzen: Entfernen Sie nicht mehr benötigte includes oder bitten Sie deren Betreiber um ein zusammengefasstes.'));
    }
  }
  return suggestion;
}
