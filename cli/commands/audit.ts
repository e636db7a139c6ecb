import type { AdminAuditPage } from '../../shared/ports/admin-audit.js';
import { pathWithQuery, table } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';

export const auditCommand = adminCommand({
  name: 'audit',
  summary: 'the admin audit trail: who changed what, when and from where, newest first',
  usage: `cwbridge audit [--limit N] [--cursor C] [options]

  --limit N         entries to show (default 50, at most 100)
  --cursor C        the next page, from an earlier listing`,
  options: { limit: { type: 'string' }, cursor: { type: 'string' } },
  defaultAction: 'list',
  actions: [
    {
      name: 'list',
      needs: [],
      run: async ({ client, io, values, json }) => {
        const page = await client.request<AdminAuditPage>(
          'GET',
          pathWithQuery('/audit', { limit: values.limit, cursor: values.cursor }),
        );
        return printed(io, json, page, () =>
          [
            table(
              ['at', 'caller', 'source', 'action', 'status', 'target', 'outcome'],
              page.entries.map((entry) => [
                entry.at,
                entry.caller,
                `${entry.sourceIp} ${entry.userAgent}`,
                entry.action,
                entry.status,
                Object.values(entry.target).join(' '),
                JSON.stringify(entry.outcome),
              ]),
              io.isTty === true,
            ),
            ...(page.cursor ? [`more: --cursor ${page.cursor}`] : []),
          ].join('\n'),
        );
      },
    },
  ],
});
