import type { AnswerSource, DnsAnswer, DnsErrorReason, QueryOptions, Resolver, RRType } from './types';
import { parseServerAddress, type ServerAddress } from './server-address';
import { UdpPool, type ExchangeOutcome, type UdpPoolOptions } from './transport-udp';
import { exchangeTcp } from './transport-tcp';
import { normalizeName, RCODE_NAMES, type DecodedResponse } from './wire';

export interface ResolverOptions extends UdpPoolOptions {
  /** Servers as `HOST:PORT` or parsed addresses; tried in turn on timeout, SERVFAIL or REFUSED. Required. */
  servers: ReadonlyArray<string | ServerAddress>;
  /** Per-attempt timeout in ms (default 2000). */
  timeoutMs?: number;
  /**
   * Extra attempts after the first (default 1). A query never takes longer than (retries + 1) x timeoutMs,
   * and never longer than `deadlineMs` when set.
   */
  retries?: number;
  /** Hard cap for one query including retries and CNAME hops (default (retries + 1) x timeoutMs). */
  deadlineMs?: number;
  /** Set RD (default true). Authoritative servers are asked with RD off. */
  recursionDesired?: boolean;
  /** Most CNAMEs followed for one question before `cname-loop` (default 8). */
  maxCnameHops?: number;
  /** Most exchanges in flight at once, across all callers (default 256). Further queries wait their turn. */
  maxInFlight?: number;
}

export interface ResolverStats {
  queries: number;
  udpExchanges: number;
  tcpExchanges: number;
  timeouts: number;
}

/** A `Resolver` that owns sockets: `close()` releases them; `stats` counts round trips. */
export interface DnsClient extends Resolver {
  readonly stats: ResolverStats;
  readonly servers: readonly ServerAddress[];
  close(): void;
}

type Exchanged =
  | { kind: 'message'; message: DecodedResponse; source: AnswerSource }
  | { kind: 'error'; reason: DnsErrorReason; detail: string; source?: AnswerSource; tried?: string[] };

const RCODE_ERRORS: Record<string, DnsErrorReason> = { SERVFAIL: 'servfail', REFUSED: 'refused', FORMERR: 'malformed', NOTIMP: 'other' };

function rcodeOf(message: DecodedResponse): string {
  return RCODE_NAMES[message.rcode] ?? `RCODE_${message.rcode}`;
}

/** Counts exchanges in flight; `acquire` resolves at once (no extra promise) while below the limit. */
class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  acquire(): Promise<void> | undefined {
    if (this.active < this.limit) {
      this.active++;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(() => { this.active++; resolve(); }));
  }
  release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

/**
 * A stub resolver over UDP (TCP after TC) that sends every query to the given servers. Never throws for DNS
 * outcomes; the returned function never rejects. Throws synchronously only for an invalid server address.
 */
export function createResolver(options: ResolverOptions): DnsClient {
  const servers = options.servers.map((s) => {
    if (typeof s !== 'string') return s;
    const parsed = parseServerAddress(s);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed;
  });
  if (servers.length === 0) throw new Error('createResolver needs at least one server');
  const timeoutMs = Math.max(1, options.timeoutMs ?? 2000);
  const attempts = Math.max(1, (options.retries ?? 1) + 1);
  const deadlineMs = options.deadlineMs ?? attempts * timeoutMs;
  const rd = options.recursionDesired ?? true;
  const maxHops = options.maxCnameHops ?? 8;
  const pool = new UdpPool(options);
  const slots = new Slots(Math.max(1, options.maxInFlight ?? 256));
  const stats: ResolverStats = { queries: 0, udpExchanges: 0, tcpExchanges: 0, timeouts: 0 };
  let rotation = 0;

  async function exchange(name: string, type: RRType, deadline: number, signal?: AbortSignal): Promise<Exchanged> {
    const start = rotation++ % servers.length;
    let last: Extract<Exchanged, { kind: 'error' }> | undefined;
    const tried = new Set<string>();
    // Whether any server sent anything at all (even SERVFAIL or garbage): then it is not "unreachable".
    let answered = false;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const server = servers[(start + attempt) % servers.length]!;
      const wait = Math.min(timeoutMs, remaining);
      stats.udpExchanges++;
      const wait1 = slots.acquire();
      if (wait1) await wait1;
      let outcome: ExchangeOutcome;
      try {
        outcome = await pool.exchange(server, name, type, rd, wait, signal);
      } finally {
        slots.release();
      }
      let tcp = false;
      if (outcome.kind === 'message' && outcome.message.truncated) {
        // RFC 1035 4.2.1 / RFC 7766: a truncated answer is retried in full over TCP.
        stats.tcpExchanges++;
        tcp = true;
        const wait2 = slots.acquire();
        if (wait2) await wait2;
        try {
          outcome = await exchangeTcp(server, name, type, rd, Math.max(1, Math.min(timeoutMs, deadline - Date.now())), signal);
        } finally {
          slots.release();
        }
      }
      const source: AnswerSource = { server: server.label, tcp };
      tried.add(server.label);
      if (outcome.kind === 'message' || outcome.kind === 'malformed' || outcome.kind === 'truncated') answered = true;
      switch (outcome.kind) {
        case 'aborted':
          return { kind: 'error', reason: 'timeout', detail: 'the check ran out of time', source };
        case 'timeout':
          stats.timeouts++;
          last = { kind: 'error', reason: 'timeout', detail: `${server.label} did not answer within ${wait} ms${tcp ? ' over TCP' : ''}`, source };
          continue;
        case 'malformed':
          last = { kind: 'error', reason: 'malformed', detail: `${server.label} sent an unreadable answer: ${outcome.detail}`, source };
          continue;
        case 'truncated':
          last = { kind: 'error', reason: 'truncated', detail: `${server.label} sent an incomplete answer over TCP: ${outcome.detail}`, source };
          continue;
        case 'network':
          last = { kind: 'error', reason: 'network', detail: `${server.label}: ${outcome.detail}`, source };
          continue;
        case 'message': {
          const rcode = rcodeOf(outcome.message);
          const reason = RCODE_ERRORS[rcode] ?? (rcode === 'NOERROR' || rcode === 'NXDOMAIN' ? undefined : 'other');
          if (reason) {
            last = { kind: 'error', reason, detail: `${server.label} answered ${rcode}`, source };
            // Another server may know better; the same server answering SERVFAIL again rarely does.
            if (servers.length > 1) continue;
            return last;
          }
          return { kind: 'message', message: outcome.message, source };
        }
      }
    }
    if (last && (last.reason === 'timeout' || last.reason === 'network') && !answered) {
      const list = [...tried];
      return { ...last, detail: `no DNS server reachable (tried ${list.join(', ')}): ${last.detail}`, tried: list };
    }
    return last ?? { kind: 'error', reason: 'timeout', detail: `no answer within ${deadlineMs} ms` };
  }

  async function resolveName(name: string, type: RRType, queryOptions?: QueryOptions): Promise<DnsAnswer> {
    stats.queries++;
    const deadline = Date.now() + deadlineMs;
    const chain: string[] = [];
    let current = normalizeName(name);
    for (let hop = 0; hop <= maxHops; hop++) {
      const result = await exchange(current, type, deadline, queryOptions?.signal);
      if (result.kind === 'error') return result;
      const { message, source } = result;
      const records = message.answers;
      const asked = current;
      for (;;) {
        // Usually every record matches; filter only when something else (a CNAME, another owner) is present.
        const matching = records.every((r) => r.name === current && r.type === type) ? records : records.filter((r) => r.name === current && r.type === type);
        if (matching.length > 0) return { kind: 'records', records: matching, cnameChain: chain, source };
        const alias = type === 'CNAME' ? undefined : records.find((r) => r.name === current && r.type === 'CNAME');
        if (!alias || alias.type !== 'CNAME') break;
        chain.push(current);
        if (chain.includes(alias.target) || chain.length > maxHops) {
          return { kind: 'error', reason: 'cname-loop', detail: `CNAME chain loops or exceeds ${maxHops} hops: ${[...chain, alias.target].join(' → ')}`, source };
        }
        current = alias.target;
      }
      const soa = message.soa;
      // RFC 2308 5: negative answers are cached for min(SOA TTL, SOA MINIMUM).
      const negativeTtl = soa ? Math.min(soa.ttl, soa.minimum) : undefined;
      if (rcodeOf(message) === 'NXDOMAIN') return { kind: 'nxdomain', cnameChain: chain, negativeTtl, source };
      // The server followed an alias but stopped (the target is outside its zone): ask for the target itself.
      if (current !== asked) continue;
      return { kind: 'nodata', cnameChain: chain, negativeTtl, source };
    }
    return { kind: 'error', reason: 'cname-loop', detail: `more than ${maxHops} CNAME hops from ${normalizeName(name)}` };
  }

  const resolver = async (name: string, type: RRType, queryOptions?: QueryOptions): Promise<DnsAnswer> => {
    try {
      return await resolveName(name, type, queryOptions);
    } catch (error) {
      // Not expected (e.g. a name with a label over 63 octets); the contract is data, never a rejection.
      return { kind: 'error', reason: 'other', detail: error instanceof Error ? error.message : String(error) };
    }
  };
  return Object.assign(resolver, { stats, servers, close: () => pool.close() });
}
