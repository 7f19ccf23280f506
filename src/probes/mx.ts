import type { ProbeResult } from './types';
import { answerTtl, ask, errorResult, localize, result, type ProbeDeps } from './probe-support';

const WHAT = { en: 'the MX records', de: 'die MX-Einträge' };
const EXCHANGE_ONLINE = ['.mail.protection.outlook.com', '.mx.microsoft'];

/** true for an Exchange Online inbound host name (lower case, no trailing dot). Pure. */
export function isExchangeOnlineMx(host: string): boolean {
  return EXCHANGE_ONLINE.some((suffix) => host.endsWith(suffix));
}

/**
 * Step `mx`: does mail still reach the old provider first? One MX query. `wrong` for an Exchange Online host or a
 * null MX (RFC 7505). Never throws; a failed query is `error`.
 */
export async function probeMx(domain: string, deps: ProbeDeps): Promise<ProbeResult> {
  const expected = 'MX at the current provider, none at *.mail.protection.outlook.com or *.mx.microsoft';
  const answer = await ask(deps, domain, 'MX');
  if (answer.kind === 'error') return errorResult('mx', WHAT, answer, expected);
  const ttl = answerTtl(answer);
  const mxs = answer.kind === 'records' ? answer.records.flatMap((r) => (r.type === 'MX' ? [r] : [])).sort((a, b) => a.preference - b.preference) : [];
  if (mxs.length === 0) {
    return result('mx', 'missing', null, expected, localize(
      { en: '{domain} has no MX record, so no mail can arrive; restore the MX records of your current provider.',
        de: '{domain} hat keinen MX-Eintrag, es kann keine Mail ankommen; stellen Sie die MX-Einträge Ihres bisherigen Anbieters wieder her.' },
      { domain }), ttl);
  }
  const found = mxs.map((mx) => `${mx.preference} ${mx.exchange === '.' || mx.exchange === '' ? '.' : mx.exchange}`);
  if (mxs.some((mx) => mx.exchange === '.' || mx.exchange === '')) {
    return result('mx', 'wrong', found, expected, {
      en: 'The domain publishes a null MX ("0 ."), which says it accepts no mail; replace it with your provider\'s MX records.',
      de: 'Die Domain veröffentlicht einen Null-MX ("0 ."), also „nimmt keine Mail an“; ersetzen Sie ihn durch die MX-Einträge Ihres Anbieters.',
    }, ttl);
  }
  const microsoft = mxs.filter((mx) => isExchangeOnlineMx(mx.exchange));
  if (microsoft.length > 0) {
    return result('mx', 'wrong', found, expected, localize(
      { en: 'The MX points to Exchange Online ({host}) too early: in mixed operation mail must reach the provider first. Set the MX back to the provider until the final cut-over.',
        de: 'Der MX zeigt zu früh auf Exchange Online ({host}): im Mischbetrieb muss Mail zuerst beim Anbieter ankommen. Stellen Sie den MX bis zur endgültigen Umstellung auf den Anbieter zurück.' },
      { host: microsoft[0]!.exchange }), ttl);
  }
  return result('mx', 'ok', found, expected, {
    en: 'Mail still reaches the current provider first, as mixed operation needs.',
    de: 'Mail kommt weiterhin zuerst beim bisherigen Anbieter an, wie es der Mischbetrieb braucht.',
  }, ttl);
}
