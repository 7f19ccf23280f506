import { parseConfig } from '../config/config';
import { UsageError, type CliCommand } from './command';

const usage = `Usage: coexist serve [--host ADDRESS] [--port N]

Starts the bot: POST /api/messages (Bot Framework) and GET /healthz, until SIGTERM or Ctrl-C.
Configuration comes from the environment (BOT_ID, BOT_PASSWORD, BOT_TYPE, BOT_TENANT_ID, PORT,
COEXIST_*; see docs/configuration.md). --host and --port override COEXIST_HOST and PORT.
Without BOT_ID the bot runs anonymously, which is allowed only on a loopback address.
Exit codes: 0 after a graceful stop, 1 if it could not listen, 2 usage error, 78 configuration error.
`;

function parseArgs(argv: readonly string[]): { host?: string; port?: string } {
  const out: { host?: string; port?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--host' && flag !== '--port') throw new UsageError(`unknown option "${arg}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    if (flag === '--host') out.host = value;
    else out.port = value;
  }
  return out;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'start the Teams bot (HTTP server for /api/messages)',
  usage,
  run: async (argv, io) => {
    const args = parseArgs(argv);
    const env = { ...io.env, ...(args.host ? { COEXIST_HOST: args.host } : {}), ...(args.port ? { PORT: args.port } : {}) };
    const result = parseConfig(env, process.cwd());
    if (!result.ok) {
      io.stderr(`coexist serve: cannot start, the configuration has ${result.errors.length} problem(s):\n${result.errors.map((e) => `  - ${e}\n`).join('')}`);
      return 78;
    }
    // Loaded here, not at the top: the Bot Framework SDK takes seconds to load, and every other command
    // (and `coexist --help`) goes through the registry that imports this file.
    const { createLogger, runUntilSignal } = await import('../index.js');
    return runUntilSignal(result.config, createLogger(result.config));
  },
};
