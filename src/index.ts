import pino, { type Logger } from 'pino';
import { createAdapter } from './bot/adapter';
import { createBot } from './bot/create-app';
import { createBotDeps } from './bot/create-deps';
import { createHelpdeskFallback, helpdeskOptionsFrom } from './bot/handlers/helpdesk';
import { registerMigration } from './bot/handlers/migration';
import { registerReminders } from './bot/handlers/remind';
import { createBotScheduler } from './bot/scheduler';
import { ConfigError, loadConfigFromProcess, type Config } from './config';
import { startServer } from './server';

export interface RunningCoexist {
  /** e.g. http://127.0.0.1:3978; the messaging endpoint is `${url}/api/messages`. */
  url: string;
  port: number;
  /** Graceful stop: no new requests, open turns finish. Never rejects. */
  stop: () => Promise<void>;
}

/** A pino logger at the configured level, writing JSON lines to stdout. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { app: 'coexist' } });
}

/**
 * Composition root: builds every dependency from the config and starts the server.
 * Rejects only if the server cannot listen. Later issues add the store, scheduler and DNS here.
 */
export async function startCoexist(config: Config, logger: Logger = createLogger(config)): Promise<RunningCoexist> {
  const adapter = createAdapter(config.bot);
  const owned = await createBotDeps(config, logger);
  const { deps } = owned;
  const bot = createBot({
    adapter,
    botAppId: config.bot.appId,
    logger,
    // References live in the store (tenant-scoped), so reminders reach the conversation after a restart.
    saveReference: async (conversationId, reference) => {
      const tenantId = (reference.conversation as { tenantId?: string } | undefined)?.tenantId || deps.devTenantId;
      if (tenantId) await deps.repos.conversations.refresh(tenantId, conversationId, reference as Record<string, unknown>, deps.clock());
    },
    handlers: [registerReminders(deps), registerMigration(deps)],
    // Any message no command took is a helpdesk question (issue 6); /help stays the help card.
    fallback: createHelpdeskFallback(helpdeskOptionsFrom(deps)),
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      host: config.server.host,
      port: config.server.port,
      adapter,
      handleTurn: bot.handleTurn,
      logger,
      health: async () => ({ anonymous: config.bot.anonymous, storage: deps.store.kind }),
    });
  } catch (error) {
    await owned.close();
    throw error;
  }
  // Re-checks and reminders come back by themselves: jobs live in the store, so any instance may run them.
  const scheduler = createBotScheduler(deps, { adapter, botAppId: config.bot.appId, settings: config.scheduler });
  scheduler.start();
  logger.info(
    { url: server.url, endpoint: `${server.url}/api/messages`, anonymous: config.bot.anonymous, storage: config.storage.kind },
    config.bot.anonymous ? 'coexist listening (anonymous local mode)' : 'coexist listening',
  );
  return {
    url: server.url,
    port: server.port,
    stop: async () => {
      // Running jobs finish, the remaining leases go back (another instance takes them at once), then the store closes.
      await Promise.all([server.close(), scheduler.stop(10_000)]);
      await owned.close();
    },
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

/** Runs until SIGTERM/SIGINT, then stops gracefully. Resolves to the process exit code. Never rejects. */
export async function runUntilSignal(config: Config, logger: Logger = createLogger(config)): Promise<number> {
  let running: RunningCoexist;
  try {
    running = await startCoexist(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, `coexist could not start on ${config.server.host}:${config.server.port}`);
    return 1;
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
