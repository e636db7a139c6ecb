import { parseArgs } from 'node:util';
import type { DeadLetterEntry, RedriveResult } from '../../shared/operations/dead-letters.js';
import { adminClient, adminOptions, adminOptionsUsage, table } from '../admin-client.js';
import { type CliCommand, UsageError } from '../command.js';

const usage = `cwbridge dlq list [--limit N] [options]
cwbridge dlq redrive (--all | --partner ID | --event ID [--event ID ...]) [--dry-run] [options]

  list              the sync queue's dead letters: partner, event, receives, why each failed
  redrive           moves matching dead letters back to the sync queue (receive → send → delete),
                    calling the API again until it is done; --dry-run only counts the matches
  --limit N         list at most N (default 100, at most 1000)
${adminOptionsUsage}`;

const options = {
  ...adminOptions,
  limit: { type: 'string' },
  all: { type: 'boolean' },
  partner: { type: 'string' },
  event: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
} as const;

/** A redrive answer per call; the command adds them up. */
const totalOf = (results: readonly RedriveResult[]) => ({
  dryRun: results[0]?.dryRun ?? false,
  moved: results.reduce((sum, result) => sum + result.moved, 0),
  skipped: results.reduce((sum, result) => sum + result.skipped, 0),
  failed: results.reduce((sum, result) => sum + result.failed, 0),
  calls: results.length,
});

/** A redrive stops after this many calls that each moved nothing and did not finish. */
const maxIdleCalls = 5;

export const dlqCommand: CliCommand = {
  name: 'dlq',
  summary: 'list the dead-letter queue, or redrive it (all, one partner, or named events)',
  usage,
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.out(usage);
      return 0;
    }
    const [action, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
    const client = adminClient(values);
    if (action === 'list') {
      const limit = values.limit ?? '100';
      const listed = await client.request<{ messages: DeadLetterEntry[]; complete: boolean }>(
        'GET',
        `/dlq?limit=${encodeURIComponent(limit)}`,
      );
      if (values.json) {
        io.out(JSON.stringify(listed, null, 2));
        return 0;
      }
      io.out(
        table(
          ['partner', 'event', 'receives', 'first sent', 'reason'],
          listed.messages.map((m) => [m.partnerId, m.eventId, m.receiveCount, m.sentAt, m.reason]),
          io.isTty === true,
        ),
      );
      io.out(
        `${listed.messages.length} dead letter(s)${listed.complete ? '' : ' shown; there are more (raise --limit)'}`,
      );
      return 0;
    }
    if (action === 'redrive') {
      const filters = [values.all === true, values.partner !== undefined, values.event !== undefined];
      if (filters.filter(Boolean).length !== 1)
        throw new UsageError('give exactly one of --all, --partner or --event');
      const body = {
        ...(values.all && { all: true }),
        ...(values.partner !== undefined && { partnerId: values.partner }),
        ...(values.event !== undefined && { eventIds: values.event }),
        dryRun: values['dry-run'] === true,
      };
      const results: RedriveResult[] = [];
      let idle = 0;
      for (;;) {
        const result = await client.request<RedriveResult>('POST', '/dlq/redrive', body);
        results.push(result);
        if (result.done) break;
        idle = result.moved === 0 ? idle + 1 : 0;
        const sofar = totalOf(results);
        io.err(`… ${sofar.moved} moved, ${sofar.skipped} skipped, ${sofar.failed} failed so far; going on`);
        if (idle >= maxIdleCalls) break;
      }
      const total = totalOf(results);
      const done = results.at(-1)?.done === true;
      if (values.json) {
        io.out(JSON.stringify({ ...total, done }, null, 2));
      } else {
        const verb = total.dryRun ? 'would move' : 'moved';
        io.out(
          `${verb} ${total.moved}, skipped ${total.skipped}, failed ${total.failed}${done ? '' : ' (not finished: run it again)'}`,
        );
      }
      return total.failed > 0 || !done ? 1 : 0;
    }
    throw new UsageError(action ? `unknown action: ${action}` : 'give an action: list or redrive');
  },
};
