import { msg, text } from '../i18n/message';
import { setMaxListeners } from 'node:events';
import { UsageError, type CliCommand, type CliIo } from './command';
import { DEFAULT_TIMEOUT_MS, parseDnsFlag, parseOneDomain, parseTimeoutFlag, publicResolvers, scanArgs } from './args';
import { createResolver, type DnsClient } from '../dns/resolver';
import { createAuthoritativeResolver, discoverAuthoritative } from '../dns/authoritative';
import { ALL_CHECK_IDS, checkDomain, DOMAIN_CHECKS, isCheckId, OPTIONAL_CHECKS, type CheckId } from '../probes/check-domain';
import type { ProbeResult } from '../probes/types';

const USAGE = `Usage: coexist check <domain> [--checks ID,...|--all] [--dns HOST:PORT]... [--timeout MS] [--expect-txt VALUE] [--json]

Checks the DNS steps of the mixed operation for <domain>: ${DOMAIN_CHECKS.map((c) => c.id).join(', ')}.

  --checks ID,...     run exactly these checks, in this order: any of ${ALL_CHECK_IDS.join(', ')}
  --all               the default checks plus ${OPTIONAL_CHECKS.map((c) => c.id).join(', ')}
  --dns HOST:PORT     ask only these servers (repeatable), as a stub resolver does
  --timeout MS        per-query timeout (default 2000); one check never waits much more than 3x this
  --expect-txt VALUE  the verification value Microsoft 365 showed, e.g. MS=ms48151623
  --json              print one JSON object instead of the table

Without --dns the authoritative nameservers are found and asked directly ("published?"), and each public
resolver in COEXIST_PUBLIC_RESOLVERS (comma-separated HOST:PORT, default 1.1.1.1,8.8.8.8,9.9.9.9) is asked
too ("propagated?"); then each check in --json also carries "resolvers": [{ server, status, found, ttlSeconds }].
COEXIST_NAMESERVER_PORT changes the port the nameservers are asked on (default 53).

Statuses: ok, missing, wrong, error (could not check; never read as missing). mx is also wrong when the
name servers were redelegated to Microsoft 365 (NS under bdm.microsoftonline.com: move them back to the
provider) and when an MX host has neither A nor AAAA (e.g. smtpin.rzone.de.meinefirma.de: the trailing dot
is missing and the DNS panel appended the domain).

Exit codes: 0 every check ok, 1 any check not ok, 2 usage error.
`;

export interface CheckArgs {
  domain: string;
  /** The checks to run, in output order. */
  checks: CheckId[];
  dns: string[];
  timeoutMs: number;
  expectTxt?: string;
  json: boolean;
}

/** The value of `--checks`: known ids, comma-separated, each once. Pure; throws `UsageError`. */
export function parseChecksFlag(value: string): CheckId[] {
  const ids = value.split(',').map((s) => s.trim().toLowerCase());
  const out: CheckId[] = [];
  for (const id of ids) {
    if (!isCheckId(id)) throw new UsageError(`--checks: unknown check "${id}"; known: ${ALL_CHECK_IDS.join(', ')}`);
    if (out.includes(id)) throw new UsageError(`--checks: "${id}" is given twice`);
    out.push(id);
  }
  return out;
}

/** Parses the arguments of `coexist check`. Pure; throws `UsageError` with one line for bad input. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const dns: string[] = [];
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let expectTxt: string | undefined;
  let checks: CheckId[] | undefined;
  let all = false;
  const { positional, json } = scanArgs(argv, (flag, value) => {
    switch (flag) {
      case '--checks': checks = parseChecksFlag(value()); return true;
      case '--all': all = true; return true;
      case '--dns': dns.push(parseDnsFlag(value())); return true;
      case '--timeout': timeoutMs = parseTimeoutFlag(value()); return true;
      case '--expect-txt': expectTxt = value(); return true;
      default: return false;
    }
  });
  if (all && checks) throw new UsageError('--checks and --all exclude each other');
  const domain = parseOneDomain(positional);
  return { domain, checks: checks ?? (all ? [...ALL_CHECK_IDS] : DOMAIN_CHECKS.map((c) => c.id)), dns, timeoutMs, ...(expectTxt !== undefined ? { expectTxt } : {}), json };
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.map(show).join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The table for an admin: one line per check, the advice below it. Pure. */
export function formatTable(domain: string, results: readonly ProbeResult[], asked: string): string {
  const mark: Record<string, string> = { ok: 'OK', missing: 'MISSING', wrong: 'WRONG', error: 'ERROR' };
  const idWidth = Math.max(5, ...results.map((r) => r.id.length));
  const lines = [`coexist check ${domain}  (${asked})`, '', `${'CHECK'.padEnd(idWidth)}  STATUS   FOUND`];
  for (const r of results) {
    lines.push(`${r.id.padEnd(idWidth)}  ${mark[r.status]!.padEnd(7)}  ${clip(show(r.found), 100)}`);
    if (r.status !== 'ok') lines.push(`${' '.repeat(idWidth)}  expected: ${clip(show(r.expected), 100)}`);
    if (r.ttlSeconds !== undefined) lines.push(`${' '.repeat(idWidth)}  TTL ${r.ttlSeconds}s (how long a resolver may keep serving this answer)`);
    lines.push(`${' '.repeat(idWidth)}  ${text(r.advice, 'en')}`);
    for (const seen of r.resolvers ?? []) {
      lines.push(`${' '.repeat(idWidth)}  ${seen.server}: ${seen.status}${seen.ttlSeconds !== undefined ? ` (TTL ${seen.ttlSeconds}s)` : ''}`);
    }
  }
  const notOk = results.filter((r) => r.status !== 'ok').length;
  const pending = results.filter((r) => r.propagation);
  const waitUntil = pending.flatMap((r) => (r.propagation?.visibleBy ? [r.propagation.visibleBy] : [])).sort().pop();
  const cached = pending.length === 0 ? '' : ` Public resolvers still cache an old answer for ${pending.map((r) => r.id).join(', ')}${waitUntil ? ` until about ${waitUntil.slice(11, 16)} UTC` : ''}.`;
  lines.push('', notOk === 0
    ? (pending.length === 0 ? `All ${results.length} checks ok.` : `All ${results.length} checks ok on the name servers.${cached}`)
    : `${notOk} of ${results.length} checks not ok.${cached}`);
  return `${lines.join('\n')}\n`;
}

function errorResults(checks: readonly CheckId[], detail: string): ProbeResult[] {
  return checks.map((id) => ({
    id, status: 'error' as const, found: null, expected: null, advice: msg('probe.could-not-check-detail', { detail }),
  }));
}

async function runChecks(args: CheckArgs, env: CliIo['env']): Promise<{ results: ProbeResult[]; asked: string }> {
  const retries = 1;
  // Every query gets at most 2 attempts; the whole command is cut at 3x the timeout (issue 3).
  const budgetMs = 3 * args.timeoutMs;
  const controller = new AbortController();
  // Every in-flight query listens on this one signal.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(), budgetMs);
  const owned: DnsClient[] = [];
  try {
    const common = { timeoutMs: args.timeoutMs, retries };
    if (args.dns.length > 0) {
      const resolver = createResolver({ ...common, servers: args.dns });
      owned.push(resolver);
      const results = await checkDomain(args.domain, { resolver, checks: args.checks, expectTxt: args.expectTxt, signal: controller.signal });
      return { results, asked: `DNS: ${args.dns.join(', ')}` };
    }
    const publicServers = publicResolvers(env);
    const port = Number(env.COEXIST_NAMESERVER_PORT ?? 53);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError('COEXIST_NAMESERVER_PORT must be a port number');
    const recursive = createResolver({ ...common, servers: publicServers });
    owned.push(recursive);
    const discovery = await discoverAuthoritative(args.domain, recursive, { signal: controller.signal });
    if (discovery.kind === 'error') {
      return { results: errorResults(args.checks, `the authoritative nameservers could not be found (${discovery.detail})`), asked: `public resolvers: ${publicServers.join(', ')}` };
    }
    const published = createAuthoritativeResolver({ ...common, delegation: discovery.delegation, port, outside: recursive });
    owned.push(published);
    const propagation = publicServers.map((server) => {
      const resolver = createResolver({ ...common, servers: [server] });
      owned.push(resolver);
      return { server: resolver.servers[0]!.label, resolver };
    });
    const results = await checkDomain(args.domain, { resolver: published, checks: args.checks, expectTxt: args.expectTxt, signal: controller.signal, propagation });
    const ns = discovery.delegation.nameservers.map((n) => n.name).join(', ');
    return { results, asked: `nameservers of ${discovery.delegation.zone}: ${ns}; propagation: ${propagation.map((p) => p.server).join(', ')}` };
  } finally {
    clearTimeout(timer);
    for (const r of owned) r.close();
  }
}

/** `coexist check`: the DNS verdicts of issue 3 as a table or JSON. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check the DNS steps of a domain (verification TXT, MX, autodiscover, SPF)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCheckArgs(argv);
    const { results, asked } = await runChecks(args, io.env);
    if (args.json) {
      const checks = results.map((r) => ({
        id: r.id, status: r.status, found: r.found ?? null, expected: r.expected ?? null, advice: text(r.advice, 'en'),
        ...(r.resolvers ? { resolvers: r.resolvers } : {}),
        ...(r.propagation ? { propagation: r.propagation } : {}),
      }));
      io.stdout(`${JSON.stringify({ domain: args.domain, checks })}\n`);
    } else {
      io.stdout(formatTable(args.domain, results, asked));
    }
    return results.every((r) => r.status === 'ok') ? 0 : 1;
  },
};
