import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CliIo, UsageError } from './command.js';
import { commands } from './commands/index.js';

// A reader that stops early (`cwbridge sign ... | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const consoleIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: process.stdout.isTTY === true,
};

const overview = (): string =>
  [
    'usage: cwbridge <command> [options]   (cwbridge <command> --help for details)',
    '',
    ...commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
  ].join('\n');

/**
 * Runs `cwbridge <command> ...args` and resolves to the exit code: 0 on success, 1 when the
 * command failed, 2 on bad usage.
 */
export const runCli = async (argv: readonly string[], io: CliIo = consoleIo): Promise<number> => {
  const [name, ...args] = argv;
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    if (name && name !== 'help' && name !== '--help' && name !== '-h') io.err(`unknown command: ${name}`);
    io.out(overview());
    return name && !['help', '--help', '-h'].includes(name) ? 2 : 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(`cwbridge ${command.name}: ${(error as Error).message}`);
    if (usage) io.err(`\nusage: ${command.usage}`);
    return usage ? 2 : 1;
  }
};

// Run when executed directly (`tsx cli/main.ts`); the bin launcher calls runCli itself.
const invokedPath = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invokedPath === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
