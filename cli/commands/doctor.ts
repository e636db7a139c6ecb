import { type DoctorFinding, type DoctorReport, worstStatus } from '../../shared/operations/doctor.js';
import { pathWithQuery, table } from '../admin-client.js';
import { adminCommand, printed } from '../admin-command.js';

/** Continuations followed before the CLI gives up on a partner with very many customers. */
const maxPages = 50;

/**
 * Joins a run's pages: the partner-wide checks of the first page, every page's customer findings,
 * any problem a later page met (ConnectWise down mid-way), and the last page's customer summary.
 */
export const mergeDoctorPages = (pages: readonly DoctorReport[]): DoctorReport => {
  const [first, ...rest] = pages;
  if (!first) throw new Error('no doctor report');
  const last = pages.at(-1) ?? first;
  const laterFinding = (finding: DoctorFinding) =>
    finding.check !== 'customers' &&
    finding.check !== 'unmapped-customers' &&
    (finding.customerId !== undefined || finding.status !== 'ok');
  const laterProblems = rest.flatMap((page) => page.findings.filter(laterFinding));
  const summary = last.findings.filter((finding) => finding.check === 'customers');
  const findings = [
    ...first.findings.filter((finding) => finding.check !== 'customers'),
    // A partner-wide problem repeats on each page it met: once is enough.
    ...laterProblems.filter(
      (finding, index) =>
        finding.customerId !== undefined ||
        laterProblems.findIndex(
          (other) => other.check === finding.check && other.detail === finding.detail,
        ) === index,
    ),
    ...summary,
  ];
  const status = worstStatus(findings);
  const checked = pages.reduce((sum, page) => sum + page.customers.checked, 0);
  // A last page that stopped before its first customer resumes where it was asked to start.
  const resumeAt =
    last.customers.nextCursor ?? (last.customers.complete ? undefined : pages.at(-2)?.customers.nextCursor);
  const customers = {
    checked,
    complete: last.customers.complete,
    ...(resumeAt !== undefined && { nextCursor: resumeAt }),
  };
  return { ...first, status, findings, customers };
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
          // No progress (the time or ConnectWise ran out at once): asking again would only repeat it.
          if (report.customers.complete || report.customers.nextCursor === undefined) break;
          if (report.customers.checked === 0 || report.customers.nextCursor === cursor) break;
          cursor = report.customers.nextCursor;
          const checked = pages.reduce((sum, p) => sum + p.customers.checked, 0);
          io.err(`… ${checked} customers checked so far; going on`);
        }
        const report = mergeDoctorPages(pages);
        printed(io, json, report, () => render(report, io.isTty === true));
        return report.status === 'fail' ? 1 : 0;
      },
    },
  ],
});
