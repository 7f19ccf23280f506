/**
 * RFC 7208 `check_host()` over an injected Resolver: macros (7), `exp=` (6.2), the limits of 4.6.4 (10 DNS-querying
 * terms, 2 void lookups, 10 MX names and 10 PTR names per term), and a report of the lookups used, as a tree.
 */
import { formatIpv6 } from '../dns/ipv6-text';
import type { DnsAnswer, Resolver, RRType } from '../dns/types';
import { ip4InNetwork, ip6InNetwork, parseIp4, parseIp6, parseIpAddress, type IpAddress } from './parse-ip';
import { parseMacroString, parseSpf, type MacroString, type SpfMechanism } from './parse';
import { normalizeDomain, spfFromAnswer } from './records';
import { LOOKUP_LIMIT, VOID_LOOKUP_LIMIT } from './tree';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfCheckInput {
  /** The SMTP client's address (IPv4, IPv6, or IPv4-mapped IPv6). */
  ip: string;
  /** MAIL FROM. Empty means the null sender: `postmaster@<helo>` is checked (RFC 7208 2.4). */
  mailFrom: string;
  /** HELO/EHLO name. */
  helo: string;
  /** The receiving host, for `%{r}` in explanations (default "unknown"). */
  receiver?: string;
}

export interface SpfEvaluateOptions {
  /** RFC 7208 4.6.4 (default 10). */
  lookupLimit?: number;
  /** RFC 7208 4.6.4 (default 2). */
  voidLimit?: number;
  /** Seconds since the epoch, for `%{t}` (default now). */
  now?: () => number;
  signal?: AbortSignal;
}

/** One DNS-querying term as evaluated. */
export interface SpfEvalTerm {
  term: string;
  /** 1 for include/a/mx/ptr/exists/redirect (4.6.4); MX/PTR address lookups are in `subLookups`. */
  lookups: number;
  subLookups: number;
  void: boolean;
  matched: boolean;
  child?: SpfEvalNode;
}

/** One record visited by the evaluation. */
export interface SpfEvalNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  record: string | null;
  result: SpfResult;
  terms: SpfEvalTerm[];
  /** Lookups of this record's own terms, and of everything reached from it. */
  lookups: number;
  totalLookups: number;
}

export interface SpfEvaluation {
  result: SpfResult;
  /**
   * For `fail`: the domain's `exp=` text when it has one, else a default sentence. For errors: what went wrong.
   * Otherwise a short sentence naming the deciding term.
   */
  explanation: string;
  /** Where `explanation` came from: the domain's exp= record, or this program. */
  explanationSource: 'exp' | 'default';
  /** The identity checked (`postmaster@<helo>` for the null sender). */
  sender: string;
  domain: string;
  /** The term that decided the result, as written, or null (default result, error). */
  mechanism: string | null;
  /** DNS-querying terms counted against the limit of 10 (4.6.4). */
  lookups: number;
  voidLookups: number;
  /** DNS queries actually sent (including MX/PTR address lookups and exp). */
  queries: number;
  tree: SpfEvalNode | null;
}

class Abort {
  constructor(readonly result: 'permerror' | 'temperror', readonly reason: string) {}
}

interface Context {
  ip: IpAddress;
  sender: string;
  local: string;
  senderDomain: string;
  helo: string;
  receiver: string;
  now: () => number;
  resolver: Resolver;
  signal: AbortSignal | undefined;
  lookupLimit: number;
  voidLimit: number;
  lookups: number;
  voids: number;
  queries: number;
  validatedPtr: Map<string, string>;
  ptrNames: string[] | null | undefined;
}

const QUALIFIER_RESULT: Record<string, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

/** RFC 7208 4.3: labels of 1..63 characters, at most 253 in all, at least two labels, no domain literal. */
function isValidDomain(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  if (name.charCodeAt(0) === 91) return false;
  let labelLength = 0;
  let dots = 0;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) === 46) {
      if (labelLength === 0) return false;
      labelLength = 0;
      dots++;
    } else if (++labelLength > 63) {
      return false;
    }
  }
  return labelLength > 0 && dots > 0;
}

/** A name a DNS query can be composed from: no empty label, labels ≤ 63 (RFC 1035 2.3.4). */
function isQueryableName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  let labelLength = 0;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) === 46) {
      if (labelLength === 0) return false;
      labelLength = 0;
    } else if (++labelLength > 63) {
      return false;
    }
  }
  return labelLength > 0;
}

/** RFC 7208 7.3 (its example): dot-separated nibbles, upper-case hex. */
function ip6Nibbles(groups: readonly number[]): string {
  let out = '';
  for (let g = 0; g < 8; g++) {
    const hex = groups[g]!.toString(16).toUpperCase().padStart(4, '0');
    out += `${g === 0 ? '' : '.'}${hex[0]}.${hex[1]}.${hex[2]}.${hex[3]}`;
  }
  return out;
}

function reverseName(ip: IpAddress): string {
  if (ip.family === 4) {
    const v = ip.v4;
    return `${v % 256}.${Math.floor(v / 256) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 16777216)}.in-addr.arpa`;
  }
  return `${ip6Nibbles(ip.v6).split('.').reverse().join('.')}.ip6.arpa`;
}

const UNRESERVED = /[^A-Za-z0-9\-._~]/g;

function urlEscape(value: string): string {
  return value.replace(UNRESERVED, (c) => {
    let out = '';
    for (const byte of Buffer.from(c, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    return out;
  });
}

function splitOn(value: string, delimiters: string): string[] {
  if (delimiters === '' || delimiters === '.') return value.split('.');
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (delimiters.includes(value[i]!)) { parts.push(value.slice(start, i)); start = i + 1; }
  }
  parts.push(value.slice(start));
  return parts;
}

async function query(ctx: Context, name: string, type: RRType): Promise<DnsAnswer> {
  ctx.queries++;
  try {
    return await ctx.resolver(name, type, ctx.signal ? { signal: ctx.signal } : undefined);
  } catch (error) {
    return { kind: 'error', reason: 'other', detail: error instanceof Error ? error.message : String(error) };
  }
}

function countLookup(ctx: Context): void {
  if (++ctx.lookups > ctx.lookupLimit) {
    throw new Abort('permerror', `more than ${ctx.lookupLimit} DNS-querying terms (RFC 7208 4.6.4)`);
  }
}

function countVoid(ctx: Context, answer: DnsAnswer): boolean {
  if (answer.kind === 'nxdomain' || answer.kind === 'nodata' || (answer.kind === 'records' && answer.records.length === 0)) {
    if (++ctx.voids > ctx.voidLimit) throw new Abort('permerror', `more than ${ctx.voidLimit} void lookups (RFC 7208 4.6.4)`);
    return true;
  }
  return false;
}

function dnsFailure(answer: DnsAnswer & { kind: 'error' }, name: string, type: string): Abort {
  return new Abort('temperror', `DNS ${type} query for ${name} failed (${answer.reason}: ${answer.detail})`);
}

/** The PTR names of the client (RFC 7208 5.5), fetched once per check; null on a DNS error. */
async function ptrNames(ctx: Context): Promise<string[] | null> {
  if (ctx.ptrNames !== undefined) return ctx.ptrNames;
  const answer = await query(ctx, reverseName(ctx.ip), 'PTR');
  if (answer.kind === 'records') {
    const names: string[] = [];
    for (const r of answer.records) if (r.type === 'PTR') names.push(normalizeDomain(r.target));
    ctx.ptrNames = names;
  } else {
    ctx.ptrNames = answer.kind === 'error' ? null : [];
  }
  return ctx.ptrNames;
}

/** Validated PTR names (5.5): at most 10 names, each whose A/AAAA includes the client address. */
async function validatedNames(ctx: Context, target: string, stopAtMatch: boolean): Promise<{ names: string[]; subLookups: number }> {
  const names = await ptrNames(ctx);
  if (names === null) return { names: [], subLookups: 0 };
  const out: string[] = [];
  let subLookups = 0;
  const type = ctx.ip.family === 4 ? 'A' : 'AAAA';
  for (let i = 0; i < names.length && i < 10; i++) {
    const name = names[i]!;
    if (stopAtMatch && !(name === target || name.endsWith(`.${target}`))) continue;
    subLookups++;
    const answer = await query(ctx, name, type);
    if (answer.kind !== 'records') continue;
    if (addressListMatches(ctx.ip, answer, 32, 128)) {
      out.push(name);
      if (stopAtMatch) break;
    }
  }
  return { names: out, subLookups };
}

async function validatedDomain(ctx: Context, domain: string): Promise<string> {
  const cached = ctx.validatedPtr.get(domain);
  if (cached !== undefined) return cached;
  const { names } = await validatedNames(ctx, domain, false);
  // RFC 7208 7.3: prefer the target name itself, then a subdomain of it, then any validated name.
  let value = 'unknown';
  if (names.includes(domain)) value = domain;
  else value = names.find((n) => n.endsWith(`.${domain}`)) ?? names[0] ?? 'unknown';
  ctx.validatedPtr.set(domain, value);
  return value;
}

function addressListMatches(ip: IpAddress, answer: DnsAnswer & { kind: 'records' }, cidr4: number, cidr6: number): boolean {
  for (const r of answer.records) {
    if (r.type === 'A' && ip.family === 4) {
      const v4 = parseIp4(r.address);
      if (v4 !== null && ip4InNetwork(ip.v4, v4, cidr4)) return true;
    } else if (r.type === 'AAAA' && ip.family === 6) {
      const v6 = parseIp6(r.address);
      if (v6 !== null && ip6InNetwork(ip.v6, v6, cidr6)) return true;
    }
  }
  return false;
}

async function expand(ctx: Context, macro: MacroString, domain: string, explanation: boolean): Promise<string> {
  if (macro.literal !== null) return macro.literal;
  let out = '';
  for (const part of macro.parts) {
    if (typeof part === 'string') { out += part; continue; }
    let value: string;
    switch (part.letter) {
      case 's': value = ctx.sender; break;
      case 'l': value = ctx.local; break;
      case 'o': value = ctx.senderDomain; break;
      case 'd': value = domain; break;
      case 'i': value = ctx.ip.family === 4 ? ctx.ip.text : ip6Nibbles(ctx.ip.v6); break;
      case 'p': value = await validatedDomain(ctx, domain); break;
      case 'v': value = ctx.ip.family === 4 ? 'in-addr' : 'ip6'; break;
      case 'h': value = ctx.helo; break;
      case 'c': value = ctx.ip.family === 4 ? ctx.ip.text : formatIpv6(ctx.ip.v6); break;
      case 'r': value = ctx.receiver; break;
      case 't': value = String(Math.floor(ctx.now())); break;
      default: value = '';
    }
    if (part.digits !== 0 || part.reverse || (part.delimiters !== '' && part.delimiters !== '.')) {
      let parts = splitOn(value, part.delimiters);
      if (part.reverse) parts.reverse();
      if (part.digits !== 0 && part.digits < parts.length) parts = parts.slice(parts.length - part.digits);
      value = parts.join('.');
    }
    out += part.upper ? urlEscape(value) : value;
  }
  if (!explanation && out.length > 253) {
    // RFC 7208 7.3: drop labels from the left until the name fits.
    let cut = out;
    while (cut.length > 253) {
      const dot = cut.indexOf('.');
      if (dot === -1) break;
      cut = cut.slice(dot + 1);
    }
    out = cut;
  }
  return out;
}

async function targetOf(ctx: Context, m: SpfMechanism, domain: string): Promise<string> {
  if (m.domain === null) return domain;
  return normalizeDomain(await expand(ctx, m.domain, domain, false));
}

interface HostResult {
  result: SpfResult;
  mechanism: string | null;
  /** The record's exp= modifier and its domain, for a fail result. */
  exp: { macro: MacroString; domain: string } | null;
  node: SpfEvalNode;
}

async function checkHost(ctx: Context, domain: string, via: SpfEvalNode['via'], depth: number,
  attach: (node: SpfEvalNode) => void): Promise<HostResult> {
  const node: SpfEvalNode = { domain, via, record: null, result: 'none', terms: [], lookups: 0, totalLookups: 0 };
  attach(node);
  const finish = (result: SpfResult, mechanism: string | null, exp: HostResult['exp']): HostResult => {
    node.result = result;
    let own = 0;
    let total = 0;
    for (const t of node.terms) {
      own += t.lookups;
      total += t.lookups + (t.child ? t.child.totalLookups : 0);
    }
    node.lookups = own;
    node.totalLookups = total;
    return { result, mechanism, exp, node };
  };
  if (!isValidDomain(domain)) return finish('none', null, null);
  try {
    const answer = await query(ctx, domain, 'TXT');
    const lookup = spfFromAnswer(answer);
    if (lookup.kind === 'error') throw dnsFailure(answer as DnsAnswer & { kind: 'error' }, domain, 'TXT');
    if (lookup.kind === 'none') return finish('none', null, null);
    if (lookup.records.length > 1) {
      node.record = lookup.records.join(' | ');
      throw new Abort('permerror', `${domain} publishes ${lookup.records.length} SPF records (RFC 7208 4.5)`);
    }
    const text = lookup.records[0]!;
    node.record = text;
    const record = parseSpf(text);
    if (record.hasErrors) {
      const first = record.issues.find((i) => i.severity === 'error')!;
      throw new Abort('permerror', `syntax error in the SPF record of ${domain}: ${first.message.en}`);
    }
    const exp = record.exp !== null && record.exp.value !== null ? { macro: record.exp.value, domain } : null;
    for (const m of record.mechanisms) {
      switch (m.name) {
        case 'all':
          return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
        case 'ip4':
          if (ctx.ip.family === 4 && ip4InNetwork(ctx.ip.v4, m.ip4!, m.cidr4)) return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
          break;
        case 'ip6':
          if (ctx.ip.family === 6 && ip6InNetwork(ctx.ip.v6, m.ip6!, m.cidr6)) return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
          break;
        case 'a': {
          countLookup(ctx);
          const term: SpfEvalTerm = { term: m.text, lookups: 1, subLookups: 0, void: false, matched: false };
          node.terms.push(term);
          const target = await targetOf(ctx, m, domain);
          if (!isQueryableName(target)) break;
          const type = ctx.ip.family === 4 ? 'A' : 'AAAA';
          const a = await query(ctx, target, type);
          if (a.kind === 'error') throw dnsFailure(a, target, type);
          term.void = countVoid(ctx, a);
          if (a.kind === 'records' && addressListMatches(ctx.ip, a, m.cidr4, m.cidr6)) {
            term.matched = true;
            return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
          }
          break;
        }
        case 'mx': {
          countLookup(ctx);
          const term: SpfEvalTerm = { term: m.text, lookups: 1, subLookups: 0, void: false, matched: false };
          node.terms.push(term);
          const target = await targetOf(ctx, m, domain);
          if (!isQueryableName(target)) break;
          const mx = await query(ctx, target, 'MX');
          if (mx.kind === 'error') throw dnsFailure(mx, target, 'MX');
          term.void = countVoid(ctx, mx);
          if (mx.kind !== 'records') break;
          const hosts: Array<{ preference: number; exchange: string }> = [];
          for (const r of mx.records) if (r.type === 'MX') hosts.push(r);
          // RFC 7208 4.6.4: more than 10 MX names is a permerror, not a partial check.
          if (hosts.length > 10) throw new Abort('permerror', `${target} has ${hosts.length} MX records; at most 10 may be looked up (RFC 7208 4.6.4)`);
          hosts.sort((x, y) => x.preference - y.preference);
          const type = ctx.ip.family === 4 ? 'A' : 'AAAA';
          for (const host of hosts) {
            const exchange = normalizeDomain(host.exchange);
            if (exchange === '' || !isQueryableName(exchange)) continue;
            term.subLookups++;
            const a = await query(ctx, exchange, type);
            if (a.kind === 'error') throw dnsFailure(a, exchange, type);
            if (a.kind === 'records' && addressListMatches(ctx.ip, a, m.cidr4, m.cidr6)) {
              term.matched = true;
              return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
            }
          }
          break;
        }
        case 'ptr': {
          countLookup(ctx);
          const term: SpfEvalTerm = { term: m.text, lookups: 1, subLookups: 0, void: false, matched: false };
          node.terms.push(term);
          const target = await targetOf(ctx, m, domain);
          const names = await ptrNames(ctx);
          if (names !== null && names.length === 0) term.void = countVoid(ctx, { kind: 'nodata', cnameChain: [] });
          const { names: valid, subLookups } = await validatedNames(ctx, target, true);
          term.subLookups = subLookups;
          if (valid.length > 0) {
            term.matched = true;
            return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
          }
          break;
        }
        case 'exists': {
          countLookup(ctx);
          const term: SpfEvalTerm = { term: m.text, lookups: 1, subLookups: 0, void: false, matched: false };
          node.terms.push(term);
          const target = await targetOf(ctx, m, domain);
          if (!isQueryableName(target)) break;
          // RFC 7208 5.7: always an A query, whatever the client's address family.
          const a = await query(ctx, target, 'A');
          if (a.kind === 'error') throw dnsFailure(a, target, 'A');
          term.void = countVoid(ctx, a);
          if (a.kind === 'records' && a.records.some((r) => r.type === 'A')) {
            term.matched = true;
            return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
          }
          break;
        }
        case 'include': {
          countLookup(ctx);
          const term: SpfEvalTerm = { term: m.text, lookups: 1, subLookups: 0, void: false, matched: false };
          node.terms.push(term);
          const target = await targetOf(ctx, m, domain);
          if (depth > 50) throw new Abort('permerror', 'include nesting too deep');
          const sub = await checkHost(ctx, target, 'include', depth + 1, (child) => { term.child = child; });
          // RFC 7208 5.2: the included result decides only whether this term matches.
          if (sub.result === 'pass') {
            term.matched = true;
            return finish(QUALIFIER_RESULT[m.qualifier]!, m.text, exp);
          }
          if (sub.result === 'none') throw new Abort('permerror', `include:${target} has no SPF record (RFC 7208 5.2)`);
          break;
        }
      }
    }
    if (record.redirect !== null && record.redirect.value !== null) {
      countLookup(ctx);
      const term: SpfEvalTerm = { term: record.redirect.text, lookups: 1, subLookups: 0, void: false, matched: true };
      node.terms.push(term);
      const target = normalizeDomain(await expand(ctx, record.redirect.value, domain, false));
      if (depth > 50) throw new Abort('permerror', 'redirect nesting too deep');
      const sub = await checkHost(ctx, target, 'redirect', depth + 1, (child) => { term.child = child; });
      // RFC 7208 6.1: a redirect to a domain without SPF record is a permerror; its exp= replaces ours.
      if (sub.result === 'none') throw new Abort('permerror', `redirect=${target} has no SPF record (RFC 7208 6.1)`);
      return finish(sub.result, sub.mechanism, sub.exp);
    }
    return finish('neutral', null, exp);
  } catch (error) {
    if (error instanceof Abort) finish(error.result, null, null);
    throw error;
  }
}

/** RFC 7208 6.2: the explanation, or null when any step fails (then the default applies). */
async function explain(ctx: Context, exp: { macro: MacroString; domain: string }): Promise<string | null> {
  try {
    const name = normalizeDomain(await expand(ctx, exp.macro, exp.domain, false));
    if (!isQueryableName(name)) return null;
    const answer = await query(ctx, name, 'TXT');
    if (answer.kind !== 'records') return null;
    const texts: string[] = [];
    for (const r of answer.records) if (r.type === 'TXT') texts.push(r.text);
    if (texts.length !== 1) return null;
    const parsed = parseMacroString(texts[0]!, true);
    if (!parsed.ok) return null;
    const text = await expand(ctx, parsed.value, exp.domain, true);
    return /^[\x20-\x7e]*$/.test(text) ? text : null;
  } catch (error) {
    if (error instanceof Abort) return null;
    throw error;
  }
}

/**
 * Evaluates SPF for one message (RFC 7208 check_host() on the MAIL FROM identity, or on HELO for the null
 * sender). Never throws and never rejects: DNS failures are `temperror`, record errors `permerror`.
 */
export async function evaluateSpf(input: SpfCheckInput, resolver: Resolver, options: SpfEvaluateOptions = {}): Promise<SpfEvaluation> {
  const heloName = input.helo.trim();
  let sender = input.mailFrom.trim();
  if (sender.startsWith('<') && sender.endsWith('>')) sender = sender.slice(1, -1);
  if (sender === '') sender = `postmaster@${heloName}`;
  const at = sender.lastIndexOf('@');
  let local = at === -1 ? 'postmaster' : sender.slice(0, at);
  const senderDomain = normalizeDomain(at === -1 ? sender : sender.slice(at + 1));
  // RFC 7208 4.3: an empty local-part means "postmaster".
  if (local === '') local = 'postmaster';
  sender = `${local}@${senderDomain}`;
  const base = { sender, domain: senderDomain, mechanism: null, lookups: 0, voidLookups: 0, queries: 0, tree: null };
  const ip = parseIpAddress(input.ip.trim());
  if (ip === null) {
    return { ...base, result: 'permerror', explanation: `"${input.ip}" is not an IP address`, explanationSource: 'default' };
  }
  const ctx: Context = {
    ip, sender, local, senderDomain, helo: heloName, receiver: input.receiver ?? 'unknown',
    now: options.now ?? (() => Date.now() / 1000), resolver, signal: options.signal,
    lookupLimit: options.lookupLimit ?? LOOKUP_LIMIT, voidLimit: options.voidLimit ?? VOID_LOOKUP_LIMIT,
    lookups: 0, voids: 0, queries: 0, validatedPtr: new Map(), ptrNames: undefined,
  };
  const done = (result: SpfResult, explanation: string, source: 'exp' | 'default', mechanism: string | null, tree: SpfEvalNode | null): SpfEvaluation => ({
    result, explanation, explanationSource: source, sender, domain: senderDomain, mechanism,
    lookups: ctx.lookups, voidLookups: ctx.voids, queries: ctx.queries, tree,
  });
  let rootNode = null as SpfEvalNode | null;
  try {
    const outcome = await checkHost(ctx, senderDomain, 'root', 0, (node) => { rootNode = node; });
    switch (outcome.result) {
      case 'fail': {
        if (outcome.exp !== null) {
          const text = await explain(ctx, outcome.exp);
          if (text !== null) return done('fail', text, 'exp', outcome.mechanism, rootNode);
        }
        return done('fail', `${senderDomain} does not designate ${ip.text} as permitted sender (${outcome.mechanism ?? 'fail'})`, 'default', outcome.mechanism, rootNode);
      }
      case 'pass':
        return done('pass', `${senderDomain} designates ${ip.text} as permitted sender (${outcome.mechanism ?? 'pass'})`, 'default', outcome.mechanism, rootNode);
      case 'softfail':
        return done('softfail', `${senderDomain} does not designate ${ip.text} as permitted sender, but is transitioning (${outcome.mechanism ?? '~'})`, 'default', outcome.mechanism, rootNode);
      case 'neutral':
        return done('neutral', `${senderDomain} makes no assertion about ${ip.text}${outcome.mechanism ? ` (${outcome.mechanism})` : ''}`, 'default', outcome.mechanism, rootNode);
      case 'none':
        return done('none', isValidDomain(senderDomain) ? `${senderDomain} has no SPF record` : `"${senderDomain}" is not a valid domain name (RFC 7208 4.3)`, 'default', null, rootNode);
      default:
        return done(outcome.result, `${outcome.result} at ${senderDomain}`, 'default', null, rootNode);
    }
  } catch (error) {
    if (error instanceof Abort) return done(error.result, error.reason, 'default', null, rootNode);
    return done('temperror', `unexpected failure: ${error instanceof Error ? error.message : String(error)}`, 'default', null, rootNode);
  }
}
