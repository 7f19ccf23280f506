/**
 * A static walk of a domain's SPF record and of every record reached through include/redirect, with the lookup
 * accounting of `coexist check`'s spf verdict (issue 3, "How to count for spf"). It does not evaluate a client
 * address: terms whose target contains a macro are counted but cannot be followed.
 */
import type { DnsAnswer, Resolver } from '../dns/types';
import { parseSpf, type SpfIssue, type SpfMechanism } from './parse';
import { normalizeDomain, querySpfRecords } from './records';

export const MICROSOFT_SPF_DOMAIN = 'spf.protection.outlook.com';

/** RFC 7208 4.6.4. */
export const LOOKUP_LIMIT = 10;
export const VOID_LOOKUP_LIMIT = 2;

export type SpfNodeStatus =
  | 'ok'
  /** No SPF record (the TXT query answered NXDOMAIN, NODATA, or TXT without `v=spf1`). */
  | 'none'
  | 'multiple'
  | 'syntax-error'
  /** The TXT query failed (timeout, SERVFAIL, …): could not check. */
  | 'dns-error'
  /** The domain is already on the path from the root: an include/redirect loop. */
  | 'loop'
  /** Not walked because the tree already exceeds the walk's bounds. */
  | 'not-walked';

/** One DNS-querying term of a record, with what it costs. */
export interface SpfTreeTerm {
  /** The term as written. */
  term: string;
  kind: 'include' | 'redirect' | 'a' | 'mx' | 'ptr' | 'exists';
  /** The target domain, or null when it contains a macro (only known at evaluation time). */
  target: string | null;
  /** 1 for every counted term; 0 for a redirect that is ignored because the record has `all`. */
  lookups: number;
  /** true: NXDOMAIN or no records; false: records; null: not known (macro, ptr, DNS error). */
  void: boolean | null;
  /** Why `void` is null when a query failed. */
  error?: string;
  /** The record reached through include/redirect. */
  child?: SpfTreeNode;
}

export interface SpfTreeNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  status: SpfNodeStatus;
  /** The SPF record text when exactly one was found. */
  record: string | null;
  /** Every SPF record found (more than one is status `multiple`). */
  records: string[];
  /** Parse issues of `record`. */
  issues: SpfIssue[];
  /** The DNS failure, for status `dns-error`. */
  error?: string;
  ttl?: number;
  /** For status `none`: the TXT lookup itself was empty (NXDOMAIN or NODATA), a void lookup (RFC 7208 4.6.4). */
  txtEmpty?: boolean;
  terms: SpfTreeTerm[];
  /** Lookups of this record's own terms. */
  lookups: number;
  /** Lookups of this record and everything reached from it. */
  totalLookups: number;
  voidLookups: number;
  totalVoidLookups: number;
  /** Whether spf.protection.outlook.com is reached through include/redirect from here (or is this node). */
  reachesMicrosoft: boolean;
}

export interface SpfTree {
  domain: string;
  root: SpfTreeNode;
  totalLookups: number;
  totalVoidLookups: number;
  microsoftReachable: boolean;
  /** Every node, root first (depth-first order). */
  nodes: SpfTreeNode[];
}

export interface WalkOptions {
  /** Stop following include/redirect below this depth (default 12). */
  maxDepth?: number;
  /** Stop following once this many records were fetched (default 60). */
  maxNodes?: number;
  signal?: AbortSignal;
}

function isVoid(answer: DnsAnswer): boolean | null {
  if (answer.kind === 'error') return null;
  return answer.kind !== 'records' || answer.records.length === 0;
}

async function safeQuery(resolver: Resolver, name: string, type: 'A' | 'AAAA' | 'MX', signal?: AbortSignal): Promise<DnsAnswer> {
  try {
    return await resolver(name, type, signal ? { signal } : undefined);
  } catch (error) {
    return { kind: 'error', reason: 'other', detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Walks the SPF tree of `domain`. Never throws and never rejects: DNS failures become nodes with status
 * `dns-error` or terms with `void: null`. Independent queries run in parallel.
 */
export async function walkSpfTree(domain: string, resolver: Resolver, options: WalkOptions = {}): Promise<SpfTree> {
  const maxDepth = options.maxDepth ?? 12;
  const maxNodes = options.maxNodes ?? 60;
  const signal = options.signal;
  const nodes: SpfTreeNode[] = [];
  let fetched = 0;

  const visit = async (name: string, via: SpfTreeNode['via'], path: readonly string[]): Promise<SpfTreeNode> => {
    const node: SpfTreeNode = {
      domain: name, via, status: 'ok', record: null, records: [], issues: [], terms: [],
      lookups: 0, totalLookups: 0, voidLookups: 0, totalVoidLookups: 0, reachesMicrosoft: name === MICROSOFT_SPF_DOMAIN,
    };
    if (path.includes(name)) { node.status = 'loop'; return node; }
    if (path.length > maxDepth || fetched >= maxNodes) { node.status = 'not-walked'; return node; }
    fetched++;
    const lookup = await querySpfRecords(name, resolver, signal);
    if (lookup.kind === 'error') { node.status = 'dns-error'; node.error = `${lookup.reason}: ${lookup.detail}`; return node; }
    if (lookup.kind === 'none') { node.status = 'none'; node.txtEmpty = lookup.empty; return node; }
    node.records = lookup.records;
    node.ttl = lookup.ttl;
    if (lookup.records.length > 1) { node.status = 'multiple'; return node; }
    node.record = lookup.records[0]!;
    const parsed = parseSpf(node.record);
    node.issues = parsed.issues;
    if (parsed.hasErrors) node.status = 'syntax-error';
    const childPath = [...path, name];
    const work: Array<Promise<void>> = [];
    const counted = (m: SpfMechanism): void => {
      const target = m.domain === null ? name : m.domain.literal === null ? null : normalizeDomain(m.domain.literal);
      const term: SpfTreeTerm = { term: m.text, kind: m.name as SpfTreeTerm['kind'], target, lookups: 1, void: null };
      node.terms.push(term);
      if (target === null) return;
      if (m.name === 'include') {
        work.push(visit(target, 'include', childPath).then((child) => {
          term.child = child;
          if (child.status === 'none') term.void = child.txtEmpty === true;
          else if (child.status === 'dns-error') term.error = child.error;
          else if (child.status !== 'loop' && child.status !== 'not-walked') term.void = false;
        }));
      } else if (m.name === 'a') {
        work.push(Promise.all([safeQuery(resolver, target, 'A', signal), safeQuery(resolver, target, 'AAAA', signal)]).then(([a, aaaa]) => {
          const va = isVoid(a);
          const vb = isVoid(aaaa);
          if (va === false || vb === false) term.void = false;
          else if (va === true && vb === true) term.void = true;
          else term.error = a.kind === 'error' ? `${a.reason}: ${a.detail}` : aaaa.kind === 'error' ? `${aaaa.reason}: ${aaaa.detail}` : 'unknown';
        }));
      } else if (m.name === 'mx' || m.name === 'exists') {
        work.push(safeQuery(resolver, target, m.name === 'mx' ? 'MX' : 'A', signal).then((answer) => {
          term.void = isVoid(answer);
          if (answer.kind === 'error') term.error = `${answer.reason}: ${answer.detail}`;
        }));
      }
    };
    for (const m of parsed.mechanisms) {
      if (m.name === 'include' || m.name === 'a' || m.name === 'mx' || m.name === 'ptr' || m.name === 'exists') counted(m);
    }
    if (parsed.redirect !== null && parsed.redirect.value !== null) {
      const literal = parsed.redirect.value.literal;
      const target = literal === null ? null : normalizeDomain(literal);
      const term: SpfTreeTerm = { term: parsed.redirect.text, kind: 'redirect', target, lookups: parsed.hasAll ? 0 : 1, void: null };
      node.terms.push(term);
      if (!parsed.hasAll && target !== null) {
        work.push(visit(target, 'redirect', childPath).then((child) => {
          term.child = child;
          if (child.status === 'none') term.void = child.txtEmpty === true;
          else if (child.status === 'dns-error') term.error = child.error;
          else if (child.status !== 'loop' && child.status !== 'not-walked') term.void = false;
        }));
      }
    }
    await Promise.all(work);
    return node;
  };

  const root = await visit(normalizeDomain(domain), 'root', []);
  const finish = (node: SpfTreeNode): void => {
    nodes.push(node);
    node.lookups = 0;
    node.voidLookups = 0;
    node.totalLookups = 0;
    node.totalVoidLookups = 0;
    for (const term of node.terms) {
      node.lookups += term.lookups;
      if (term.void === true && term.lookups > 0) node.voidLookups++;
    }
    node.totalLookups = node.lookups;
    node.totalVoidLookups = node.voidLookups;
    for (const term of node.terms) {
      if (term.target === MICROSOFT_SPF_DOMAIN && term.lookups > 0) node.reachesMicrosoft = true;
      if (term.child) {
        finish(term.child);
        node.totalLookups += term.child.totalLookups;
        node.totalVoidLookups += term.child.totalVoidLookups;
        if (term.child.reachesMicrosoft) node.reachesMicrosoft = true;
      }
    }
  };
  finish(root);
  return {
    domain: root.domain, root, nodes,
    totalLookups: root.totalLookups, totalVoidLookups: root.totalVoidLookups, microsoftReachable: root.reachesMicrosoft,
  };
}
