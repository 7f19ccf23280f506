import path from 'node:path';
import { systemResolvers } from '../dns/system-resolvers';
import { parseStoreSetting, type StoreSetting } from '../store/store-setting';
import { parseTenantAccess, TENANT_ACCESS_VARIABLES, type TenantAccessConfig } from './tenant-access';
import { HELPDESK_MODEL_VARIABLES, parseHelpdeskModel, type HelpdeskModelConfig } from './helpdesk-model';

/** Bot registration kinds, as Teams Toolkit and botbuilder's `MicrosoftAppType` name them. */
export type BotType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export const BOT_TYPES: readonly BotType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type StorageConfig = StoreSetting;

/** The validated, frozen configuration. Nothing outside src/config/ reads the environment. */
export interface Config {
  readonly bot: {
    /** Microsoft App ID (Entra app or managed identity client id); undefined in anonymous mode. */
    readonly appId: string | undefined;
    readonly password: string | undefined;
    readonly type: BotType;
    readonly tenantId: string | undefined;
    /** true when no BOT_ID is set: requests are not authenticated (local development only). */
    readonly anonymous: boolean;
  };
  readonly server: { readonly host: string; readonly port: number };
  /** Absolute directory for the SQLite file and other state. */
  readonly dataDir: string;
  readonly storage: StorageConfig;
  /** Deadline of every store call (COEXIST_STORE_TIMEOUT_MS); a turn whose store does not answer says so in time. */
  readonly storeTimeoutMs: number;
  /** COEXIST_DNS_SERVERS as `ip` or `ip:port` / `[ipv6]:port`: when set, every check asks only these. */
  readonly dnsServers: readonly string[];
  /**
   * Where a domain's authoritative nameservers are looked up when `dnsServers` is empty: the system's resolvers
   * (/etc/resolv.conf, as `dns.getServers()` reports them). Equals `dnsServers` when those are set.
   */
  readonly discoveryResolvers: readonly string[];
  /**
   * COEXIST_PUBLIC_RESOLVERS, for the CLI only (`coexist check` without `--dns`: discovery and the propagation view);
   * the bot never asks them, with or without `dnsServers`.
   */
  readonly publicResolvers: readonly string[];
  /** Port on which a domain's authoritative nameservers are asked; 53 except against test servers. */
  readonly nameserverPort: number;
  /** Entra object ids or user principal names (lower case) allowed to run admin commands; empty means everyone. */
  readonly admins: readonly string[];
  readonly logLevel: LogLevel;
  /** Reminders and re-checks (src/scheduler). */
  readonly scheduler: {
    /** Test and demo setting: first re-check after this many ms instead of a minute (later waits scale alike). */
    readonly recheckFirstMs: number | undefined;
    /** Lease of a claimed job; another instance takes the job over when a crashed one's lease runs out. */
    readonly leaseMs: number;
    /** Local wall-clock window without proactive messages (weekends too); null: none. */
    readonly quietHours: { readonly start: string; readonly end: string; readonly weekends: boolean } | null;
  };
  /** Per-tenant and per-user rate limits on commands and probes; `off` only for load benchmarks. */
  readonly rateLimit: 'default' | 'off';
  /**
   * `otlp`: traces and metrics exported over OTLP/HTTP (the exporters read OTEL_EXPORTER_OTLP_ENDPOINT and the other
   * standard OTEL_* variables themselves); `off`: no telemetry code is even loaded.
   */
  readonly telemetry: 'off' | 'otlp';
  /**
   * OTEL_EXPORTER_OTLP_ENDPOINT as given (validated as an http(s) URL when telemetry is `otlp`), for the start-up
   * log line; undefined: the exporters' default http://localhost:4318. The exporters read it themselves.
   */
  readonly otlpEndpoint: string | undefined;
  /** Read-only access to customers' tenants (src/proofs); undefined: not configured. */
  readonly tenantAccess: TenantAccessConfig | undefined;
  /** The helpdesk's optional Azure OpenAI model; undefined: the matcher alone (the default). */
  readonly helpdeskModel: HelpdeskModelConfig | undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/**
 * Every environment variable the program reads, with its documentation (the table in docs/configuration.md is checked
 * against this list by a test). Add a variable here and in `parseConfig`, nowhere else.
 */
export const ENV_VARIABLES: ReadonlyArray<{ name: string; default: string; description: string }> = [
  { name: 'BOT_ID', default: '(empty: anonymous)', description: 'Microsoft App ID of the bot registration (Teams Toolkit writes it). Empty means anonymous mode, allowed only on a loopback address.' },
  { name: 'BOT_PASSWORD', default: '(empty)', description: 'Client secret of the bot registration; required with BOT_ID unless BOT_TYPE=UserAssignedMSI. Keep it in env/.env.<env>.user.' },
  { name: 'BOT_TYPE', default: 'SingleTenant (with BOT_ID)', description: 'SingleTenant or UserAssignedMSI (the only kinds Azure registers since August 2025; both need BOT_TENANT_ID), or MultiTenant for an older registration. Unused in anonymous mode.' },
  { name: 'BOT_TENANT_ID', default: '(empty)', description: 'Entra tenant id; required for SingleTenant and UserAssignedMSI.' },
  { name: 'PORT', default: '3978', description: 'TCP port of the HTTP server (0 picks a free port).' },
  { name: 'COEXIST_HOST', default: '127.0.0.1', description: 'Bind address. A non-loopback address needs BOT_ID (or COEXIST_ALLOW_ANONYMOUS=true).' },
  { name: 'COEXIST_ALLOW_ANONYMOUS', default: 'false', description: 'true allows anonymous mode on a non-loopback address. For local development only.' },
  { name: 'COEXIST_DATA_DIR', default: './.data', description: 'Directory for the SQLite database and other state.' },
  { name: 'COEXIST_STORAGE', default: 'sqlite', description: 'sqlite (file in COEXIST_DATA_DIR), memory (lost on restart), or a redis:// / rediss:// URL for several instances.' },
  { name: 'COEXIST_STORE_TIMEOUT_MS', default: '5000', description: 'Deadline of every store call, 100 to 12000 ms (Teams gives a card click about 15 s). A turn whose store does not answer in time is told so ("nothing was changed, try again in a minute"); a re-check or reminder is retried a minute later.' },
  { name: 'COEXIST_DNS_SERVERS', default: '(empty)', description: "Comma-separated DNS servers that every live check asks, e.g. 10.0.0.53,8.8.8.8:53,[2606:4700::1111]:53 (port 53 when none is given). Empty: each domain's own nameservers are asked, found through the system's resolvers (/etc/resolv.conf)." },
  { name: 'COEXIST_PUBLIC_RESOLVERS', default: '1.1.1.1,8.8.8.8,9.9.9.9', description: "Used only by the CLI: coexist check / ask without --dns find nameservers through them and ask them for the propagation view (has the change reached the outside world?). The bot never asks them, whether or not COEXIST_DNS_SERVERS is set: it finds nameservers through the system's resolvers." },
  { name: 'COEXIST_NAMESERVER_PORT', default: '53', description: "Port on which a domain's authoritative nameservers are asked (only tests change it)." },
  { name: 'COEXIST_ADMINS', default: '(empty: everyone)', description: 'Comma-separated Entra object ids or UPNs allowed to run /migrate and /reset.' },
  { name: 'COEXIST_RATE_LIMIT', default: 'default', description: 'default: per user 20 DNS probes then one every 2 s, 5 new migrations then one a minute (per tenant 100 and 20, then 5/s and one every 15 s); messages and clicks only a flood bound (120 then 5/s per user). off: no rate limit, for load benchmarks only.' },
  { name: 'COEXIST_LOG_LEVEL', default: 'info', description: 'fatal, error, warn, info, debug, trace or silent.' },
  { name: 'COEXIST_QUIET_HOURS', default: '20:00-08:00', description: "No reminders or announcements in this local wall-clock window (the user's Teams time zone) nor at weekends; off for none." },
  { name: 'COEXIST_RECHECK_FIRST_MS', default: '(empty: 60000)', description: 'Tests and demos only: the first DNS re-check after this many ms instead of a minute; later waits (back-off and TTL) shrink alike.' },
  { name: 'COEXIST_TELEMETRY', default: 'off', description: 'otlp: OpenTelemetry traces (a span per turn and per probe batch) and metrics over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318; the standard OTEL_* variables apply), e.g. an OpenTelemetry Collector or Azure Monitor. off: none.' },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: 'http://localhost:4318', description: 'With COEXIST_TELEMETRY=otlp: base URL of the OTLP/HTTP receiver (/v1/traces and /v1/metrics are appended). Read by the OpenTelemetry exporters, like the other standard OTEL_* variables; checked here to be an http(s) URL.' },
  ...TENANT_ACCESS_VARIABLES,
  ...HELPDESK_MODEL_VARIABLES,
  { name: 'COEXIST_JOB_LEASE_MS', default: '60000', description: 'Lease of a claimed reminder/re-check job; when an instance dies, another takes its jobs over after this.' },
];

const KNOWN = new Set(ENV_VARIABLES.map((v) => v.name));

/** True for 127.0.0.0/8, ::1 and localhost: only this machine can connect. Pure. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((n) => Number(n) <= 255);
}

function isIPv4(text: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255 && String(Number(n)) === n);
}

function isIPv6(text: string): boolean {
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return false;
  try {
    // WHATWG URL parsing implements the full IPv6 literal grammar (RFC 4291 2.2), including :: and embedded IPv4.
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}

/** Accepts `ip`, `ip:port`, `[ipv6]` and `[ipv6]:port`. Pure. */
export function isDnsServerAddress(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) return isIPv6(bracketed[1]!) && (bracketed[2] === undefined || Number(bracketed[2]) <= 65535);
  if (isIPv6(entry)) return true;
  const withPort = /^([^:]+):(\d{1,5})$/.exec(entry);
  if (withPort) return isIPv4(withPort[1]!) && Number(withPort[2]) <= 65535 && Number(withPort[2]) > 0;
  return isIPv4(entry);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function parseBoolean(name: string, raw: string | undefined, errors: string[]): boolean {
  if (raw === undefined || raw.trim() === '') return false;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  errors.push(`${name}=${raw} is not a boolean: use true or false.`);
  return false;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function nonEmpty(raw: string | undefined): string | undefined {
  const v = raw?.trim();
  return v === undefined || v === '' ? undefined : v;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates the environment into a frozen Config. Pure but for the system's resolver list (`readSystemServers`,
 * default `dns.getServers()`), read once here when COEXIST_DNS_SERVERS is empty; `env` and `cwd` are passed in.
 * Collects every problem instead of stopping at the first, and each message names the variable and how to fix it.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>, cwd: string, readSystemServers?: () => readonly string[]): ConfigResult {
  const errors: string[] = [];

  for (const name of Object.keys(env)) {
    if (name.startsWith('COEXIST_') && !KNOWN.has(name) && !name.startsWith('COEXIST_TEST_')) {
      errors.push(`${name} is not a known setting (typo?). Known: ${[...KNOWN].filter((k) => k.startsWith('COEXIST_')).join(', ')}.`);
    }
  }

  const appId = nonEmpty(env.BOT_ID);
  const password = nonEmpty(env.BOT_PASSWORD);
  const tenantId = nonEmpty(env.BOT_TENANT_ID);
  // Azure stopped creating multi-tenant bot registrations after 31 July 2025, so a registration is SingleTenant
  // unless BOT_TYPE says otherwise; MultiTenant (legacy registrations) only when asked for. Without BOT_ID the
  // type only selects botbuilder's anonymous path, which exists for MultiTenant alone.
  const explicitType = nonEmpty(env.BOT_TYPE);
  const rawType = explicitType ?? (appId === undefined ? 'MultiTenant' : 'SingleTenant');
  const type = BOT_TYPES.find((t) => t.toLowerCase() === rawType.toLowerCase());
  if (type === undefined) errors.push(`BOT_TYPE=${rawType} is not supported: use SingleTenant, UserAssignedMSI or (registrations made before August 2025) MultiTenant.`);
  if (appId !== undefined && !GUID.test(appId)) {
    errors.push(`BOT_ID=${appId} is not a GUID: copy the Microsoft App ID of the bot registration (Teams Toolkit writes it to env/.env.<env>).`);
  }
  if (appId !== undefined && type !== 'UserAssignedMSI' && password === undefined) {
    errors.push('BOT_ID is set but BOT_PASSWORD is empty: put the client secret into env/.env.<env>.user (SECRET_BOT_PASSWORD) or use BOT_TYPE=UserAssignedMSI.');
  }
  if (appId === undefined && password !== undefined) {
    errors.push('BOT_PASSWORD is set but BOT_ID is empty: set BOT_ID to the Microsoft App ID it belongs to, or remove BOT_PASSWORD for anonymous local mode.');
  }
  if ((type === 'SingleTenant' || type === 'UserAssignedMSI') && appId !== undefined && tenantId === undefined) {
    errors.push(explicitType === undefined
      ? 'BOT_ID is set but BOT_TENANT_ID is empty: set it to the Entra tenant id of the bot registration (a SingleTenant registration, the only kind Azure creates since August 2025), or set BOT_TYPE=MultiTenant for an older multi-tenant one.'
      : `BOT_TYPE=${type} needs BOT_TENANT_ID: set it to the Entra tenant id of the bot registration.`);
  }
  if (tenantId !== undefined && !GUID.test(tenantId)) errors.push(`BOT_TENANT_ID=${tenantId} is not a GUID: use the Entra tenant id.`);

  const rawPort = nonEmpty(env.PORT) ?? '3978';
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
  if (!(port >= 0 && port <= 65535)) errors.push(`PORT=${rawPort} is not a TCP port: use a number from 0 to 65535 (default 3978).`);

  const host = nonEmpty(env.COEXIST_HOST) ?? '127.0.0.1';
  if (!(host === 'localhost' || isIPv4(host) || isIPv6(host.replace(/^\[|\]$/g, '')))) {
    errors.push(`COEXIST_HOST=${host} is not an IP address: use 127.0.0.1 (local), 0.0.0.0 or :: (all interfaces).`);
  }
  const allowAnonymous = parseBoolean('COEXIST_ALLOW_ANONYMOUS', env.COEXIST_ALLOW_ANONYMOUS, errors);
  const anonymous = appId === undefined;
  if (anonymous && !isLoopbackHost(host) && !allowAnonymous) {
    errors.push(
      `Refusing to listen on ${host} without BOT_ID: anyone who reaches this address could talk to the bot unauthenticated. ` +
      'Fix: set BOT_ID, BOT_TENANT_ID and BOT_PASSWORD (Teams Toolkit provision writes them to env/.env.<env> and env/.env.<env>.user), ' +
      'or listen on a loopback address (COEXIST_HOST=127.0.0.1). Anonymous mode is for local development only; ' +
      'to accept that risk anyway, set COEXIST_ALLOW_ANONYMOUS=true.',
    );
  }

  const dataDir = path.resolve(cwd, nonEmpty(env.COEXIST_DATA_DIR) ?? './.data');

  const rawStorage = nonEmpty(env.COEXIST_STORAGE) ?? 'sqlite';
  const parsedStorage = parseStoreSetting(rawStorage, dataDir);
  let storage: StorageConfig = { kind: 'memory' };
  if (parsedStorage.ok) storage = parsedStorage.setting;
  else errors.push(`COEXIST_STORAGE=${rawStorage} is not supported: ${parsedStorage.message}.`);

  const rawStoreTimeout = nonEmpty(env.COEXIST_STORE_TIMEOUT_MS) ?? '5000';
  const storeTimeoutMs = /^\d{1,5}$/.test(rawStoreTimeout) ? Number(rawStoreTimeout) : NaN;
  if (!(storeTimeoutMs >= 100 && storeTimeoutMs <= 12_000)) {
    errors.push(`COEXIST_STORE_TIMEOUT_MS=${rawStoreTimeout} is not a deadline: use milliseconds from 100 to 12000 (default 5000; Teams gives a card click about 15 s).`);
  }

  const dnsServers = list(env.COEXIST_DNS_SERVERS);
  const badDns = dnsServers.filter((s) => !isDnsServerAddress(s));
  if (badDns.length > 0) {
    errors.push(`COEXIST_DNS_SERVERS has entries that are not IP addresses: ${badDns.join(', ')}. Use e.g. 1.1.1.1,8.8.8.8:53,[2606:4700::1111]:53.`);
  }

  const publicResolvers = list(nonEmpty(env.COEXIST_PUBLIC_RESOLVERS) ?? '1.1.1.1,8.8.8.8,9.9.9.9');
  const badPublic = publicResolvers.filter((s) => !isDnsServerAddress(s));
  if (badPublic.length > 0) {
    errors.push(`COEXIST_PUBLIC_RESOLVERS has entries that are not IP addresses: ${badPublic.join(', ')}. Use e.g. 1.1.1.1,8.8.8.8:53.`);
  }
  const rawNsPort = nonEmpty(env.COEXIST_NAMESERVER_PORT) ?? '53';
  const nameserverPort = /^\d{1,5}$/.test(rawNsPort) ? Number(rawNsPort) : NaN;
  if (!(nameserverPort >= 1 && nameserverPort <= 65535)) errors.push(`COEXIST_NAMESERVER_PORT=${rawNsPort} is not a port: use 1 to 65535 (default 53).`);

  const admins = list(env.COEXIST_ADMINS).map((a) => a.toLowerCase());

  const rawLevel = (nonEmpty(env.COEXIST_LOG_LEVEL) ?? 'info').toLowerCase();
  const logLevel = LOG_LEVELS.find((l) => l === rawLevel);
  if (logLevel === undefined) errors.push(`COEXIST_LOG_LEVEL=${rawLevel} is not a level: use ${LOG_LEVELS.join(', ')}.`);

  const rawQuiet = (nonEmpty(env.COEXIST_QUIET_HOURS) ?? '20:00-08:00').toLowerCase();
  const quietMatch = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(rawQuiet);
  let quietHours: Config['scheduler']['quietHours'] = null;
  if (quietMatch) quietHours = { start: `${quietMatch[1]}:${quietMatch[2]}`, end: `${quietMatch[3]}:${quietMatch[4]}`, weekends: true };
  else if (rawQuiet !== 'off') errors.push(`COEXIST_QUIET_HOURS=${rawQuiet} is not a window: use HH:MM-HH:MM (e.g. 20:00-08:00) or off.`);

  const rawFirst = nonEmpty(env.COEXIST_RECHECK_FIRST_MS);
  const recheckFirstMs = rawFirst === undefined ? undefined : /^\d{1,9}$/.test(rawFirst) && Number(rawFirst) >= 100 ? Number(rawFirst) : NaN;
  if (Number.isNaN(recheckFirstMs)) errors.push(`COEXIST_RECHECK_FIRST_MS=${rawFirst} is not a delay: use milliseconds of at least 100, or leave it empty (a minute).`);

  const rawLease = nonEmpty(env.COEXIST_JOB_LEASE_MS) ?? '60000';
  const leaseMs = /^\d{1,9}$/.test(rawLease) ? Number(rawLease) : NaN;
  if (!(leaseMs >= 1000)) errors.push(`COEXIST_JOB_LEASE_MS=${rawLease} is not a lease: use milliseconds of at least 1000 (default 60000).`);

  const rawRate = (nonEmpty(env.COEXIST_RATE_LIMIT) ?? 'default').toLowerCase();
  const rateLimit = rawRate === 'default' || rawRate === 'off' ? rawRate : undefined;
  if (rateLimit === undefined) errors.push(`COEXIST_RATE_LIMIT=${rawRate} is not a setting: use default or off (off only for load benchmarks).`);

  const rawTelemetry = (nonEmpty(env.COEXIST_TELEMETRY) ?? 'off').toLowerCase();
  const telemetry = rawTelemetry === 'off' || rawTelemetry === 'otlp' ? rawTelemetry : undefined;
  if (telemetry === undefined) errors.push(`COEXIST_TELEMETRY=${rawTelemetry} is not a setting: use off (default) or otlp (with OTEL_EXPORTER_OTLP_ENDPOINT).`);
  const otlpEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (telemetry === 'otlp') {
    // The exporters would fall back to localhost:4318 without a word on a malformed URL.
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT']) {
      const raw = nonEmpty(env[name]);
      if (raw !== undefined && !isHttpUrl(raw)) errors.push(`${name}=${raw} is not an http(s) URL: use e.g. http://127.0.0.1:4318 (an OpenTelemetry Collector's OTLP/HTTP receiver).`);
    }
  }

  const tenantAccess = parseTenantAccess(env, cwd, errors);
  const helpdeskModel = parseHelpdeskModel(env, errors);

  if (errors.length > 0 || type === undefined || logLevel === undefined || rateLimit === undefined || telemetry === undefined) return { ok: false, errors };
  return {
    ok: true,
    config: deepFreeze({
      bot: { appId, password, type, tenantId, anonymous },
      server: { host, port },
      dataDir,
      storage,
      storeTimeoutMs,
      dnsServers,
      discoveryResolvers: dnsServers.length > 0 ? dnsServers : systemResolvers(readSystemServers),
      publicResolvers,
      nameserverPort,
      admins,
      logLevel,
      scheduler: { recheckFirstMs, leaseMs, quietHours },
      rateLimit,
      telemetry,
      otlpEndpoint,
      tenantAccess,
      helpdeskModel,
    }),
  };
}

/** Thrown by `loadConfig` only; `message` lists every problem, one per line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`coexist cannot start, the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Like parseConfig, for composition roots that stop on bad config. Throws ConfigError. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): Config {
  const result = parseConfig(env, cwd);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}
