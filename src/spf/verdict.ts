/**
 * The `spf` verdict of `coexist check` (issue 3) from a walked SPF tree, so the probe stays thin. Pure.
 */
import type { Localized } from '../i18n/locale';
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
  message: Localized;
}

export interface SpfVerdict {
  status: ProbeStatus;
  /** Why the status is not `ok` (most important first); empty when ok. */
  reasons: SpfVerdictReason[];
  /** One or two sentences for the admin. */
  advice: Localized;
  /** The root's SPF records as found (for `found`). */
  records: string[];
  lookups: number;
  voidLookups: number;
  microsoftReachable: boolean;
  ttlSeconds?: number;
}

function reason(code: SpfVerdictCode, domain: string, en: string, de: string): SpfVerdictReason {
  return { code, domain, message: { en, de } };
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
    return { ...base, status: 'missing', reasons: [reason('no-record', root.domain, `${root.domain} has no SPF record.`, `${root.domain} hat keinen SPF-Eintrag.`)],
      // No command line in the advice: it is shown on Teams cards too, which show the record to publish themselves.
      advice: { en: `Publish one TXT record at ${root.domain}: v=spf1 … include:${MICROSOFT_SPF_DOMAIN} … ~all.`,
        de: `Legen Sie bei ${root.domain} einen TXT-Eintrag an: v=spf1 … include:${MICROSOFT_SPF_DOMAIN} … ~all.` } };
  }
  if (root.status === 'dns-error') {
    return { ...base, status: 'error', reasons: [reason('dns-error', root.domain, `Could not read the TXT records of ${root.domain} (${root.error ?? 'DNS error'}).`, `Die TXT-Einträge von ${root.domain} konnten nicht gelesen werden (${root.error ?? 'DNS-Fehler'}).`)],
      advice: { en: `Could not check: the DNS query for ${root.domain} failed. Try again later.`, de: `Konnte nicht geprüft werden: Die DNS-Abfrage für ${root.domain} ist fehlgeschlagen. Bitte später erneut versuchen.` } };
  }
  let unknownBranch = false;
  const visit = (node: SpfTreeNode, isRoot: boolean): void => {
    switch (node.status) {
      case 'multiple':
        wrong.push(isRoot
          ? reason('multiple-records', node.domain, `${node.domain} publishes ${node.records.length} SPF records; receivers then return permerror. Merge them into one.`, `${node.domain} veröffentlicht ${node.records.length} SPF-Einträge; Empfänger werten das als permerror. Führen Sie sie zu einem zusammen.`)
          : reason('target-multiple', node.domain, `${node.domain} (reached through ${node.via}) publishes more than one SPF record.`, `${node.domain} (über ${node.via} erreicht) veröffentlicht mehr als einen SPF-Eintrag.`));
        return;
      case 'none':
        wrong.push(reason('target-none', node.domain, `${node.domain} (reached through ${node.via}) has no SPF record; receivers then return permerror.`, `${node.domain} (über ${node.via} erreicht) hat keinen SPF-Eintrag; Empfänger werten das als permerror.`));
        return;
      case 'dns-error':
        unknownBranch = true;
        errors.push(reason('dns-error', node.domain, `Could not read the SPF record of ${node.domain} (${node.error ?? 'DNS error'}).`, `Der SPF-Eintrag von ${node.domain} konnte nicht gelesen werden (${node.error ?? 'DNS-Fehler'}).`));
        return;
      case 'loop':
        wrong.push(reason('loop', node.domain, `${node.domain} is included in a loop.`, `${node.domain} wird in einer Schleife eingebunden.`));
        return;
      case 'not-walked':
        unknownBranch = true;
        return;
      case 'syntax-error': {
        const first = node.issues.find((i) => i.severity === 'error');
        wrong.push(reason('syntax-error', node.domain,
          `The SPF record of ${node.domain} has a syntax error: ${first?.message.en ?? ''} ${first?.fix.en ?? ''}`.trim(),
          `Der SPF-Eintrag von ${node.domain} hat einen Syntaxfehler: ${first?.message.de ?? ''} ${first?.fix.de ?? ''}`.trim()));
        break;
      }
      case 'ok':
        break;
    }
    for (const term of node.terms) {
      if (term.lookups > 0 && term.void === null && term.error !== undefined && term.child === undefined) {
        errors.push(reason('dns-error', node.domain, `Could not check "${term.term}" in ${node.domain} (${term.error}).`, `"${term.term}" in ${node.domain} konnte nicht geprüft werden (${term.error}).`));
      }
      if (term.child) visit(term.child, false);
    }
  };
  visit(root, true);
  if (tree.totalLookups > LOOKUP_LIMIT) {
    wrong.push(reason('too-many-lookups', root.domain, `The SPF tree needs ${tree.totalLookups} DNS lookups; RFC 7208 allows ${LOOKUP_LIMIT}, receivers then return permerror.`, `Der SPF-Baum braucht ${tree.totalLookups} DNS-Abfragen; RFC 7208 erlaubt ${LOOKUP_LIMIT}, Empfänger werten das als permerror.`));
  }
  if (tree.totalVoidLookups > VOID_LOOKUP_LIMIT) {
    wrong.push(reason('too-many-void-lookups', root.domain, `${tree.totalVoidLookups} terms point at names without records; RFC 7208 allows ${VOID_LOOKUP_LIMIT}.`, `${tree.totalVoidLookups} Begriffe verweisen auf Namen ohne Einträge; RFC 7208 erlaubt ${VOID_LOOKUP_LIMIT}.`));
  }
  if (!tree.microsoftReachable && !unknownBranch && root.status !== 'multiple') {
    wrong.push(reason('microsoft-missing', root.domain, `include:${MICROSOFT_SPF_DOMAIN} is missing, so mail sent through Microsoft 365 fails SPF.`, `include:${MICROSOFT_SPF_DOMAIN} fehlt, deshalb scheitert Mail über Microsoft 365 an SPF.`));
  }
  if (wrong.length > 0) {
    return { ...base, status: 'wrong', reasons: [...wrong, ...errors],
      advice: { en: `${wrong[0]!.message.en} Publish the corrected record instead of the current one.`, de: `${wrong[0]!.message.de} Ersetzen Sie den bisherigen Eintrag durch den korrigierten.` } };
  }
  if (errors.length > 0 || unknownBranch) {
    const first = errors[0]?.message ?? { en: 'Part of the SPF tree could not be walked.', de: 'Ein Teil des SPF-Baums konnte nicht abgefragt werden.' };
    return { ...base, status: 'error', reasons: errors, advice: { en: `Could not check: ${first.en}`, de: `Konnte nicht geprüft werden: ${first.de}` } };
  }
  return { ...base, status: 'ok', reasons: [],
    advice: { en: `The SPF record is valid, includes Microsoft 365 and needs ${tree.totalLookups} of ${LOOKUP_LIMIT} lookups.`, de: `Der SPF-Eintrag ist gültig, bindet Microsoft 365 ein und braucht ${tree.totalLookups} von ${LOOKUP_LIMIT} Abfragen.` } };
}
