import type { DoctorFinding, DoctorReport } from '../../shared/operations/doctor.js';
import { pathWithQuery, table } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';

/** Continuations followed before the CLI gives up on a partner with very many customers. */
const maxPages = 50;

/** Joins a run's pages: the partner-wide checks of the first, every page's customer findings. */
const merged = (pages: readonly DoctorReport[]): DoctorReport => {
  const [first, ...rest] = pages;
  if (!first) throw new Error('no doctor report');
  const last = pages.at(-1) ?? first;
  const perCustomer = (finding: DoctorFinding) =>
    finding.customerId !== undefined && finding.check !== 'unmapped-customers';
  const findings = [
    ...first.findings.filter((finding) => finding.check !== 'customers'),
    ...rest.flatMap((page) => page.findings.filter(perCustomer)),
    ...last.findings.filter((finding) => finding.check === 'customers'),
  ];
  const status = findings.some((f) => f.status === 'fail')
    ? 'fail'
    : findings.some((f) => f.status === 'warn')
      ? 'warn'
      : 'ok';
  const checked = pages.reduce((sum, page) => sum + page.customers.checked, 0);
  return { ...first, status, findings, customers: { ...last.customers, checked } };
};

const render = (report: DoctorReport, tty: boolean): string => {
  const problems = report.findings.filter((finding) => finding.status !== 'ok');
  const counts = (['fail', 'warn', 'ok'] as const)
    .map((status) => `${report.findings.filter((f) => f.status === status).length} ${status}`)
    .join(', ');
  return [
    table(
      ['status', 'check', 'customer', 'detail'],
      report.findings.map((f) => [f.status, f.check, f.customerId ?? '', f.detail]),
      tty,
    ),
    ...(problems.length === 0
      ? []
      : [
          '',
          'To fix:',
          ...problems.map(
            (f, i) => `${i + 1}. ${f.check}${f.customerId ? ` (customer ${f.customerId})` : ''}: ${f.fix}`,
          ),
        ]),
    '',
    `${report.partnerId}: ${report.status} (${counts}); ${report.customers.checked} customers checked${report.customers.complete ? '' : `, not all: run again with --cursor ${report.customers.nextCursor ?? ''}`}`,
  ].join('\n');
};

export const doctorCommand = adminCommand({
  name: 'doctor',
  summary: "check a partner's ConnectWise setup step by step, with what to click to fix each problem",
  usage: `cwbridge doctor <partnerId> [--cursor C] [options]

  Exits 1 when a check fails. Partners with many customers are checked a page at a time, each page
  one request, until every customer is checked.
  --cursor C        start the customer checks after this customer (from an earlier run)`,
  options: { cursor: { type: 'string' } },
  defaultAction: 'partner',
  actions: [
    {
      name: 'partner',
      needs: ['partnerId'],
      run: async ({ client, io, args, values, json }) => {
        const partnerId = args.partnerId ?? '';
        const pages: DoctorReport[] = [];
        let cursor = typeof values.cursor === 'string' ? values.cursor : undefined;
        io.err(`checking ${partnerId}'s setup in ConnectWise…`);
        for (let page = 0; page < maxPages; page += 1) {
          const report = await client.request<DoctorReport>(
            'GET',
            pathWithQuery(`/partners/${encodeURIComponent(partnerId)}/doctor`, { cursor }),
          );
          pages.push(report);
          cursor = report.customers.nextCursor;
          if (report.customers.complete || cursor === undefined) break;
          const checked = pages.reduce((sum, p) => sum + p.customers.checked, 0);
          io.err(`… ${checked} customers checked so far; going on`);
        }
        const report = merged(pages);
        printed(io, json, report, () => render(report, io.isTty === true));
        return report.status === 'fail' ? 1 : 0;
      },
    },
  ],
});
