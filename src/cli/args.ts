/**
 * Argument handling the `coexist` sub-commands share: the flag loop, `--dns HOST:PORT`, `--timeout MS`, `--json`,
 * one `<domain>`, and the resolver built from `--dns` or COEXIST_PUBLIC_RESOLVERS. Every bad input is a
 * `UsageError` with one line, the same words in every command.
 */
import { UsageError, type CliIo } from './command';
import { parseDomain } from '../domain/parse-domain';
import { parseServerAddress } from '../dns/server-address';
import { createResolver, type DnsClient } from '../dns/resolver';

/** Per-query timeout when `--timeout` is not given. */
export const DEFAULT_TIMEOUT_MS = 2000;

export interface ScannedArgs {
  positional: string[];
  json: boolean;
}

/**
 * Walks `argv`: arguments not starting with `--`, and everything after a bare `--`, are positional; `--json` sets
 * `json` and takes no value; every other flag goes to `onFlag` with a `value()` that reads `--flag=v` or the next
 * argument (an empty value only for flags in `allowEmpty`). `onFlag` returns false for a flag it does not know.
 * Pure apart from `onFlag`; throws `UsageError`.
 */
export function scanArgs(
  argv: readonly string[],
  onFlag: (flag: string, value: () => string) => boolean,
  options: { allowEmpty?: readonly string[] } = {},
): ScannedArgs {
  const positional: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--')) { positional.push(arg); continue; }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (flag === '--json') {
      if (eq >= 0) throw new UsageError('--json takes no value');
      json = true;
      continue;
    }
    const value = (): string => {
      const v = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || (v === '' && !options.allowEmpty?.includes(flag))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (!onFlag(flag, value)) throw new UsageError(`unknown option ${flag}`);
  }
  return { positional, json };
}

/** The value of `--dns HOST:PORT` as the resolver's server label. Pure; throws `UsageError`. */
export function parseDnsFlag(value: string): string {
  const parsed = parseServerAddress(value);
  if ('error' in parsed) throw new UsageError(`--dns ${parsed.error}`);
  return parsed.label;
}

/** The value of `--timeout MS`: whole milliseconds from 1 to 60000. Pure; throws `UsageError`. */
export function parseTimeoutFlag(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 60000) {
    throw new UsageError(`--timeout must be a whole number of milliseconds from 1 to 60000, not "${value}"`);
  }
  return Number(value);
}

/** The value of `--lang en|de`. Pure; throws `UsageError`. */
export function parseLangFlag(value: string): 'en' | 'de' {
  if (value !== 'en' && value !== 'de') throw new UsageError(`--lang must be en or de, not "${value}"`);
  return value;
}

/** Exactly one positional `<domain>`, as its ASCII form. Pure; throws `UsageError`. */
export function parseOneDomain(positional: readonly string[]): string {
  if (positional.length === 0) throw new UsageError('missing <domain>');
  if (positional.length > 1) throw new UsageError(`expected one domain, got ${positional.length}: ${positional.join(' ')}`);
  const parsed = parseDomain(positional[0]!);
  if (!parsed.ok) throw new UsageError(parsed.message.en);
  return parsed.ascii;
}

/** COEXIST_PUBLIC_RESOLVERS (comma-separated HOST:PORT, default 1.1.1.1,8.8.8.8,9.9.9.9), checked. Pure; throws `UsageError`. */
export function publicResolvers(env: CliIo['env']): string[] {
  const servers = (env.COEXIST_PUBLIC_RESOLVERS ?? '1.1.1.1,8.8.8.8,9.9.9.9').split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of servers) {
    const parsed = parseServerAddress(s);
    if ('error' in parsed) throw new UsageError(`COEXIST_PUBLIC_RESOLVERS: ${parsed.error}`);
  }
  return servers;
}

/**
 * A stub resolver over the `--dns` servers, or the public resolvers when none were given; one retry. The caller
 * closes it. Throws `UsageError` for a bad COEXIST_PUBLIC_RESOLVERS.
 */
export function cliResolver(dns: readonly string[], timeoutMs: number, env: CliIo['env']): DnsClient {
  const servers = dns.length > 0 ? [...dns] : publicResolvers(env);
  return createResolver({ servers, timeoutMs, retries: 1 });
}
