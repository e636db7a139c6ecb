import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MANAGEMENT_SOLUTION, DEMO_STATUSES } from '../../cw-simulator/demo-seed.js';
import type { LocalStack } from '../../local/local-stack.js';
import type { DoctorReport } from '../../shared/operations/doctor.js';
import { runCliCaptured } from '../helpers/cli-run.js';
import { callApi } from '../helpers/cw-simulator-client.js';
import {
  pollUntil,
  postRawEvent,
  type SimRecord,
  simulatorState,
  stackSimulator,
  startE2eLocalStack,
} from '../helpers/e2e-local-stack.js';
import { aPortalEvent } from '../helpers/portal-events.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startE2eLocalStack({ syncDelaySeconds: 0 });
});

afterAll(async () => {
  await stack?.stop();
});

/** `cwbridge …` against the local stack; the URL and token come from the environment, as an operator sets them. */
const cli = (args: readonly string[], options: { isTty?: boolean } = {}) => {
  const saved = { url: process.env.CWBRIDGE_URL, token: process.env.CWBRIDGE_TOKEN };
  process.env.CWBRIDGE_URL = stack.apiUrl;
  process.env.CWBRIDGE_TOKEN = stack.settings.adminToken;
  return runCliCaptured(args, options).finally(() => {
    for (const [name, value] of [
      ['CWBRIDGE_URL', saved.url],
      ['CWBRIDGE_TOKEN', saved.token],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
};

describe('the cwbridge CLI against the local stack', () => {
  it('lists partners as a table, and as the API JSON with --json', async () => {
    const plain = await cli(['partner', 'list']);
    expect(plain.code).toBe(0);
    const [header, ...rows] = plain.out.split('\n');
    expect(header).toMatch(/partner\s+ConnectWise site\s+company/);
    expect(rows.some((row) => /^\s*demo\s+http:\/\/127\.0\.0\.1:\d+/.test(row))).toBe(true);
    // Not a terminal: no borders and no colour codes.
    expect(plain.out).not.toMatch(/[│┌]/);
    expect(plain.out).not.toContain(String.fromCharCode(27));

    const json = await cli(['partner', 'list', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      partners: [expect.objectContaining({ partnerId: 'demo' })],
    });

    const tty = await cli(['partner', 'list'], { isTty: true });
    expect(tty.out).toMatch(/[│┌]/);
  });

  it('shows a partner with its secrets masked, and sets its rules from a file', async () => {
    const shown = await cli(['partner', 'show', 'demo']);
    expect(shown.code).toBe(0);
    expect(shown.out).not.toContain(stack.settings.demoWebhookSecret);
    expect(JSON.parse(shown.out)).toMatchObject({ partnerId: 'demo' });

    const before = JSON.parse((await cli(['rules', 'show', 'demo', '--json'])).out) as { rules: unknown[] };
    const dir = await mkdtemp(join(tmpdir(), 'cwbridge-cli-'));
    const file = join(dir, 'rules.json');
    await writeFile(file, JSON.stringify(before.rules));
    const set = await cli(['rules', 'set', 'demo', '--file', file]);
    expect(set.code).toBe(0);
    const table = await cli(['rules', 'show', 'demo']);
    expect(table.out).toMatch(/#\s+action\s+severities\s+event types/);
    expect(table.out.split('\n')).toHaveLength(1 + before.rules.length);
  });

  it("prints an account's event log after an event", async () => {
    const event = aPortalEvent({
      customer: { id: '19652', name: 'Acme Dental Group' },
      account: { ...aPortalEvent().account, id: `CLI${Date.now()}-` },
    });
    const accepted = await postRawEvent(stack.apiUrl, JSON.stringify(event), {
      secret: stack.settings.demoWebhookSecret,
    });
    expect(accepted.status).toBe(202);

    const listed = await pollUntil(
      'an event-log entry for the account',
      () => cli(['events', event.account.id, '--partner', 'demo']),
      (result) => result.out.includes(event.eventId),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(listed.out).toMatch(/at\s+partner\s+event\s+level\s+message/);
    expect(listed.out).toMatch(/ticket #\d+ created/);
  });

  it('runs the doctor: a table of every check, the fix of each problem, and exit 1 once a setup step is undone', async () => {
    const healthy = await cli(['doctor', 'demo']);
    expect(healthy.err).toContain("checking demo's setup in ConnectWise");
    expect(healthy.out).toMatch(/status\s+check\s+customer\s+detail/);
    expect(healthy.out).toMatch(/ok\s+management-solution/);
    expect(healthy.out).toMatch(/^demo: (ok|warn) \(0 fail, /m);
    expect(healthy.code).toBe(0);

    const simulator = stackSimulator(stack);
    const status = DEMO_STATUSES.backupAlertsNew;
    const undo = async (value: string) =>
      expect(
        (
          await callApi(simulator, {
            method: 'PATCH',
            path: `/service/boards/${status.boardId}/statuses/${status.id}`,
            body: [{ op: 'replace', path: 'escalationStatus', value }],
          })
        ).status,
      ).toBe(200);
    await undo('Responded');
    try {
      const broken = await cli(['doctor', 'demo']);
      expect(broken.code).toBe(1);
      expect(broken.out).toMatch(/fail\s+ticket-status/);
      expect(broken.out).toMatch(/To fix:\n1\. ticket-status: In ConnectWise, go to System > Setup Tables/);
    } finally {
      await undo(status.escalationStatus);
    }
  }, 60_000);

  it("reprocesses an unmapped customer's event after its Managed ID is added: one ticket, and a second reprocess opens none", async () => {
    const customerId = String(700_000 + Math.floor(Math.random() * 99_999));
    const event = aPortalEvent({
      customer: { id: customerId, name: 'Late Setup Dental' },
      account: { ...aPortalEvent().account, id: `RPE${Date.now()}-` },
    });
    const accepted = await postRawEvent(stack.apiUrl, JSON.stringify(event), {
      secret: stack.settings.demoWebhookSecret,
    });
    expect(accepted.status).toBe(202);
    const unmapped = await pollUntil(
      'the unmapped customer in the event log',
      () => cli(['events', event.account.id, '--json']),
      (result) => result.out.includes('is not mapped'),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(unmapped.out).toMatch(/Later events look again after \d{4}-\d\d-\d\dT/);
    // The doctor lists the customer with the event to reprocess, and fails.
    const diagnosed = await cli(['doctor', 'demo', '--json']);
    expect(diagnosed.code).toBe(1);
    const findings = (JSON.parse(diagnosed.out) as DoctorReport).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({
        check: 'unmapped-customers',
        status: 'fail',
        customerId,
        eventIds: [event.eventId],
      }),
    );

    // The operator adds the Managed ID in ConnectWise (both records, in order) and reprocesses.
    const simulator = stackSimulator(stack);
    const company = await callApi<{ id: number }>(simulator, {
      method: 'POST',
      path: '/company/companies',
      body: { identifier: `Late${customerId}`, name: 'Late Setup Dental' },
    });
    expect(company.status).toBe(201);
    for (const deviceType of ['WorkstationsAndServers', 'BackupStats']) {
      const report = await callApi(simulator, {
        method: 'POST',
        path: `/company/companies/${company.body.id}/managementSummaryReports`,
        body: {
          groupIdentifier: `EFS-${customerId}`,
          managementSolution: { id: DEMO_MANAGEMENT_SOLUTION.id },
          deviceType,
        },
      });
      expect(report.status).toBe(201);
    }
    const first = await cli(['reprocess', event.eventId]);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`queued ${event.eventId} of partner demo again`);

    const created = await pollUntil(
      'the ticket after the reprocess',
      () => cli(['events', event.account.id]),
      (result) => /ticket #\d+ created/.test(result.out),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(created.out).toContain('reprocess requested by an operator');
    // Found now: the doctor no longer lists it as unmapped (its company has no agreement yet, which it says).
    const healed = JSON.parse((await cli(['doctor', 'demo', '--json'])).out) as DoctorReport;
    const about = healed.findings.filter((f) => f.customerId === customerId);
    expect(about.map((f) => [f.check, f.status])).toEqual([['addition-serial-number', 'fail']]);
    expect((await cli(['reprocess', event.eventId, '--partner', 'demo'])).code).toBe(0);
    const again = await pollUntil(
      'the second reprocess to run',
      async () =>
        (
          JSON.parse((await cli(['events', event.account.id, '--json'])).out) as {
            entries: { message: string }[];
          }
        ).entries.map((e) => e.message),
      (messages) =>
        messages.filter((message) => message.startsWith('reprocessed: ConnectWise synchronized')).length ===
          2 && messages.some((message) => message.startsWith('already processed: ticket #')),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    // The ticket was opened once, by the first reprocess; the second says so. ConnectWise holds one.
    const ticketLines = again.filter((message) => /^ticket #\d+ created$/.test(message));
    expect(ticketLines).toHaveLength(1);
    expect(again).toContain(`already processed: ${ticketLines[0]}`);
    const tickets = ((await simulatorState(stack.simulatorUrl)).tickets ?? []).filter((ticket: SimRecord) =>
      String(ticket.externalXRef ?? '').includes(event.account.id),
    );
    expect(tickets).toHaveLength(1);
  }, 120_000);

  it('previews billing, starts a sweep and reads its report', async () => {
    const preview = await cli(['billing', 'preview', 'demo', '--json']);
    expect(preview.code).toBe(0);
    expect(JSON.parse(preview.out)).toMatchObject({ partnerId: 'demo', mode: 'preview' });

    const sweep = await cli(['billing', 'sweep', 'demo']);
    expect(sweep.code).toBe(0);
    const runId = /run (\S+) started/.exec(sweep.out)?.[1];
    expect(runId).toBeDefined();
    const reports = await cli(['billing', 'reports', 'demo', '--limit', '5']);
    expect(reports.out).toContain(runId);
  });

  it("lists the admin audit trail: the reprocesses and rule changes made above, from the CLI's user agent", async () => {
    const listed = await cli(['audit', '--json']);
    expect(listed.code).toBe(0);
    const { entries } = JSON.parse(listed.out) as { entries: { action: string; userAgent: string }[] };
    const actions = entries.map((entry) => entry.action);
    expect(actions).toContain('POST /v1/admin/events/{eventId}/reprocess');
    expect(actions).toContain('PUT /v1/admin/partners/{partnerId}/notifications');
    expect(entries.every((entry) => entry.userAgent === 'cwbridge-cli')).toBe(true);
    const shown = await cli(['audit']);
    expect(shown.out).toMatch(/at\s+caller\s+source\s+action\s+status/);
  });

  it('exits 2 with the usage on bad arguments, and 1 with the API problem on a bad request', async () => {
    const usage = await cli(['billing', 'preview']);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('usage: cwbridge billing preview <partnerId>');

    const notFound = await cli(['partner', 'show', 'no-such-partner']);
    expect(notFound.code).toBe(1);
    expect(notFound.err).toMatch(/404.*no-such-partner/);

    const badLimit = await cli(['billing', 'reports', 'demo', '--limit', '500']);
    expect(badLimit.code).toBe(1);
    expect(badLimit.err).toMatch(/400.*limit/);
  });
});
