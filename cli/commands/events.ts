import type { EventLogEntry } from '../../shared/ports/event-log.js';
import { pathWithQuery, table } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';

export const eventsCommand = adminCommand({
  name: 'events',
  summary: "an account's event log, newest first",
  usage: `cwbridge events <accountId> [--partner ID] [--limit N] [--cursor C] [options]

  --partner ID      one partner's entries (default: every partner that used the account id)
  --limit N         entries per page (default 50)
  --cursor C        the next page (printed under a full page)`,
  options: { partner: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
  defaultAction: 'list',
  actions: [
    {
      name: 'list',
      needs: ['accountId'],
      run: async ({ client, io, args, values, json }) => {
        const path = pathWithQuery(`/accounts/${encodeURIComponent(args.accountId ?? '')}/events`, {
          partnerId: values.partner,
          limit: values.limit,
          cursor: values.cursor,
        });
        const body = await client.request<{ entries: EventLogEntry[]; nextCursor?: string }>('GET', path);
        return printed(io, json, body, () =>
          [
            table(
              ['at', 'partner', 'event', 'level', 'message'],
              body.entries.map((entry) => [
                entry.at,
                entry.partnerId,
                entry.eventId,
                entry.level,
                entry.message,
              ]),
              io.isTty === true,
            ),
            ...(body.nextCursor ? [`more: --cursor ${body.nextCursor}`] : []),
          ].join('\n'),
        );
      },
    },
  ],
});
