import type { DeadLetterEntry, RedriveResult } from '../../shared/operations/dead-letters.js';
import { pathWithQuery, table } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';
import { UsageError } from '../command.js';

/** A redrive stops after this many calls that each moved nothing and did not finish. */
const maxIdleCalls = 5;

/** The redrive answers of every call, added up. */
const totalOf = (results: readonly RedriveResult[]) => ({
  dryRun: results[0]?.dryRun ?? false,
  moved: results.reduce((sum, result) => sum + result.moved, 0),
  skipped: results.reduce((sum, result) => sum + result.skipped, 0),
  failed: results.reduce((sum, result) => sum + result.failed, 0),
  calls: results.length,
});

export const dlqCommand = adminCommand({
  name: 'dlq',
  summary: 'list the dead-letter queue, or redrive it (all, one partner, or named events)',
  usage: `cwbridge dlq list [--limit N] [options]
cwbridge dlq redrive (--all | --partner ID | --event ID [--event ID ...]) [--dry-run] [options]

  list              the sync queue's dead letters: partner, event, receives, why each failed
  redrive           moves matching dead letters back to the sync queue (receive → send → delete),
                    calling the API again until it is done; --dry-run only counts the matches
  --limit N         list at most N (default 100, at most 1000)`,
  options: {
    limit: { type: 'string' },
    all: { type: 'boolean' },
    partner: { type: 'string' },
    event: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
  },
  actions: [
    {
      name: 'list',
      needs: [],
      run: async ({ client, io, values, json }) => {
        const listed = await client.request<{ messages: DeadLetterEntry[]; complete: boolean }>(
          'GET',
          pathWithQuery('/dlq', { limit: typeof values.limit === 'string' ? values.limit : '100' }),
        );
        return printed(io, json, listed, () =>
          [
            table(
              ['partner', 'event', 'receives', 'first sent', 'reason'],
              listed.messages.map((m) => [m.partnerId, m.eventId, m.receiveCount, m.sentAt, m.reason]),
              io.isTty === true,
            ),
            `${listed.messages.length} dead letter(s)${listed.complete ? '' : ' shown; there are more (raise --limit)'}`,
          ].join('\n'),
        );
      },
    },
    {
      name: 'redrive',
      needs: [],
      run: async ({ client, io, values, json }) => {
        const eventIds = Array.isArray(values.event) ? values.event : undefined;
        const partnerId = typeof values.partner === 'string' ? values.partner : undefined;
        if (
          [values.all === true, partnerId !== undefined, eventIds !== undefined].filter(Boolean).length !== 1
        )
          throw new UsageError('give exactly one of --all, --partner or --event');
        const body = {
          ...(values.all === true && { all: true }),
          ...(partnerId !== undefined && { partnerId }),
          ...(eventIds !== undefined && { eventIds }),
          dryRun: values['dry-run'] === true,
        };
        const results: RedriveResult[] = [];
        for (let idle = 0; ; ) {
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
        const verb = total.dryRun ? 'would move' : 'moved';
        printed(
          io,
          json,
          { ...total, done },
          () =>
            `${verb} ${total.moved}, skipped ${total.skipped}, failed ${total.failed}${done ? '' : ' (not finished: run it again)'}`,
        );
        return total.failed > 0 || !done ? 1 : 0;
      },
    },
  ],
});
