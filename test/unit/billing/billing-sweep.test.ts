import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { type FinishedRun, planSweep } from '../../../shared/billing/billing-sweep.js';
import { consumeBillingUnits } from '../../../shared/billing/consume-billing-units.js';
import type { CustomerReconciliation } from '../../../shared/billing/reconcile-customer.js';
import type { PartnerConfig } from '../../../shared/domain/partner-config.js';
import { RetryableError } from '../../../shared/errors.js';
import type {
  BillingReports,
  BillingRunProgress,
  BillingRunRef,
  BillingRunReport,
} from '../../../shared/ports/billing-reports.js';
import {
  type BillingMessage,
  type BillingUnit,
  isPlanContinuation,
} from '../../../shared/ports/billing-units.js';
import type { ConnectWiseGateways } from '../../../shared/ports/connectwise-gateways.js';
import { InMemoryStateCache, InMemoryUsageStore } from '../../helpers/sync-fakes.js';

/** Billing reports in memory, with the DynamoDB adapter's once-only recording. */
class InMemoryBillingReports implements BillingReports {
  readonly runs = new Map<string, BillingRunReport>();
  readonly results = new Map<string, Map<string, CustomerReconciliation>>();

  readonly steps = new Map<string, number>();

  async startRun(run: BillingRunRef, trigger: 'schedule' | 'operator'): Promise<void> {
    this.runs.set(run.runId, { ...run, trigger, recorded: 0, queued: 0 });
    this.results.set(run.runId, new Map());
    this.steps.set(run.runId, 0);
  }
  async planStep(run: BillingRunRef): Promise<number | undefined> {
    return this.steps.get(run.runId);
  }
  async advancePlan(run: BillingRunRef, step: number, queued: number): Promise<boolean> {
    if (this.steps.get(run.runId) !== step) return false;
    this.steps.set(run.runId, step + 1);
    this.runs.set(run.runId, { ...(this.runs.get(run.runId) as BillingRunReport), queued });
    return true;
  }
  async setPlanned(run: BillingRunRef, step: number, planned: number) {
    if (this.steps.get(run.runId) !== step) return undefined;
    this.steps.set(run.runId, step + 1);
    const stored = this.runs.get(run.runId) as BillingRunReport;
    this.runs.set(run.runId, { ...stored, planned, queued: planned });
    return { planned, recorded: stored.recorded };
  }
  async recordCustomer(
    run: BillingRunRef,
    result: CustomerReconciliation,
  ): Promise<BillingRunProgress | undefined> {
    const results = this.results.get(run.runId) as Map<string, CustomerReconciliation>;
    if (results.has(result.customerId)) return undefined;
    results.set(result.customerId, result);
    const stored = this.runs.get(run.runId) as BillingRunReport;
    const next = { ...stored, recorded: stored.recorded + 1 };
    this.runs.set(run.runId, next);
    return { planned: next.planned, recorded: next.recorded };
  }
  async customerResults(run: BillingRunRef): Promise<CustomerReconciliation[]> {
    return [...(this.results.get(run.runId)?.values() ?? [])];
  }
  async finish(run: BillingRunRef, summary: NonNullable<BillingRunReport['summary']>, finishedAt: string) {
    const stored = this.runs.get(run.runId) as BillingRunReport;
    if (stored.finishedAt) return false;
    this.runs.set(run.runId, { ...stored, summary, finishedAt });
    return true;
  }
  async latestRuns(partnerId: string): Promise<BillingRunReport[]> {
    return [...this.runs.values()].filter((run) => run.partnerId === partnerId);
  }
}

const partner = { partnerId: 'acme', serviceCatalogue: [] } as unknown as PartnerConfig;
const now = () => new Date('2026-11-30T12:00:00Z');

const world = () => {
  const reports = new InMemoryBillingReports();
  const usage = new InMemoryUsageStore();
  const sent: BillingMessage[] = [];
  const finished: FinishedRun[] = [];
  const delays: { receiptHandle: string; seconds: number }[] = [];
  let connectWise: () => Promise<ConnectWiseGateways> = async () => {
    throw new RetryableError('ConnectWise answered 503');
  };
  let runs = 0;
  const deps = {
    partners: {
      listPartnerIds: async () => ['acme'],
      getConfig: async (id: string) => (id === 'acme' ? partner : undefined),
    },
    usage,
    reports,
    cache: new InMemoryStateCache(),
    markers: new InMemoryStateCache(),
    queue: { send: async (messages: readonly BillingMessage[]) => void sent.push(...messages) },
    connectWise: () => connectWise(),
    remainingSeconds: () => 60,
    now,
    newRunId: () => {
      runs += 1;
      return `run-${runs}`;
    },
    onRunFinished: (run: FinishedRun) => void finished.push(run),
    visibility: {
      delay: async (receiptHandle: string, seconds: number) => void delays.push({ receiptHandle, seconds }),
    },
    maxReceiveCount: 3,
    random: () => 1,
  };
  return {
    deps,
    reports,
    usage,
    sent,
    finished,
    delays,
    failConnectWiseWith: (next: () => Promise<ConnectWiseGateways>) => {
      connectWise = next;
    },
  };
};

const aRecord = (body: unknown, receiveCount = 1, messageId = 'm-1'): SQSRecord =>
  ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  }) as unknown as SQSRecord;

describe('the billing sweep', () => {
  it('finishes a run at once when the partner has no customers', async () => {
    const { deps, finished, sent } = world();
    const [run] = await planSweep(deps, 'schedule');
    expect(run).toMatchObject({ partnerId: 'acme', queued: 0, planned: 0 });
    expect(sent).toEqual([]);
    expect(finished).toEqual([expect.objectContaining({ runId: 'run-1', planned: 0 })]);
  });

  it('sends one unit per registered customer and leaves the run open until they are recorded', async () => {
    const { deps, usage, sent, finished } = world();
    for (const customerId of ['1', '2', '3']) {
      await usage.registerCustomer('acme', {
        customerId,
        customerName: `c${customerId}`,
        lastUsageAt: now().toISOString(),
        accountId: 'EFS101',
      });
    }
    await planSweep(deps, 'schedule');
    expect(sent.map((unit) => ('customerId' in unit ? unit.customerId : unit.kind))).toEqual(['1', '2', '3']);
    expect(finished).toEqual([]);
  });

  describe('planning page by page', () => {
    /** Five customers planned two at a time: three pages. */
    const paged = async () => {
      const w = world();
      for (const customerId of ['1', '2', '3', '4', '5']) {
        await w.usage.registerCustomer('acme', {
          customerId,
          customerName: `c${customerId}`,
          lastUsageAt: now().toISOString(),
          accountId: `EFS${customerId}01`,
        });
      }
      return { ...w, deps: { ...w.deps, planPageSize: 2 } };
    };
    const names = (messages: readonly BillingMessage[]) =>
      messages.map((message) => (isPlanContinuation(message) ? `next@${message.step}` : message.customerId));
    /** Delivers every continuation sent so far, once, until none is left; returns how many. */
    const drainContinuations = async (w: Awaited<ReturnType<typeof paged>>) => {
      let delivered = 0;
      for (let index = 0; index < w.sent.length; index += 1) {
        const message = w.sent[index] as BillingMessage;
        if (!isPlanContinuation(message)) continue;
        const response = await consumeBillingUnits(w.deps, [aRecord(message, 1, `c-${index}`)]);
        expect(response.batchItemFailures).toEqual([]);
        delivered += 1;
      }
      return delivered;
    };

    it('queues the first page and a continuation behind it, the count still open', async () => {
      const w = await paged();
      const [run] = await planSweep(w.deps, 'schedule');
      expect(run).toEqual({ partnerId: 'acme', runId: 'run-1', startedAt: now().toISOString(), queued: 2 });
      expect(names(w.sent)).toEqual(['1', '2', 'next@1']);
      expect(w.sent[2]).toMatchObject({ kind: 'plan-next', runId: 'run-1', step: 1, cursor: '2', queued: 2 });
      expect(w.reports.runs.get('run-1')).toMatchObject({ queued: 2 });
      expect(w.reports.runs.get('run-1')?.planned).toBeUndefined();
    });

    it('plans the rest from the continuations, sets the count on the last page, and the units finish the run', async () => {
      const w = await paged();
      await planSweep(w.deps, 'schedule');
      expect(await drainContinuations(w)).toBe(2);
      expect(names(w.sent)).toEqual(['1', '2', 'next@1', '3', '4', 'next@2', '5']);
      expect(w.reports.runs.get('run-1')).toMatchObject({ planned: 5, queued: 5, recorded: 0 });

      const units = w.sent.filter((message) => !isPlanContinuation(message));
      await consumeBillingUnits(
        w.deps,
        units.map((unit, index) => aRecord(unit, 3, `u-${index}`)),
      );
      expect(w.finished).toEqual([expect.objectContaining({ runId: 'run-1', planned: 5 })]);
      expect(w.finished[0]?.summary).toMatchObject({ customersChecked: 5 });
    });

    it('finishes the run on its last page when every unit was recorded before the count was known', async () => {
      const w = await paged();
      await planSweep(w.deps, 'schedule');
      // The first page's units are recorded before the next page is planned, and so on.
      for (let index = 0; index < w.sent.length; index += 1) {
        await consumeBillingUnits(w.deps, [aRecord(w.sent[index], 3, `m-${index}`)]);
      }
      expect(names(w.sent)).toEqual(['1', '2', 'next@1', '3', '4', 'next@2', '5']);
      expect(w.finished).toEqual([expect.objectContaining({ runId: 'run-1', planned: 5 })]);
    });

    it('does nothing for a continuation delivered again after its page was planned', async () => {
      const w = await paged();
      await planSweep(w.deps, 'schedule');
      const continuation = w.sent[2] as BillingMessage;
      await consumeBillingUnits(w.deps, [aRecord(continuation, 1, 'first')]);
      const before = w.sent.length;
      const again = await consumeBillingUnits(w.deps, [aRecord(continuation, 1, 'again')]);
      expect(again.batchItemFailures).toEqual([]);
      expect(w.sent).toHaveLength(before);
    });

    it('plans a page again when it was sent but its step not counted, and the run still counts each customer once', async () => {
      const w = await paged();
      await planSweep(w.deps, 'schedule');
      const continuation = w.sent[2] as BillingMessage;
      const advance = vi
        .spyOn(w.reports, 'advancePlan')
        .mockRejectedValueOnce(new Error('DynamoDB unavailable'));
      const failed = await consumeBillingUnits(w.deps, [aRecord(continuation, 1, 'first')]);
      expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'first' }]);
      expect(names(w.sent)).toEqual(['1', '2', 'next@1', '3', '4', 'next@2']);

      const retried = await consumeBillingUnits(w.deps, [aRecord(continuation, 2, 'first')]);
      expect(retried.batchItemFailures).toEqual([]);
      expect(advance).toHaveBeenCalledTimes(2);
      // Page 2 went out twice, and so did its continuation: the second copy of that finds the step taken.
      expect(names(w.sent)).toEqual(['1', '2', 'next@1', '3', '4', 'next@2', '3', '4', 'next@2']);
      // next@1 again (a duplicate by now), next@2 twice: the second finds the step taken.
      expect(await drainContinuations(w)).toBe(3);
      expect(names(w.sent).filter((name) => name === '5')).toHaveLength(1);

      const units = w.sent.filter((message) => !isPlanContinuation(message));
      await consumeBillingUnits(
        w.deps,
        units.map((unit, index) => aRecord(unit, 3, `u-${index}`)),
      );
      expect(w.finished).toHaveLength(1);
      expect(w.finished[0]).toMatchObject({ planned: 5, summary: { customersChecked: 5 } });
    });

    it('leaves a continuation naming a run it cannot read to its receives', async () => {
      const w = await paged();
      const response = await consumeBillingUnits(w.deps, [
        aRecord({
          kind: 'plan-next',
          partnerId: 'acme',
          runId: 'r',
          startedAt: now().toISOString(),
          step: 0,
          cursor: 'x',
          queued: 0,
        }),
      ]);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
      expect(w.sent).toEqual([]);
    });
  });

  describe('consuming units', () => {
    const planned = async () => {
      const w = world();
      await w.usage.registerCustomer('acme', {
        customerId: '1',
        customerName: 'c1',
        lastUsageAt: now().toISOString(),
        accountId: 'EFS101',
      });
      await planSweep(w.deps, 'schedule');
      return w;
    };

    it('sends a unit back with its own visibility while ConnectWise is down, recording nothing', async () => {
      const { deps, sent, reports, delays } = await planned();
      const response = await consumeBillingUnits(deps, [aRecord(sent[0], 2)]);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
      expect(delays).toEqual([{ receiptHandle: 'rh-m-1', seconds: 10 }]);
      expect(await reports.customerResults(sent[0] as BillingUnit)).toEqual([]);
    });

    it('records the customer as an error on its last receive, and that finishes the run', async () => {
      const { deps, sent, finished } = await planned();
      const response = await consumeBillingUnits(deps, [aRecord(sent[0], 3)]);
      expect(response.batchItemFailures).toEqual([]);
      expect(finished).toHaveLength(1);
      expect(finished[0]?.summary).toMatchObject({ customersChecked: 1, errors: 1 });
      expect(finished[0]?.summary.needsAttention[0]?.error).toContain('ConnectWise answered 503');
    });

    it('does not count a redelivered unit twice nor finish the run twice', async () => {
      const { deps, sent, finished } = await planned();
      await consumeBillingUnits(deps, [aRecord(sent[0], 3)]);
      const again = await consumeBillingUnits(deps, [aRecord(sent[0], 3, 'm-2')]);
      expect(again.batchItemFailures).toEqual([]);
      expect(finished).toHaveLength(1);
    });

    it("reads the partner's configuration once per batch, and again for the next batch", async () => {
      const w = world();
      for (const customerId of ['1', '2', '3']) {
        await w.usage.registerCustomer('acme', {
          customerId,
          customerName: `c${customerId}`,
          lastUsageAt: now().toISOString(),
          accountId: `EFS${customerId}01`,
        });
      }
      await planSweep(w.deps, 'schedule');
      const reads = vi.spyOn(w.deps.partners, 'getConfig');
      const records = w.sent.map((unit, index) => aRecord(unit, 3, `m-${index}`));

      await consumeBillingUnits(w.deps, records.slice(0, 2));
      expect(reads).toHaveBeenCalledTimes(1);
      await consumeBillingUnits(w.deps, records.slice(2));
      expect(reads).toHaveBeenCalledTimes(2);
      expect(w.finished[0]?.summary).toMatchObject({ customersChecked: 3 });
    });

    it('leaves an unreadable message to its receives and the dead-letter queue', async () => {
      const { deps, delays } = await planned();
      const response = await consumeBillingUnits(deps, [aRecord('not json')]);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
      expect(delays).toEqual([]);
    });
  });
});
