import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** A redis-server the tests started, on loopback, without persistence. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>/0` */
  url: string;
  port: number;
  /** Stops the server and waits for it to exit. Idempotent. */
  stop: () => Promise<void>;
}

export interface StartRedisOptions {
  /** Default: REDIS_SERVER_BIN, else Debian's /usr/bin/redis-server. */
  binary?: string;
  /** How long to wait for "Ready to accept connections". Default 10 s. */
  timeoutMs?: number;
  /** Allow DEBUG (e.g. DEBUG SLEEP to stall the server) from loopback clients; Redis 7 refuses it by default. */
  enableDebug?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function waitReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = '';
    const timer = setTimeout(() => finish(new Error(`redis-server not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Ready to accept connections/i.test(output)) finish();
    };
    const onExit = (code: number | null): void => finish(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', finish);
      if (err) reject(err);
      else resolveReady();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', finish);
  });
}

/**
 * Starts a real redis-server on a free loopback port with no persistence. Rejects (so the calling test FAILS,
 * never skips) when the binary is missing, naming the fix `apt-get install redis-server`.
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
  if (!existsSync(binary)) {
    throw new Error(`redis-server not found at ${binary}: install it with 'apt-get install redis-server' (or set REDIS_SERVER_BIN)`);
  }
  let lastError: Error | undefined;
  // The free port can be taken between probing and binding; try a few times.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const child = spawn(binary, [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'notice', '--dir', '/tmp',
      ...(options.enableDebug ? ['--enable-debug-command', 'local'] : []),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitReady(child, options.timeoutMs ?? 10_000);
    } catch (err) {
      lastError = err as Error;
      child.kill('SIGKILL');
      continue;
    }
    // Keep draining its output so a chatty server never blocks on a full pipe.
    child.stdout?.resume();
    child.stderr?.resume();
    const exited = new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done();
      else child.once('exit', () => done());
    });
    let stopping: Promise<void> | undefined;
    return {
      url: `redis://127.0.0.1:${port}/0`,
      port,
      stop: () => {
        stopping ??= (async () => {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        })();
        return stopping;
      },
    };
  }
  throw lastError ?? new Error('redis-server did not start');
}
