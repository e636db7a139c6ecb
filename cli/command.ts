/** Where a command writes: the terminal in real use, a buffer in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** True when `out` is a terminal: tables get borders and colours. */
  readonly isTty?: boolean;
}

/** One `cwbridge <name>` subcommand. Register it in `cli/commands/index.ts`. */
export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage text printed by `cwbridge <name> --help` and on bad arguments. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Bad arguments: the runner prints the message and the command's usage, then exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
