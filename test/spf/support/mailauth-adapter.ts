import type { DnsAnswer, Resolver, RRType } from '../../../src/dns/types';

/** mailauth's SPF entry point (mailauth 7.1.0, lib/spf/index.js); it has no type declarations. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const mailauthSpf = (require('mailauth/lib/spf') as { spf: (opts: Record<string, unknown>) => Promise<MailauthResult> }).spf;

export interface MailauthResult {
  status: { result: string; comment?: string };
  lookups?: { count: number; void: number };
}

function fail(code: string): never {
  throw Object.assign(new Error(code), { code });
}

/**
 * Adapts our Resolver to the resolver mailauth expects (the shape of `dns.promises.resolve`: arrays of values,
 * NXDOMAIN/NODATA/timeouts as errors with c-ares codes), so both evaluators see the very same DNS answers.
 */
export function toMailauthResolver(resolver: Resolver): (name: string, type: string) => Promise<unknown[]> {
  return async (name, type) => {
    const answer: DnsAnswer = await resolver(name, type as RRType);
    if (answer.kind === 'nxdomain') fail('ENOTFOUND');
    if (answer.kind === 'nodata') fail('ENODATA');
    if (answer.kind === 'error') fail(answer.reason === 'timeout' ? 'ETIMEOUT' : answer.reason === 'refused' ? 'EREFUSED' : 'ESERVFAIL');
    const out: unknown[] = [];
    for (const r of answer.records) {
      if (r.type !== type) continue;
      if (r.type === 'TXT') out.push(r.strings);
      else if (r.type === 'A' || r.type === 'AAAA') out.push(r.address);
      else if (r.type === 'MX') out.push({ exchange: r.exchange, priority: r.preference });
      else if (r.type === 'PTR') out.push(r.target);
    }
    if (out.length === 0) fail('ENODATA');
    return out;
  };
}
