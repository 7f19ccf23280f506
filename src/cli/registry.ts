import type { CliCommand } from './command';
import { checkCommand } from './check';
import { serveCommand } from './serve';
import { askCommand } from './ask';
import { spfCommand } from './spf';
import { relayProbeCommand } from './relay-probe';
import { proveCommand } from './prove';

/** Every sub-command of `coexist`, in the order `--help` lists them. One line per command. */
export const commands: readonly CliCommand[] = [
  checkCommand,
  serveCommand,
  askCommand,
  spfCommand,
  relayProbeCommand,
  proveCommand,
];
