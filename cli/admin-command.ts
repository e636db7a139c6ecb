import { parseArgs } from 'node:util';
import { type AdminClient, adminClient, adminOptions, adminOptionsUsage } from './admin-client.js';
import { type CliCommand, type CliIo, UsageError } from './command.js';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** One action of an admin command (`cwbridge partner list`): its positional arguments and its run. */
export interface AdminAction {
  readonly name: string;
  /** Names of the positional arguments it needs, e.g. `['partnerId']`. */
  readonly needs: readonly string[];
  run(input: {
    readonly client: AdminClient;
    readonly io: CliIo;
    readonly args: Readonly<Record<string, string>>;
    readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
    readonly json: boolean;
  }): Promise<number>;
}

/**
 * A `cwbridge <name> <action> …` command over the admin API: parses the shared options
 * (`--url`, `--token`, `--json`, `--help`) and the command's own, then runs the action.
 */
export const adminCommand = (spec: {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options?: OptionSpec;
  readonly actions: readonly AdminAction[];
  /** The action run when the first argument names none (`cwbridge events <accountId>`). */
  readonly defaultAction?: string;
}): CliCommand => {
  const usage = `${spec.usage}\n${adminOptionsUsage}`;
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    run: async (argv, io) => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: { ...adminOptions, ...spec.options },
        strict: true,
        allowPositionals: true,
      });
      if (values.help) {
        io.out(usage);
        return 0;
      }
      const named = spec.actions.find((candidate) => candidate.name === positionals[0]);
      const fallback = spec.actions.find((candidate) => candidate.name === spec.defaultAction);
      // The default action also runs bare when it takes no arguments (`cwbridge audit`).
      const action = named ?? (positionals.length > 0 || fallback?.needs.length === 0 ? fallback : undefined);
      const rest = named ? positionals.slice(1) : positionals;
      if (!action) {
        const names = spec.actions.map((candidate) => candidate.name).join(', ');
        if (fallback) throw new UsageError(`give ${fallback.needs.map((need) => `<${need}>`).join(' ')}`);
        throw new UsageError(
          positionals[0] ? `unknown action: ${positionals[0]} (one of ${names})` : `give an action: ${names}`,
        );
      }
      if (rest.length !== action.needs.length) {
        throw new UsageError(
          `${spec.name} ${action.name} takes ${action.needs.map((need) => `<${need}>`).join(' ') || 'no arguments'}`,
        );
      }
      const args = Object.fromEntries(action.needs.map((need, index) => [need, rest[index] ?? '']));
      const client = adminClient(values as { url?: string; token?: string });
      return action.run({ client, io, args, values, json: values.json === true });
    },
  };
};

/** `--json`: the API's answer as it came; otherwise the table. */
export const printed = (io: CliIo, json: boolean, body: unknown, human: () => string): number => {
  io.out(json ? JSON.stringify(body, null, 2) : human());
  return 0;
};
