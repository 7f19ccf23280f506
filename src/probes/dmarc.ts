import { msg, msgList, sentences, type Message } from '../i18n/message';
import { hasLaterDmarcVersion, parseDmarcRecord, startsAsDmarc, type DmarcProblem, type DmarcRecord } from '../mailauth/dmarc-record';
import type { ProbeResult } from './types';
import { answerTtl, ask, errorResult, result, type ProbeDeps } from './probe-support';

const WHAT = msg('probe.what.dmarc');

function problemText(problem: DmarcProblem): Message {
  return msg(`probe.dmarc.problem.${problem.code}`, { tag: 'tag' in problem ? problem.tag : '', value: 'value' in problem ? problem.value : '' });
}

function unknownTagsText(tags: readonly string[]): Message[] {
  return tags.length === 0 ? [] : [msg('probe.dmarc.unknown-tags', { tags: tags.join(', ') })];
}

// Mixed operation sends from two places; RFC 7489 3.1 alignment is what both must pass.
function okAdvice(record: DmarcRecord, domain: string): Message {
  const reports = record.rua.length > 0 ? msg('probe.dmarc.reports-to', { rua: record.rua.join(', ') }) : msg('probe.dmarc.add-rua', { domain });
  const pct = record.pct < 100 ? [msg('probe.dmarc.pct', { pct: record.pct })] : [];
  return sentences([msg(`probe.dmarc.stage.${record.p}`), ...pct, reports, msg('probe.dmarc.alignment', { domain }), ...unknownTagsText(record.unknownTags)]);
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
  if (records.length === 0 && misordered.length === 0) {
    return result('dmarc', 'missing', texts.length > 0 ? [] : null, expected,
      sentences([msg('probe.dmarc.missing', { name, domain }), msg('probe.dmarc.alignment', { domain })]), ttl);
  }
  if (records.length === 0) return result('dmarc', 'wrong', misordered, expected, msg('probe.dmarc.not-first', { name }), ttl);
  if (records.length > 1) return result('dmarc', 'wrong', records, expected, msg('probe.dmarc.multiple', { name, count: records.length }), ttl);
  const parsed = parseDmarcRecord(records[0]!);
  if (!parsed.ok) {
    const invalid = msg('probe.dmarc.invalid', { name, list: msgList(parsed.problems.map(problemText), '; ') });
    return result('dmarc', 'wrong', records, expected, sentences([invalid, ...unknownTagsText(parsed.unknownTags)]), ttl);
  }
  return result('dmarc', 'ok', records, expected, okAdvice(parsed.record, domain), ttl);
}
