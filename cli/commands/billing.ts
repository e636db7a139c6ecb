import type { BillingPreview } from '../../shared/billing/billing-report.js';
import type { BillingRunReport } from '../../shared/ports/billing-reports.js';
import { pathWithQuery, table } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';

const figures = (
  summary: Pick<BillingPreview, 'customersChecked' | 'customersChanged' | 'customersDrifted' | 'errors'>,
) =>
  `checked ${summary.customersChecked}, changed ${summary.customersChanged}, drifted ${summary.customersDrifted}, errors ${summary.errors}`;

export const billingCommand = adminCommand({
  name: 'billing',
  summary: 'preview billing drift (nothing written), start a sweep now, or read the latest reports',
  usage: `cwbridge billing preview <partnerId> [--customer ID] [--cursor C] [options]
cwbridge billing sweep <partnerId> [options]
cwbridge billing reports <partnerId> [--limit N] [options]

  --customer ID     preview one customer
  --cursor C        continue a preview that stopped early
  --limit N         reports to read (default 10)`,
  options: { customer: { type: 'string' }, cursor: { type: 'string' }, limit: { type: 'string' } },
  actions: [
    {
      name: 'preview',
      needs: ['partnerId'],
      run: async ({ client, io, args, values, json }) => {
        const path = pathWithQuery(`/partners/${encodeURIComponent(args.partnerId ?? '')}/billing/preview`, {
          customerId: values.customer,
          cursor: values.cursor,
        });
        const preview = await client.request<BillingPreview>('GET', path);
        return printed(io, json, preview, () =>
          [
            table(
              ['customer', 'status', 'finding', 'detail'],
              preview.customers.flatMap((customer) =>
                customer.findings.length === 0
                  ? [[customer.customerId, customer.status, '', customer.error ?? '']]
                  : customer.findings.map((finding) => [
                      customer.customerId,
                      customer.status,
                      finding.driftClass,
                      finding.detail,
                    ]),
              ),
              io.isTty === true,
            ),
            figures(preview),
            ...(preview.complete
              ? []
              : [
                  `stopped early (${preview.stoppedBecause ?? 'time'}): --cursor ${preview.nextCursor ?? ''}`,
                ]),
          ].join('\n'),
        );
      },
    },
    {
      name: 'sweep',
      needs: ['partnerId'],
      run: async ({ client, io, args, json }) => {
        const run = await client.request<{ runId: string; queued: number; planned?: number }>(
          'POST',
          `/partners/${encodeURIComponent(args.partnerId ?? '')}/billing/sweep`,
        );
        return printed(io, json, run, () =>
          run.planned === undefined
            ? `run ${run.runId} started: ${run.queued} customer(s) queued so far, the rest page by page`
            : `run ${run.runId} started: ${run.planned} customer(s) to check`,
        );
      },
    },
    {
      name: 'reports',
      needs: ['partnerId'],
      run: async ({ client, io, args, values, json }) => {
        const body = await client.request<{ reports: BillingRunReport[] }>(
          'GET',
          pathWithQuery(`/partners/${encodeURIComponent(args.partnerId ?? '')}/billing/reports`, {
            limit: values.limit,
          }),
        );
        return printed(io, json, body, () =>
          table(
            ['started', 'run', 'trigger', 'finished', 'figures'],
            body.reports.map((report) => [
              report.startedAt,
              report.runId,
              report.trigger,
              report.finishedAt ??
                `running (${report.recorded}/${report.planned ?? `${report.queued ?? 0} queued so far`})`,
              report.summary ? figures(report.summary) : '',
            ]),
            io.isTty === true,
          ),
        );
      },
    },
  ],
});
