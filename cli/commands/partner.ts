import { readFile } from 'node:fs/promises';
import type { PartnerSummary } from '../../shared/admin/partner-admin.js';
import type { NotificationRule } from '../../shared/domain/partner-config.js';
import { table } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';
import { UsageError } from '../command.js';

const readJsonFile = async (path: string | undefined): Promise<unknown> => {
  if (!path) throw new UsageError('--file is required');
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path} as JSON: ${(error as Error).message}`);
  }
};

export const partnerCommand = adminCommand({
  name: 'partner',
  summary: 'list partners, show one (secrets masked), or set one from a JSON file',
  usage: `cwbridge partner list [options]
cwbridge partner show <partnerId> [options]
cwbridge partner set <partnerId> --file partner.json [options]

  set               PUT the file as the partner's configuration (the shape show prints, with the
                    secrets supplied; "webhookSecret": "generate" makes one, shown once)
  --file PATH       the configuration to set`,
  options: { file: { type: 'string' } },
  actions: [
    {
      name: 'list',
      needs: [],
      run: async ({ client, io, json }) => {
        const body = await client.request<{ partners: PartnerSummary[] }>('GET', '/partners');
        return printed(io, json, body, () =>
          table(
            ['partner', 'ConnectWise site', 'company', 'management solution', 'board'],
            body.partners.map((p) => [
              p.partnerId,
              p.siteUrl,
              p.companyId,
              p.managementSolutionName,
              p.ticketBoard,
            ]),
            io.isTty === true,
          ),
        );
      },
    },
    {
      name: 'show',
      needs: ['partnerId'],
      run: async ({ client, io, args }) => {
        const body = await client.request('GET', `/partners/${encodeURIComponent(args.partnerId ?? '')}`);
        io.out(JSON.stringify(body, null, 2));
        return 0;
      },
    },
    {
      name: 'set',
      needs: ['partnerId'],
      run: async ({ client, io, args, values }) => {
        const body = await readJsonFile(values.file as string | undefined);
        const saved = await client.request(
          'PUT',
          `/partners/${encodeURIComponent(args.partnerId ?? '')}`,
          body,
        );
        io.out(JSON.stringify(saved, null, 2));
        return 0;
      },
    },
  ],
});

export const rulesCommand = adminCommand({
  name: 'rules',
  summary: "show a partner's notification rules, or set them from a JSON file",
  usage: `cwbridge rules show <partnerId> [options]
cwbridge rules set <partnerId> --file rules.json [options]

  --file PATH       {"rules": [...]} or the bare list of rules`,
  options: { file: { type: 'string' } },
  actions: [
    {
      name: 'show',
      needs: ['partnerId'],
      run: async ({ client, io, args, json }) => {
        const path = `/partners/${encodeURIComponent(args.partnerId ?? '')}/notifications`;
        const body = await client.request<{ rules: NotificationRule[] }>('GET', path);
        return printed(io, json, body, () =>
          table(
            ['#', 'action', 'severities', 'event types'],
            body.rules.map((rule, index) => [
              index + 1,
              rule.action,
              rule.severities.join(', '),
              Array.isArray(rule.eventTypes) ? rule.eventTypes.join(', ') : rule.eventTypes,
            ]),
            io.isTty === true,
          ),
        );
      },
    },
    {
      name: 'set',
      needs: ['partnerId'],
      run: async ({ client, io, args, values }) => {
        const file = await readJsonFile(values.file as string | undefined);
        const body = Array.isArray(file) ? { rules: file } : file;
        const path = `/partners/${encodeURIComponent(args.partnerId ?? '')}/notifications`;
        io.out(JSON.stringify(await client.request('PUT', path, body), null, 2));
        return 0;
      },
    },
  ],
});
