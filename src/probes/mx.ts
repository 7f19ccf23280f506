import type { DnsAnswer } from '../dns/types';
import type { ProbeResult } from './types';
import { msg } from '../i18n/message';
import { answerTtl, ask, errorResult, minTtl, result, type ProbeDeps } from './probe-support';

const WHAT = msg('probe.what.mx');
const WHAT_NS = msg('probe.what.ns');
const WHAT_HOST = msg('probe.what.mx-host');
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
    return result('mx', 'wrong', nsHosts.map((h) => `NS ${h}`), expected, msg('probe.mx.ns-microsoft',
      { domain, host: microsoftNs[0]! }), minTtl(ns.kind === 'records' ? ns.records : []));
  }
  if (answer.kind === 'error') return errorResult('mx', WHAT, answer, expected);
  const ttl = answerTtl(answer);
  const mxs = answer.kind === 'records' ? answer.records.flatMap((r) => (r.type === 'MX' ? [r] : [])).sort((a, b) => a.preference - b.preference) : [];
  if (mxs.length === 0) {
    if (ns.kind === 'error') return errorResult('mx', WHAT_NS, ns, expected);
    return result('mx', 'missing', null, expected, msg('probe.mx.none',
      { domain }), ttl);
  }
  const found = mxs.map((mx) => `${mx.preference} ${mx.exchange === '.' || mx.exchange === '' ? '.' : mx.exchange}`);
  if (mxs.some((mx) => mx.exchange === '.' || mx.exchange === '')) {
    return result('mx', 'wrong', found, expected, msg('probe.mx.null'), ttl);
  }
  const microsoft = mxs.filter((mx) => isExchangeOnlineMx(mx.exchange));
  if (microsoft.length > 0) {
    return result('mx', 'wrong', found, expected, msg('probe.mx.exchange-online',
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
      ? msg('probe.mx.host-no-address-dot',
        { host: unresolvable.host, domain, meant })
      : msg('probe.mx.host-no-address',
        { host: unresolvable.host, domain });
    return result('mx', 'wrong', found, expected, advice, Number.isFinite(hostTtl) ? hostTtl : undefined);
  }
  const failedHost = addresses.find(({ a, aaaa }) => a.kind !== 'records' && aaaa.kind !== 'records');
  if (failedHost) {
    const failed = [failedHost.a, failedHost.aaaa].find((x) => x.kind === 'error');
    if (failed && failed.kind === 'error') return errorResult('mx', WHAT_HOST, { ...failed, detail: `${failedHost.host}: ${failed.detail}` }, expected);
  }
  if (ns.kind === 'error') return errorResult('mx', WHAT_NS, ns, expected);
  return result('mx', 'ok', found, expected, msg('probe.mx.ok'), ttl);
}
