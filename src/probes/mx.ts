import type { DnsAnswer } from '../dns/types';
import type { ProbeResult } from './types';
import { answerTtl, ask, errorResult, localize, minTtl, result, type ProbeDeps } from './probe-support';

const WHAT = { en: 'the MX records', de: 'die MX-Einträge' };
const WHAT_NS = { en: 'the name servers (NS)', de: 'die Nameserver (NS)' };
const WHAT_HOST = { en: 'the address of the MX host', de: 'die Adresse des MX-Hosts' };
const EXCHANGE_ONLINE = ['.mail.protection.outlook.com', '.mx.microsoft'];
/** Microsoft 365's own DNS hosting ("Let Microsoft manage your DNS"): ns1…ns4.bdm.microsoftonline.com. */
const MICROSOFT_NS = '.bdm.microsoftonline.com';

/** true for an Exchange Online inbound host name (lower case, no trailing dot). Pure. */
export function isExchangeOnlineMx(host: string): boolean {
  return EXCHANGE_ONLINE.some((suffix) => host.endsWith(suffix));
}

/** true for a name server of Microsoft 365's DNS hosting (lower case, no trailing dot). Pure. */
export function isMicrosoftNameserver(host: string): boolean {
  return host.endsWith(MICROSOFT_NS);
}

/**
 * The host the admin most likely meant when an MX host is `<a full host name>.<domain>`: DNS panels append the
 * domain to a name entered without its trailing dot (`smtpin.rzone.de` → `smtpin.rzone.de.meinefirma.de`).
 * Undefined when the host does not look like that. Pure.
 */
export function forgottenTrailingDot(host: string, domain: string): string | undefined {
  if (!host.endsWith(`.${domain}`)) return undefined;
  const meant = host.slice(0, -domain.length - 1);
  // "mail.meinefirma.de" is a normal in-zone host; "smtpin.rzone.de.meinefirma.de" has a whole domain in front.
  return meant.includes('.') && /\.[a-z][a-z0-9-]*[a-z0-9]$/.test(meant) ? meant : undefined;
}

const noAddress = (answer: DnsAnswer): boolean => answer.kind === 'nxdomain' || answer.kind === 'nodata';

/**
 * Step `mx`: does mail still reach the old provider first? Asks NS and MX of the domain in parallel, then A and
 * AAAA of every MX host in parallel. `wrong` when the name servers were redelegated to Microsoft 365 (NS under
 * bdm.microsoftonline.com: then Microsoft, not the provider, serves every record), for an Exchange Online MX host,
 * a null MX (RFC 7505), or an MX host with neither A nor AAAA (RFC 5321 5.1: mail to it cannot be delivered).
 * Never throws; a failed query the verdict depends on is `error`.
 */
export async function probeMx(domain: string, deps: ProbeDeps): Promise<ProbeResult> {
  const expected = 'MX at the current provider, none at *.mail.protection.outlook.com or *.mx.microsoft, every MX host with an address; name servers not at *.bdm.microsoftonline.com';
  const [ns, answer] = await Promise.all([ask(deps, domain, 'NS'), ask(deps, domain, 'MX')]);
  // NS answered through an alias is not this domain's delegation (RFC 2181 10.1); NODATA means no zone cut here.
  const nsHosts = ns.kind === 'records' && ns.cnameChain.length === 0 ? ns.records.flatMap((r) => (r.type === 'NS' ? [r.target] : [])) : [];
  const microsoftNs = nsHosts.filter(isMicrosoftNameserver);
  if (microsoftNs.length > 0) {
    return result('mx', 'wrong', nsHosts.map((h) => `NS ${h}`), expected, localize(
      { en: 'The name servers of {domain} were moved to Microsoft 365 ({host}), so the provider\'s records no longer count. Move the name servers back to your provider (at the provider or registrar), then check that the provider\'s MX records are there again; in Microsoft 365 choose "Add your own DNS records" instead.',
        de: 'Die Nameserver von {domain} wurden zu Microsoft 365 verlegt ({host}), damit gelten die Einträge des Anbieters nicht mehr. Stellen Sie die Nameserver beim Anbieter (bzw. Registrar) wieder auf den Anbieter zurück und prüfen Sie danach, ob die MX-Einträge des Anbieters wieder da sind; wählen Sie in Microsoft 365 stattdessen „Eigene DNS-Einträge hinzufügen“.' },
      { domain, host: microsoftNs[0]! }), minTtl(ns.kind === 'records' ? ns.records : []));
  }
  if (answer.kind === 'error') return errorResult('mx', WHAT, answer, expected);
  const ttl = answerTtl(answer);
  const mxs = answer.kind === 'records' ? answer.records.flatMap((r) => (r.type === 'MX' ? [r] : [])).sort((a, b) => a.preference - b.preference) : [];
  if (mxs.length === 0) {
    if (ns.kind === 'error') return errorResult('mx', WHAT_NS, ns, expected);
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
  const hosts = [...new Set(mxs.map((mx) => mx.exchange))];
  const addresses = await Promise.all(hosts.map(async (host) => {
    const [a, aaaa] = await Promise.all([ask(deps, host, 'A'), ask(deps, host, 'AAAA')]);
    return { host, a, aaaa };
  }));
  const unresolvable = addresses.find(({ a, aaaa }) => noAddress(a) && noAddress(aaaa));
  if (unresolvable) {
    const meant = forgottenTrailingDot(unresolvable.host, domain);
    const negative = [unresolvable.a, unresolvable.aaaa].flatMap((x) => (x.kind === 'nxdomain' || x.kind === 'nodata') && x.negativeTtl !== undefined ? [x.negativeTtl] : []);
    const hostTtl = Math.min(ttl ?? Infinity, ...negative);
    const advice = meant
      ? localize(
        { en: 'The MX host {host} has no address (neither A nor AAAA), so mail to {domain} cannot be delivered. It looks like the trailing dot is missing: the DNS panel appended the domain to {meant}. Enter the MX as {meant}. (with the trailing dot), or as the panel expects a full host name.',
          de: 'Der MX-Host {host} hat keine Adresse (weder A noch AAAA), Mail an {domain} kann also nicht zugestellt werden. Vermutlich fehlt der abschließende Punkt: die DNS-Verwaltung hat die Domain an {meant} angehängt. Tragen Sie den MX als {meant}. (mit abschließendem Punkt) ein, bzw. so, wie die Verwaltung einen vollständigen Hostnamen erwartet.' },
        { host: unresolvable.host, domain, meant })
      : localize(
        { en: 'The MX host {host} has no address (neither A nor AAAA), so mail to {domain} cannot be delivered there. Correct the MX to the host name your provider gives (check for a typo or a missing trailing dot).',
          de: 'Der MX-Host {host} hat keine Adresse (weder A noch AAAA), Mail an {domain} kann dort nicht zugestellt werden. Korrigieren Sie den MX auf den Hostnamen, den Ihr Anbieter angibt (auf Tippfehler oder einen fehlenden abschließenden Punkt prüfen).' },
        { host: unresolvable.host, domain });
    return result('mx', 'wrong', found, expected, advice, Number.isFinite(hostTtl) ? hostTtl : undefined);
  }
  const failedHost = addresses.find(({ a, aaaa }) => a.kind !== 'records' && aaaa.kind !== 'records');
  if (failedHost) {
    const failed = [failedHost.a, failedHost.aaaa].find((x) => x.kind === 'error');
    if (failed && failed.kind === 'error') return errorResult('mx', WHAT_HOST, { ...failed, detail: `${failedHost.host}: ${failed.detail}` }, expected);
  }
  if (ns.kind === 'error') return errorResult('mx', WHAT_NS, ns, expected);
  return result('mx', 'ok', found, expected, {
    en: 'Mail still reaches the current provider first, as mixed operation needs.',
    de: 'Mail kommt weiterhin zuerst beim bisherigen Anbieter an, wie es der Mischbetrieb braucht.',
  }, ttl);
}
