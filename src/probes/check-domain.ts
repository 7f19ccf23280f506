import { setMaxListeners } from 'node:events';
import type { Resolver } from '../dns/types';
import type { ProbeResult } from './types';
import { probeVerifyDomain } from './verify-domain';
import { probeMx } from './mx';
import { probeAutodiscover } from './autodiscover';
import { probeSpf } from './spf';
import { withPropagationNote } from './propagation-note';
import { probeDmarc } from './dmarc';
import { probeDkim } from './dkim';
import { couldNotCheck } from './probe-support';

/**
 * The checks of `coexist check`, in output order, and the procedure step each one confirms (DESIGN.md step ids:
 * check id = step id): `verify-domain` → step 1, `mx` → step 2, `autodiscover` → step 3, `spf` → step 8.
 */
export const DOMAIN_CHECKS = [
  { id: 'verify-domain', step: 1 },
  { id: 'mx', step: 2 },
  { id: 'autodiscover', step: 3 },
  { id: 'spf', step: 8 },
] as const;

export type DomainCheckId = (typeof DOMAIN_CHECKS)[number]['id'];

/**
 * Checks beyond the guide (issue 17), run only when asked for (`coexist check --checks`, `--all`), so the default
 * set and its exit code stay as published.
 */
export const OPTIONAL_CHECKS = [
  { id: 'dkim' },
  { id: 'dmarc' },
] as const;

export type OptionalCheckId = (typeof OPTIONAL_CHECKS)[number]['id'];
export type CheckId = DomainCheckId | OptionalCheckId;

/** Every check id, default ones first (`--all`). */
export const ALL_CHECK_IDS: readonly CheckId[] = [...DOMAIN_CHECKS.map((c) => c.id), ...OPTIONAL_CHECKS.map((c) => c.id)];

/** True for a known check id. Pure. */
export function isCheckId(id: string): id is CheckId {
  return (ALL_CHECK_IDS as readonly string[]).includes(id);
}

export interface CheckDomainOptions {
  /** Answers "is it published?" (the authoritative servers, or the `--dns` servers). */
  resolver: Resolver;
  /** The verification value Microsoft 365 showed (`MS=ms…`); without it any `MS=ms<digits>` is accepted. */
  expectTxt?: string;
  /** Only these checks (default all, in `DOMAIN_CHECKS` order). */
  only?: readonly DomainCheckId[];
  /** Exactly these checks, in this order (any of `ALL_CHECK_IDS`); takes precedence over `only`. */
  checks?: readonly CheckId[];
  /**
   * Ends every query still running after this many ms (their checks become `error`). Set it to about 3x the
   * per-query timeout so one check never waits much longer than that.
   */
  budgetMs?: number;
  signal?: AbortSignal;
  /** "Has it propagated?": each check is also run against these resolvers and reported per server. */
  propagation?: ReadonlyArray<{ server: string; resolver: Resolver }>;
  /** The clock for the "public resolvers will see it by about …" note (default the system clock). */
  now?: () => Date;
}

type Probe = (domain: string, deps: { resolver: Resolver; signal?: AbortSignal; expectTxt?: string }) => Promise<ProbeResult>;

const PROBES: Record<CheckId, Probe> = {
  'verify-domain': probeVerifyDomain,
  mx: probeMx,
  autodiscover: probeAutodiscover,
  spf: probeSpf,
  dkim: probeDkim,
  dmarc: probeDmarc,
};

function combineSignals(signal: AbortSignal | undefined, budgetMs: number | undefined): { signal?: AbortSignal; dispose: () => void } {
  if (budgetMs === undefined) return signal ? { signal, dispose: () => undefined } : { dispose: () => undefined };
  const controller = new AbortController();
  // Every in-flight query listens on this one signal.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(), budgetMs);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, dispose: () => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); } };
}

/**
 * Runs the domain's checks in parallel and returns one `ProbeResult` per check, in `DOMAIN_CHECKS` order (or in
 * the order of `checks`). `domain`
 * must already be parsed (ASCII, lower case; see src/domain/parse-domain.ts). Never throws and never rejects.
 * With `propagation`, each result carries `resolvers` (what each public resolver sees, TTL still to wait).
 */
export async function checkDomain(domain: string, options: CheckDomainOptions): Promise<ProbeResult[]> {
  const ids: readonly CheckId[] = options.checks ?? DOMAIN_CHECKS.map((c) => c.id).filter((id) => !options.only || options.only.includes(id));
  const { signal, dispose } = combineSignals(options.signal, options.budgetMs);
  const run = (id: CheckId, resolver: Resolver): Promise<ProbeResult> =>
    PROBES[id](domain, { resolver, ...(signal ? { signal } : {}), ...(options.expectTxt ? { expectTxt: options.expectTxt } : {}) })
      .catch((error: unknown): ProbeResult => couldNotCheck(id, error instanceof Error ? error.message : String(error)));
  try {
    // The bot's batches (one step for a "Check now") ask one resolver: no per-check Promise.all and spread.
    if (!options.propagation || options.propagation.length === 0) return await Promise.all(ids.map((id) => run(id, options.resolver)));
    return await Promise.all(ids.map(async (id) => {
      const [main, ...seen] = await Promise.all([run(id, options.resolver), ...(options.propagation ?? []).map((p) => run(id, p.resolver))]);
      if (!options.propagation || options.propagation.length === 0) return main!;
      return withPropagationNote({
        ...main!,
        resolvers: options.propagation.map((p, i) => {
          const r = seen[i]!;
          return { server: p.server, status: r.status, found: r.found, ...(r.ttlSeconds !== undefined ? { ttlSeconds: r.ttlSeconds } : {}) };
        }),
      }, options.now?.() ?? new Date());
    }));
  } finally {
    dispose();
  }
}
