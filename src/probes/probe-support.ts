import type { DnsAnswer, DnsRecord, QueryOptions, Resolver } from '../dns/types';
import { clampTtl, MAX_NEGATIVE_TTL, MAX_POSITIVE_TTL } from '../dns/ttl';
import type { Localized } from '../i18n/locale';
import { format } from '../i18n/locale';
import type { ProbeId, ProbeResult, ProbeStatus } from './types';

/** What every probe gets: the resolver to ask and an optional signal that ends the check (deadline). */
export interface ProbeDeps {
  resolver: Resolver;
  signal?: AbortSignal;
}

/** Lowest TTL among records, i.e. when the first of them may change in caches, capped at 7 days (RFC 8767 4). Pure. */
export function minTtl(records: readonly DnsRecord[]): number | undefined {
  return records.length === 0 ? undefined : clampTtl(Math.min(...records.map((r) => r.ttl)), MAX_POSITIVE_TTL);
}

/**
 * The TTL that bounds a re-check: record TTL for answers (at most 7 days), the negative TTL for NXDOMAIN/NODATA
 * (RFC 2308 5, at most a day). Pure.
 */
export function answerTtl(answer: DnsAnswer): number | undefined {
  if (answer.kind === 'records') return minTtl(answer.records);
  if (answer.kind === 'nxdomain' || answer.kind === 'nodata') return answer.negativeTtl === undefined ? undefined : clampTtl(answer.negativeTtl, MAX_NEGATIVE_TTL);
  return undefined;
}

/** One query that never rejects, even if an injected resolver breaks its contract. */
export async function ask(deps: ProbeDeps, name: string, type: Parameters<Resolver>[1]): Promise<DnsAnswer> {
  const options: QueryOptions | undefined = deps.signal ? { signal: deps.signal } : undefined;
  try {
    return await deps.resolver(name, type, options);
  } catch (error) {
    return { kind: 'error', reason: 'other', detail: error instanceof Error ? error.message : String(error) };
  }
}

const COULD_NOT_CHECK: Localized = {
  en: 'Could not check {what}: {detail}. This says nothing about the record; try again later or ask another DNS server.',
  de: '{what} konnte nicht geprüft werden: {detail}. Über den Eintrag sagt das nichts; bitte später erneut prüfen oder einen anderen DNS-Server fragen.',
};

const REASON_TEXT: Record<string, Localized> = {
  timeout: { en: 'no answer in time', de: 'keine Antwort in der Zeit' },
  servfail: { en: 'the DNS server answered SERVFAIL', de: 'der DNS-Server antwortete SERVFAIL' },
  refused: { en: 'the DNS server refused the query (REFUSED)', de: 'der DNS-Server verweigerte die Anfrage (REFUSED)' },
  malformed: { en: 'the answer was unreadable', de: 'die Antwort war unlesbar' },
  truncated: { en: 'the answer arrived incomplete', de: 'die Antwort kam unvollständig an' },
  network: { en: 'network error', de: 'Netzwerkfehler' },
  'cname-loop': { en: 'the CNAME chain loops', de: 'die CNAME-Kette ist eine Schleife' },
  other: { en: 'unexpected DNS answer', de: 'unerwartete DNS-Antwort' },
};

const UNREACHABLE: Localized = { en: 'no DNS server reachable (tried {servers})', de: 'kein DNS-Server erreichbar (versucht: {servers})' };

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A `ProbeResult` for "could not check", naming the failed query. Pure. */
export function errorResult(id: ProbeId, what: Localized, failed: Extract<DnsAnswer, { kind: 'error' }>, expected: unknown): ProbeResult {
  const unreachable = failed.tried !== undefined && failed.tried.length > 0 && (failed.reason === 'timeout' || failed.reason === 'network');
  const reason = unreachable ? localize(UNREACHABLE, { servers: failed.tried!.join(', ') }) : REASON_TEXT[failed.reason] ?? REASON_TEXT.other!;
  const server = failed.source?.server && !unreachable ? ` (${failed.source.server})` : '';
  const adviceLocalized = {
    en: format(COULD_NOT_CHECK.en, { what: what.en, detail: reason.en + server }),
    de: capitalize(format(COULD_NOT_CHECK.de, { what: what.de, detail: reason.de + server })),
  };
  return { id, status: 'error', found: null, expected, advice: adviceLocalized.en, adviceLocalized };
}

/** Assembles a result with both advice languages. Pure. */
export function result(id: ProbeId, status: ProbeStatus, found: unknown, expected: unknown, advice: Localized, ttlSeconds?: number): ProbeResult {
  const out: ProbeResult = { id, status, found, expected, advice: advice.en, adviceLocalized: { en: advice.en, de: advice.de } };
  if (ttlSeconds !== undefined) out.ttlSeconds = ttlSeconds;
  return out;
}

/** Fills placeholders in both languages. Pure. */
export function localize(text: Localized, values: Readonly<Record<string, string | number>>): Localized {
  return { en: format(text.en, values), de: format(text.de, values) };
}
