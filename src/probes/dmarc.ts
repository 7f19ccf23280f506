import { format, type Localized } from '../i18n/locale';
import { hasLaterDmarcVersion, parseDmarcRecord, startsAsDmarc, type DmarcProblem, type DmarcRecord } from '../mailauth/dmarc-record';
import type { ProbeResult } from './types';
import { answerTtl, ask, errorResult, localize, result, type ProbeDeps } from './probe-support';

const WHAT = { en: 'the DMARC record', de: 'der DMARC-Eintrag' };

// Mixed operation sends from two places; RFC 7489 3.1 alignment is what both must pass.
const ALIGNMENT: Localized = {
  en: 'In mixed operation both senders must align: SPF must authorize the provider and Exchange Online (include:spf.protection.outlook.com), and each signer needs DKIM for {domain} (Microsoft 365: the selector1/selector2 CNAMEs; the provider: its own selectors).',
  de: 'Im Mischbetrieb müssen beide Absender ausgerichtet sein: SPF muss den Anbieter und Exchange Online erlauben (include:spf.protection.outlook.com), und jeder Signierer braucht DKIM für {domain} (Microsoft 365: die CNAMEs selector1/selector2; der Anbieter: seine eigenen Selektoren).',
};

const PROBLEM_TEXT: Record<DmarcProblem['code'], Localized> = {
  'version-not-first': { en: 'v=DMARC1 is not the first tag, so receivers ignore the whole record', de: 'v=DMARC1 ist nicht das erste Tag, daher ignorieren Empfänger den ganzen Eintrag' },
  'version-value': { en: 'the version is "{value}" instead of exactly DMARC1 (upper case)', de: 'die Version ist „{value}“ statt genau DMARC1 (Großbuchstaben)' },
  'tag-syntax': { en: '"{value}" is not of the form tag=value', de: '„{value}“ hat nicht die Form Tag=Wert' },
  'duplicate-tag': { en: 'the tag {tag} appears twice', de: 'das Tag {tag} kommt doppelt vor' },
  'policy-missing': { en: 'the required tag p is missing (tag names are case-sensitive: p, not P)', de: 'das Pflicht-Tag p fehlt (Tag-Namen unterscheiden Groß- und Kleinschreibung: p, nicht P)' },
  'policy-value': { en: '{tag}={value} is not none, quarantine or reject', de: '{tag}={value} ist weder none noch quarantine noch reject' },
  'pct-range': { en: 'pct={value} is not a whole number from 0 to 100', de: 'pct={value} ist keine ganze Zahl von 0 bis 100' },
  'uri-not-mailto': { en: 'the {tag} address "{value}" is not a mailto: URI (write mailto:reports@example.com)', de: 'die {tag}-Adresse „{value}“ ist keine mailto:-URI (schreiben Sie mailto:berichte@example.com)' },
  'uri-address': { en: 'the {tag} URI "{value}" has no valid e-mail address after mailto:', de: 'die {tag}-URI „{value}“ hat nach mailto: keine gültige E-Mail-Adresse' },
  'tag-value': { en: '{tag}={value} is not a valid value', de: '{tag}={value} ist kein gültiger Wert' },
};

const INVALID: Localized = {
  en: 'The DMARC record at {name} is invalid: {list}. Correct it at your DNS provider.',
  de: 'Der DMARC-Eintrag bei {name} ist ungültig: {list}. Korrigieren Sie ihn bei Ihrem DNS-Anbieter.',
};

function problemText(problem: DmarcProblem): Localized {
  return localize(PROBLEM_TEXT[problem.code], { tag: 'tag' in problem ? problem.tag : '', value: 'value' in problem ? problem.value : '' });
}

function joinSentences(parts: readonly Localized[]): Localized {
  return { en: parts.map((p) => p.en).join(' '), de: parts.map((p) => p.de).join(' ') };
}

function unknownTagsText(tags: readonly string[]): Localized | undefined {
  if (tags.length === 0) return undefined;
  return localize({ en: 'Receivers ignore the unknown tag(s) {tags} (allowed, RFC 7489 6.3); check for a typo.',
    de: 'Empfänger ignorieren die unbekannten Tags {tags} (erlaubt, RFC 7489 6.3); prüfen Sie auf Tippfehler.' }, { tags: tags.join(', ') });
}

function okAdvice(record: DmarcRecord, domain: string): Localized {
  const reports = record.rua.length > 0
    ? localize({ en: 'Aggregate reports go to {rua}.', de: 'Sammelberichte gehen an {rua}.' }, { rua: record.rua.join(', ') })
    : localize({ en: 'Add rua=mailto:dmarc@{domain} to receive the reports that show which sender fails.', de: 'Ergänzen Sie rua=mailto:dmarc@{domain}, um die Berichte zu erhalten, die zeigen, welcher Absender durchfällt.' }, { domain });
  const stage: Record<DmarcRecord['p'], Localized> = {
    none: { en: 'DMARC is published with p=none (monitoring only). When the reports show that both senders pass, tighten it to p=quarantine and weeks later to p=reject.',
      de: 'DMARC ist mit p=none veröffentlicht (nur Beobachtung). Wenn die Berichte zeigen, dass beide Absender bestehen, verschärfen Sie auf p=quarantine und Wochen später auf p=reject.' },
    quarantine: { en: 'DMARC asks receivers to quarantine failing mail (p=quarantine). When the reports stay clean, move to p=reject.',
      de: 'DMARC verlangt, durchfallende Mail in Quarantäne zu stellen (p=quarantine). Bleiben die Berichte sauber, wechseln Sie zu p=reject.' },
    reject: { en: 'DMARC asks receivers to reject failing mail (p=reject): mail from a sender that is not aligned bounces.',
      de: 'DMARC verlangt, durchfallende Mail abzuweisen (p=reject): Mail von einem nicht ausgerichteten Absender kommt zurück.' },
  };
  const pct = record.pct < 100 ? localize({ en: 'Only {pct}% of failing mail gets the policy (pct).', de: 'Nur {pct} % der durchfallenden Mail erhält die Richtlinie (pct).' }, { pct: record.pct }) : undefined;
  return joinSentences([stage[record.p], ...(pct ? [pct] : []), reports, localize(ALIGNMENT, { domain }), ...(unknownTagsText(record.unknownTags) ? [unknownTagsText(record.unknownTags)!] : [])]);
}

/**
 * Check `dmarc` (issue 17): the TXT records at `_dmarc.<domain>`. `ok`: exactly one record starting with
 * `v=DMARC1` (RFC 7489 6.6.3), valid, with p none/quarantine/reject; `missing`: none; `wrong`: several, the version
 * not first, or any invalid tag (src/mailauth/dmarc-record.ts); `error`: the query failed. Never throws.
 */
export async function probeDmarc(domain: string, deps: ProbeDeps): Promise<ProbeResult> {
  const name = `_dmarc.${domain}`;
  const expected = `${name} TXT "v=DMARC1; p=none; rua=mailto:…" (then quarantine, then reject)`;
  const answer = await ask(deps, name, 'TXT');
  if (answer.kind === 'error') return errorResult('dmarc', WHAT, answer, expected);
  const ttl = answerTtl(answer);
  const texts = answer.kind === 'records' ? answer.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : [])) : [];
  const records = texts.filter(startsAsDmarc);
  const misordered = texts.filter((t) => !startsAsDmarc(t) && hasLaterDmarcVersion(t));
  const missingAdvice: Localized = localize({
    en: 'Publish a TXT record at {name}: "v=DMARC1; p=none; rua=mailto:dmarc@{domain}". Start with p=none, read the reports, then tighten to quarantine and reject.',
    de: 'Veröffentlichen Sie bei {name} einen TXT-Eintrag „v=DMARC1; p=none; rua=mailto:dmarc@{domain}“. Beginnen Sie mit p=none, lesen Sie die Berichte und verschärfen Sie dann auf quarantine und reject.',
  }, { name, domain });
  if (records.length === 0 && misordered.length === 0) {
    return result('dmarc', 'missing', texts.length > 0 ? [] : null, expected, joinSentences([missingAdvice, localize(ALIGNMENT, { domain })]), ttl);
  }
  if (records.length === 0) {
    return result('dmarc', 'wrong', misordered, expected, joinSentences([
      localize({ en: 'The record at {name} does not start with v=DMARC1, so receivers ignore it; move v=DMARC1 to the front.',
        de: 'Der Eintrag bei {name} beginnt nicht mit v=DMARC1, daher ignorieren Empfänger ihn; stellen Sie v=DMARC1 an den Anfang.' }, { name }),
    ]), ttl);
  }
  if (records.length > 1) {
    return result('dmarc', 'wrong', records, expected, localize({
      en: '{name} has {count} DMARC records, so receivers apply none of them (RFC 7489 6.6.3); merge them into one.',
      de: '{name} hat {count} DMARC-Einträge, daher wenden Empfänger keinen davon an (RFC 7489 6.6.3); fassen Sie sie zu einem zusammen.',
    }, { name, count: records.length }), ttl);
  }
  const parsed = parseDmarcRecord(records[0]!);
  if (!parsed.ok) {
    const problems = parsed.problems.map(problemText);
    const invalid: Localized = {
      en: format(INVALID.en, { name, list: problems.map((p) => p.en).join('; ') }),
      de: format(INVALID.de, { name, list: problems.map((p) => p.de).join('; ') }),
    };
    const unknown = unknownTagsText(parsed.unknownTags);
    return result('dmarc', 'wrong', records, expected, joinSentences([invalid, ...(unknown ? [unknown] : [])]), ttl);
  }
  return result('dmarc', 'ok', records, expected, okAdvice(parsed.record, domain), ttl);
}
