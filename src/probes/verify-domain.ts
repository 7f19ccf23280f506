import type { ProbeResult } from './types';
import { answerTtl, ask, errorResult, localize, result, type ProbeDeps } from './probe-support';

export interface VerifyDomainDeps extends ProbeDeps {
  /** The value Microsoft 365 showed, e.g. `MS=ms48151623`; compared case-insensitively. */
  expectTxt?: string;
}

const WHAT = { en: 'the verification TXT record', de: 'der Verifizierungs-TXT-Eintrag' };
const MS_TOKEN = /^MS=ms\d+$/i;

/**
 * Step `verify-domain`: is Microsoft's verification TXT at the apex? One TXT query. Never throws; a failed query
 * is `error`, never `missing`.
 */
export async function probeVerifyDomain(domain: string, deps: VerifyDomainDeps): Promise<ProbeResult> {
  const expectTxt = deps.expectTxt?.trim() || undefined;
  const expected = expectTxt ?? 'MS=ms<digits>';
  const answer = await ask(deps, domain, 'TXT');
  if (answer.kind === 'error') return errorResult('verify-domain', WHAT, answer, expected);
  const texts = answer.kind === 'records' ? answer.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : [])) : [];
  const ms = texts.filter((t) => /^MS=/i.test(t));
  const ttl = answerTtl(answer);
  const ok = expectTxt ? texts.some((t) => t.toLowerCase() === expectTxt.toLowerCase()) : ms.some((t) => MS_TOKEN.test(t));
  if (ok) {
    return result('verify-domain', 'ok', ms.length > 0 ? ms : texts.filter((t) => t.toLowerCase() === expectTxt?.toLowerCase()), expected,
      { en: 'The verification record is published; confirm the domain in the Microsoft 365 admin center.',
        de: 'Der Verifizierungseintrag ist veröffentlicht; bestätigen Sie die Domain im Microsoft 365 Admin Center.' }, ttl);
  }
  if (ms.length === 0) {
    return result('verify-domain', 'missing', texts.length > 0 ? [] : null, expected, localize(
      { en: 'Add a TXT record at {domain} with the value {value} (as shown in the Microsoft 365 admin center).',
        de: 'Legen Sie bei {domain} einen TXT-Eintrag mit dem Wert {value} an (wie im Microsoft 365 Admin Center angezeigt).' },
      { domain, value: expected }), ttl);
  }
  return result('verify-domain', 'wrong', ms, expected, localize(expectTxt
    ? { en: 'The MS= record found is not {value}; correct the TXT value to exactly what Microsoft 365 shows.',
        de: 'Der gefundene MS=-Eintrag ist nicht {value}; korrigieren Sie den TXT-Wert genau auf den Wert aus Microsoft 365.' }
    : { en: 'The MS= record found is not of the form MS=ms followed by digits; copy the value from the Microsoft 365 admin center again.',
        de: 'Der gefundene MS=-Eintrag hat nicht die Form MS=ms mit Ziffern; kopieren Sie den Wert erneut aus dem Microsoft 365 Admin Center.' },
  { value: expected }), ttl);
}
