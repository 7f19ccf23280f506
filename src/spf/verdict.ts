/**
 * The `spf` verdict of `coexist check` (issue 3) from a walked SPF tree, so the probe stays thin. Pure.
 */
import { msg, type Message, type MessageCode } from '../i18n/message';
import type { ProbeStatus } from '../probes/types';
import { LOOKUP_LIMIT, MICROSOFT_SPF_DOMAIN, VOID_LOOKUP_LIMIT, type SpfTree, type SpfTreeNode } from './tree';

export type SpfVerdictCode =
  | 'no-record'
  | 'multiple-records'
  | 'syntax-error'
  | 'target-none'
  | 'target-multiple'
  | 'loop'
  | 'microsoft-missing'
  | 'too-many-lookups'
  | 'too-many-void-lookups'
  | 'dns-error';

export interface SpfVerdictReason {
  code: SpfVerdictCode;
  /** The record's domain the reason is about. */
  domain: string;
  message: Message;
}

export interface SpfVerdict {
  status: ProbeStatus;
  /** Why the status is not `ok` (most important first); empty when ok. */
  reasons: SpfVerdictReason[];
  /** One or two sentences for the admin, as a catalog message. */
  advice: Message;
  /** The root's SPF records as found (for `found`). */
  records: string[];
  lookups: number;
  voidLookups: number;
  microsoftReachable: boolean;
  ttlSeconds?: number;
}

function reason(code: SpfVerdictCode, domain: string, text: MessageCode, params: Readonly<Record<string, string | number>>): SpfVerdictReason {
  return { code, domain, message: msg(text, { domain, ...params }) };
}

/**
 * Judges a tree per issue 3: ok, missing (no SPF record at the root), wrong (anything the answers already
 * prove wrong), error (a query the verdict depends on failed, and nothing answered proves it wrong). Pure.
 */
export function summarizeSpfTree(tree: SpfTree): SpfVerdict {
  const wrong: SpfVerdictReason[] = [];
  const errors: SpfVerdictReason[] = [];
  const root = tree.root;
  const base = {
    records: root.records, lookups: tree.totalLookups, voidLookups: tree.totalVoidLookups,
    microsoftReachable: tree.microsoftReachable, ...(root.ttl !== undefined ? { ttlSeconds: root.ttl } : {}),
  };
  if (root.status === 'none') {
    return { ...base, status: 'missing', reasons: [reason('no-record', root.domain, 'probe.spf.no-record', {})],
      // No command line in the advice: it is shown on Teams cards too, which show the record to publish themselves.
      advice: msg('probe.spf.publish', { domain: root.domain, microsoft: MICROSOFT_SPF_DOMAIN }) };
  }
  if (root.status === 'dns-error') {
    return { ...base, status: 'error', reasons: [reason('dns-error', root.domain, 'probe.spf.root-unreadable', { error: root.error ?? 'DNS error' })],
      advice: msg('probe.spf.root-failed', { domain: root.domain }) };
  }
  let unknownBranch = false;
  const visit = (node: SpfTreeNode, isRoot: boolean): void => {
    switch (node.status) {
      case 'multiple':
        wrong.push(isRoot
          ? reason('multiple-records', node.domain, 'probe.spf.multiple-records', { count: node.records.length })
          : reason('target-multiple', node.domain, 'probe.spf.target-multiple', { via: node.via ?? '' }));
        return;
      case 'none':
        wrong.push(reason('target-none', node.domain, 'probe.spf.target-none', { via: node.via ?? '' }));
        return;
      case 'dns-error':
        unknownBranch = true;
        errors.push(reason('dns-error', node.domain, 'probe.spf.target-unreadable', { error: node.error ?? 'DNS error' }));
        return;
      case 'loop':
        wrong.push(reason('loop', node.domain, 'probe.spf.loop', {}));
        return;
      case 'not-walked':
        unknownBranch = true;
        return;
      case 'syntax-error': {
        const first = node.issues.find((i) => i.severity === 'error');
        wrong.push(first?.replacement !== undefined
          ? reason('syntax-error', node.domain, 'probe.spf.syntax-error-fix', { term: first.term, replacement: first.replacement })
          : reason('syntax-error', node.domain, 'probe.spf.syntax-error', { term: first?.term ?? '' }));
        break;
      }
      case 'ok':
        break;
    }
    for (const term of node.terms) {
      if (term.lookups > 0 && term.void === null && term.error !== undefined && term.child === undefined) {
        errors.push(reason('dns-error', node.domain, 'probe.spf.term-unchecked', { term: term.term, error: term.error }));
      }
      if (term.child) visit(term.child, false);
    }
  };
  visit(root, true);
  if (tree.totalLookups > LOOKUP_LIMIT) {
    wrong.push(reason('too-many-lookups', root.domain, 'probe.spf.too-many-lookups', { lookups: tree.totalLookups, limit: LOOKUP_LIMIT }));
  }
  if (tree.totalVoidLookups > VOID_LOOKUP_LIMIT) {
    wrong.push(reason('too-many-void-lookups', root.domain, 'probe.spf.too-many-void-lookups', { count: tree.totalVoidLookups, limit: VOID_LOOKUP_LIMIT }));
  }
  if (!tree.microsoftReachable && !unknownBranch && root.status !== 'multiple') {
    wrong.push(reason('microsoft-missing', root.domain, 'probe.spf.microsoft-missing', { microsoft: MICROSOFT_SPF_DOMAIN }));
  }
  if (wrong.length > 0) {
    return { ...base, status: 'wrong', reasons: [...wrong, ...errors],
      advice: msg('probe.spf.wrong', { reason: wrong[0]!.message }) };
  }
  if (errors.length > 0 || unknownBranch) {
    const first = errors[0]?.message ?? msg('probe.spf.not-walked');
    return { ...base, status: 'error', reasons: errors, advice: msg('probe.could-not-check-detail', { detail: first }) };
  }
  return { ...base, status: 'ok', reasons: [],
    advice: msg('probe.spf.ok', { lookups: tree.totalLookups, limit: LOOKUP_LIMIT }) };
}
