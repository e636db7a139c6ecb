import type { ReprocessResult } from '../../shared/operations/reprocess.js';
import { pathWithQuery } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';

export const reprocessCommand = adminCommand({
  name: 'reprocess',
  summary: 'run a stored event again: tickets and data sync, window bypassed, company looked up afresh',
  usage: `cwbridge reprocess <eventId> [--partner ID] [options]

  --partner ID      the partner that sent it (needed when more than one partner used the id)`,
  options: { partner: { type: 'string' } },
  defaultAction: 'event',
  actions: [
    {
      name: 'event',
      needs: ['eventId'],
      run: async ({ client, io, args, values, json }) => {
        const result = await client.request<ReprocessResult>(
          'POST',
          pathWithQuery(`/events/${encodeURIComponent(args.eventId ?? '')}/reprocess`, {
            partnerId: values.partner,
          }),
        );
        return printed(
          io,
          json,
          result,
          () =>
            `queued ${result.eventId} of partner ${result.partnerId} again; follow it with: cwbridge events ${result.accountId} --partner ${result.partnerId}`,
        );
      },
    },
  ],
});
