import type { DestinationStream, Logger } from 'pino';
import { createAdapter } from './bot/adapter';
import { createBot } from './bot/create-app';
import { createAppDeps } from './app/create-deps';
import { createHelpdeskFallback, helpdeskOptionsFrom, registerHelpdeskClarify } from './bot/handlers/helpdesk';
import { CLARIFY_VERB } from './helpdesk/card';
import { registerTenant, TENANT_CHECK_VERB } from './bot/handlers/tenant';
import { setUpTenantAccess } from './proofs/connect-tenant';
import { azureOpenAiClassify } from './helpdesk/azure-openai';
import { withModelFallback } from './helpdesk/classifier';
import { createHttpJson } from './proofs/http-json';
import { registerMigration } from './bot/handlers/migration';
import { registerWelcome } from './bot/handlers/welcome';
import { registerReminders } from './bot/handlers/remind';
import { createBotScheduler, registerJobUpkeep } from './bot/scheduler';
import { gateProber } from './app/gated-prober';
import { skipUnchangedReferences } from './app/reference-cache';
import { createBotLimits, createTurnGuard } from './bot/turn-guards';
import { requestLogFields } from './http/request-context';
import { createProbeGate } from './limits/probe-gate';
import { createTurnLimiter } from './limits/turn-limiter';
import { createLogger as createRedactingLogger } from './observability/logger';
import { createGracefulShutdown } from './observability/shutdown';
import { startConfiguredTelemetry } from './observability/telemetry-start';
import { traceProbes, traceTurns } from './observability/telemetry-wiring';
import { ConfigError, loadConfigFromProcess, type Config } from './config';
import { startServer } from './server';
import { startWriteProbe, StoreOpenError } from './store';

export interface RunningCoexist {
  /** e.g. http://127.0.0.1:3978; the messaging endpoint is `${url}/api/messages`. */
  url: string;
  port: number;
  /**
   * Graceful stop: new requests get 503, turns in flight finish (10 s at most), then the release steps run in
   * order (the scheduler gives its job leases back, then the store closes). Idempotent; never rejects.
   */
  stop: () => Promise<void>;
}

/** What startCoexist returns beyond {@link RunningCoexist}. */
export interface StartedCoexist extends RunningCoexist {
  /**
   * Adds a release step that runs at stop after the turns drained, after the scheduler gave its leases back and
   * before the store closes. All added steps together are bounded to 5 s.
   */
  onRelease: (name: string, release: (signal: AbortSignal) => Promise<void> | void) => void;
}

/**
 * The process logger: JSON lines to stdout at the configured level, tokens, auth headers and BOT_PASSWORD redacted,
 * message bodies never at info. Lines written in a turn carry its request and turn id (src/http/request-context.ts).
 */
export function createLogger(config: Pick<Config, 'logLevel'> & { bot?: Pick<Config['bot'], 'password'> }, destination?: DestinationStream): Logger {
  const password = config.bot?.password;
  return createRedactingLogger({
    level: config.logLevel, secrets: password ? [password] : [], base: { app: 'coexist' },
    ...(destination ? { destination } : {}),
  });
}

/**
 * Composition root: builds every dependency from the config and starts the server.
 * Rejects if the store cannot be opened (a StoreOpenError naming file, cause and fix) or the server cannot listen.
 */
export async function startCoexist(config: Config, logger: Logger = createLogger(config)): Promise<StartedCoexist> {
  const adapter = createAdapter(config.bot);
  const owned = await createAppDeps(config, logger);
  const { deps } = owned;
  // Limits (issue 8): per-tenant/per-user rate limits (COEXIST_RATE_LIMIT=off for load benchmarks) and one probe
  // gate per process; the gate's deadline sits above the prober's own 6 s budget, so that budget answers first.
  const limiter = config.rateLimit === 'off' ? undefined : createTurnLimiter();
  const probeGate = createProbeGate({ maxConcurrent: 8, maxQueue: 64, timeoutMs: 8000 });
  deps.probe = gateProber(deps.probe, probeGate);
  deps.limits = createBotLimits(limiter, probeGate);
  // COEXIST_TELEMETRY=otlp: a span per turn and per probe batch. Off, nothing is wrapped and nothing is loaded.
  const telemetry = await startConfiguredTelemetry(config, logger);
  if (telemetry) deps.probe = traceProbes(deps.probe, telemetry.hook);
  // Re-checks and reminders come back by themselves: jobs live in the store, so any instance may run them.
  // Built before the bot (its turns queue reminder jobs), started once the server listens.
  const scheduler = createBotScheduler(deps, { adapter, botAppId: config.bot.appId, settings: config.scheduler });
  // Writes one record every 10 s, so a store that stopped taking writes shows in /readyz and in the log.
  const writeProbe = startWriteProbe(deps.store, { clock: deps.clock, onChange: (result) => {
    if (result.ok) logger.info({ storage: deps.store.kind }, 'the store takes writes again');
    else logger.error({ storage: deps.store.kind, reason: result.reason }, 'the store does not take writes');
  } });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const shutdown = createGracefulShutdown({ stopAccepting: () => server?.close(), drainDeadlineMs: 10_000, log: logger });
  // The helpdesk's optional language model (off unless COEXIST_AZURE_OPENAI_* are set): it only places questions
  // the matcher answers "no diagnosis" for, among the closed set.
  if (config.tenantAccess) {
    const setup = setUpTenantAccess(config.tenantAccess);
    if (!setup.ok) throw new Error(`COEXIST_TENANT_APP_CERTIFICATE / COEXIST_TENANT_CA_FILE: ${setup.file}: ${setup.detail}`);
    deps.tenantAccess = { access: config.tenantAccess, client: setup.client };
  }
  const model = config.helpdeskModel;
  const helpdesk = {
    ...helpdeskOptionsFrom(deps),
    ...(model ? { classifier: withModelFallback(azureOpenAiClassify({ ...model, http: createHttpJson({ timeoutMs: 4000 }) })) } : {}),
  };
  const bot = createBot({
    adapter,
    botAppId: config.bot.appId,
    logger,
    // References live in the store (tenant-scoped), so reminders reach the conversation after a restart.
    // An unchanged reference is written at most every 5 minutes (it was a SQLite write on every turn).
    saveReference: skipUnchangedReferences(async (conversationId, reference) => {
      const tenantId = (reference.conversation as { tenantId?: string } | undefined)?.tenantId || deps.devTenantId;
      if (tenantId) await deps.repos.conversations.refresh(tenantId, conversationId, reference as Record<string, unknown>, deps.clock());
    }),
    beforeTurn: [createTurnGuard({ limiter, logger, extraVerbs: [CLARIFY_VERB, TENANT_CHECK_VERB] })],
    handlers: [registerWelcome(deps), registerReminders({ ...deps, quietHours: config.scheduler.quietHours }), registerJobUpkeep(deps, scheduler), registerMigration(deps), registerHelpdeskClarify(helpdesk), registerTenant(deps)],
    // Any message no command took is a helpdesk question (issue 6); /help stays the help card.
    fallback: createHelpdeskFallback(helpdesk),
  });
  try {
    server = await startServer({
      host: config.server.host,
      port: config.server.port,
      adapter,
      handleTurn: telemetry ? traceTurns(bot.handleTurn, telemetry.hook, requestLogFields) : bot.handleTurn,
      logger,
      health: async () => ({ anonymous: config.bot.anonymous, storage: deps.store.kind }),
      // Ready when the store answers a read within 2 s (SQLite file, Redis connection).
      // Ready when the store answers a read and takes a write within 2 s (a full disk or a read-only file answers
      // reads but fails every save).
      ready: async () => {
        const read = deps.store.records.get('readyz').then(() => true, () => false);
        const checks = Promise.all([read, writeProbe.probe()]);
        const outcome = await Promise.race([checks, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref())]);
        if (!outcome) return { ready: false, detail: { storage: deps.store.kind, reason: 'the store did not answer within 2 s' } };
        const [readable, write] = outcome;
        return { ready: readable && write.ok, detail: { storage: deps.store.kind, ...(write.ok ? {} : { writeError: write.reason }) } };
      },
      authAppId: config.bot.appId,
      shutdown,
    });
  } catch (error) {
    writeProbe.stop();
    await owned.close();
    await telemetry?.shutdown();
    throw error;
  }
  scheduler.start();
  const facts = { url: server.url, endpoint: `${server.url}/api/messages`, anonymous: config.bot.anonymous, storage: config.storage.kind, rateLimit: config.rateLimit };
  if (config.bot.anonymous) {
    logger.warn(facts, 'coexist listening WITHOUT authentication (anonymous local mode: no BOT_ID); for local development only');
  } else {
    logger.info(facts, 'coexist listening');
  }
  if (config.rateLimit === 'off') logger.warn('rate limits are off (COEXIST_RATE_LIMIT=off): for load benchmarks only');
  // Running jobs finish, the remaining leases go back (another instance takes them at once), then the store closes.
  shutdown.onRelease('scheduler', () => scheduler.stop(10_000));
  const releases: Array<{ name: string; release: (signal: AbortSignal) => Promise<void> | void }> = [];
  shutdown.onRelease('added', async (signal) => {
    for (const { release } of releases) await release(signal);
  });
  shutdown.onRelease('store', () => {
    writeProbe.stop();
    return owned.close();
  });
  // Last, so spans of the drained turns and the scheduler's last jobs are exported too.
  if (telemetry) shutdown.onRelease('telemetry', () => telemetry.shutdown());
  const listening = server;
  return {
    url: listening.url,
    port: listening.port,
    stop: async () => {
      await shutdown.shutdown('stop');
    },
    onRelease: (name, release) => { releases.push({ name, release }); },
  };
}

/** Resolves with the signal's name at the first SIGTERM or SIGINT. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      resolve(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

/** Exit codes of a failed start (docs/configuration.md, exit codes of `serve`); 78 (EX_CONFIG) for configuration errors is set in main. */
export const EXIT_CANNOT_LISTEN = 1;
/** EX_IOERR (sysexits.h): the store could not be opened; the message names the file or Redis, the cause and the fix. */
export const EXIT_STORE_UNAVAILABLE = 74;
/** EX_SOFTWARE (sysexits.h): any other failure while starting. */
export const EXIT_START_FAILED = 70;

const LISTEN_ERRORS = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'EPERM', 'ENOTFOUND', 'EAI_AGAIN']);

/** The message and exit code for what `startCoexist` rejected with. Pure. */
export function startFailure(error: unknown, config: Pick<Config, 'server'>): { message: string; exitCode: number } {
  if (error instanceof StoreOpenError) return { message: `coexist could not start: ${error.message}`, exitCode: EXIT_STORE_UNAVAILABLE };
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && LISTEN_ERRORS.has(code) && (error as { syscall?: unknown }).syscall !== 'open') {
    return {
      message: `coexist could not listen on ${config.server.host}:${config.server.port}: ${reason}. Fix: pick a free port (PORT or --port) or another address (COEXIST_HOST or --host)`,
      exitCode: EXIT_CANNOT_LISTEN,
    };
  }
  return { message: `coexist could not start: ${reason}`, exitCode: EXIT_START_FAILED };
}

/** Runs until SIGTERM/SIGINT, then stops gracefully. Resolves to the process exit code. Never rejects. */
export async function runUntilSignal(config: Config, logger: Logger = createLogger(config)): Promise<number> {
  let running: RunningCoexist;
  try {
    running = await startCoexist(config, logger);
  } catch (error) {
    const failure = startFailure(error, config);
    logger.fatal({ err: error, exitCode: failure.exitCode }, failure.message);
    process.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
  const signal = await waitForShutdownSignal();
  logger.info({ signal }, 'shutting down');
  await running.stop();
  logger.info('stopped');
  return 0;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    // EX_CONFIG (sysexits.h): a configuration error, not a crash.
    process.exitCode = 78;
    return;
  }
  process.exitCode = await runUntilSignal(config);
}

if (require.main === module) void main();
