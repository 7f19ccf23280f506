/** What a sub-command of `coexist` gets from the outside world; injected so commands are testable in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  name: string;
  /** One line for `coexist --help`. */
  summary: string;
  /** Usage text printed for `coexist <name> --help` and after a usage error. */
  usage: string;
  /** Resolves to the process exit code (0 ok, 1 checks not ok, 2 usage error). Never rejects for bad input. */
  run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

/**
 * A sub-command as `coexist --help` lists it, whose module is loaded only when it runs: `coexist check` then never
 * loads the bot's SDK, the helpdesk or the tenant proofs. `load` resolves to the command of the same name.
 */
export interface LazyCliCommand {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

/** Thrown by argument parsers only; `runCli` turns it into one line on stderr and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
