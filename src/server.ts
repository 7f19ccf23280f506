import restify from 'restify';
import type { TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port; `RunningServer.port` tells which. */
  port: number;
  /** The CloudAdapter subclass (ConfigurationBotFrameworkAuthentication inside) that authenticates requests. */
  adapter: TeamsAdapter;
  handleTurn: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** Extra facts for GET /healthz (e.g. storage reachable); must not throw. */
  health?: () => Promise<Record<string, unknown>>;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  port: number;
  /** Stops accepting connections and resolves when open requests have finished. Never rejects. */
  close: () => Promise<void>;
}

/**
 * Starts the HTTP server: POST /api/messages (Bot Framework protocol) and GET /healthz.
 * Rejects if the address cannot be bound (e.g. EADDRINUSE).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = restify.createServer({ name: 'coexist', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    // adapter.process validates the token (none in anonymous mode), runs the turn and writes the response.
    await options.adapter.process(req, res, options.handleTurn);
  });

  // The Agents Playground probes the endpoint with HEAD before it connects.
  server.head('/api/messages', async (_req, res) => {
    res.send(204);
  });

  server.get('/healthz', async (_req, res) => {
    let extra: Record<string, unknown> = {};
    try {
      extra = (await options.health?.()) ?? {};
    } catch (error) {
      extra = { healthError: error instanceof Error ? error.message : String(error) };
    }
    res.json(200, { status: 'ok', ...extra });
  });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error, callback: () => void) => {
    options.logger.warn({ err, method: req.method, url: req.url }, 'request failed');
    callback();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });

  const address = server.address();
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until they time out.
        server.server.closeIdleConnections?.();
      });
      return closing;
    },
  };
}
