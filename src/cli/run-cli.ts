import { UsageError, type CliCommand, type CliIo, type LazyCliCommand } from './command';

function overview(commands: readonly (CliCommand | LazyCliCommand)[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'coexist: mixed operation of one mail domain between a POP3/IMAP provider and Microsoft 365',
    '',
    'Usage: coexist <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `coexist <command> --help` for the options of one command.',
  ].join('\n') + '\n';
}

/**
 * Dispatches argv (without node and script) to a sub-command. Never throws: a usage error is one line on
 * stderr and exit code 2, an unexpected failure is one line and exit code 70, never a stack trace.
 */
export async function runCli(argv: readonly string[], commands: readonly (CliCommand | LazyCliCommand)[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    io.stdout(`${(require('../../package.json') as { version: string }).version}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`coexist: unknown command "${name}". Run \`coexist --help\` for the list.\n`);
    return 2;
  }
  const command = 'load' in entry ? await entry.load() : entry;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`coexist ${command.name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`coexist ${command.name}: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 70;
  }
}
