import { demoServiceCatalogue } from '../local/demo-tenant.js';
import type { NotificationRule } from '../shared/domain/partner-config.js';
import type { PortalEvent } from '../shared/domain/portal-event.js';
import { aPortalEvent } from '../test/helpers/portal-events.js';
import {
  addSyncPartner,
  type SyncEnvironment,
  startSyncEnvironment,
  ticketRules,
} from '../test/helpers/sync-environment.js';
import { anSqsEvent, aSyncRecord, storeEvent } from '../test/helpers/sync-events.js';
import { type Benchmark, reportFigure } from './harness.js';

/** Long enough for the timed sync to fall outside the window the warm-up sync claimed. */
const windowSeconds = 2;

const syncRules: NotificationRule[] = [
  { action: 'sync', severities: ['info', 'warning', 'error'], eventTypes: 'all' },
];

/** The ConnectWise requests one event's sync record made (codebase discovery left out). */
const callsOf = async (environment: SyncEnvironment, event: PortalEvent): Promise<number> => {
  await storeEvent(environment.eventStore, event);
  const mark = environment.journalMark();
  const result = await environment.invoke(anSqsEvent(aSyncRecord(event)));
  if (result.batchItemFailures.length > 0) throw new Error(`the sync of ${event.eventId} failed`);
  const calls = environment.requestsSince(mark).filter((entry) => !entry.path.startsWith('/login/'));
  // BENCH_VERBOSE=1 lists each request, to see where a figure comes from.
  if (process.env.BENCH_VERBOSE)
    for (const call of calls) console.log(`    ${call.method} ${call.path} → ${call.status}`);
  return calls.length;
};

const account = (id: string, service = 'BDR') => ({ id, name: `Account ${id}`, service, plan: 'Default' });

/**
 * ConnectWise requests per event, from the simulator's journal, with the caches warm (an earlier
 * event of the same customer): every request spends the partner's ConnectWise budget.
 */
export const connectWiseCallsBenchmark: Benchmark = {
  name: 'connectwise-calls',
  run: async () => {
    const environment = await startSyncEnvironment({
      partnerId: 'bench-tickets',
      rules: ticketRules,
      functionEnv: { DATA_SYNC_WINDOW_SECONDS: String(windowSeconds) },
    });
    try {
      const stamp = Date.now();
      const tickets = (overrides: Partial<PortalEvent>) =>
        aPortalEvent({ partnerId: 'bench-tickets', ...overrides });

      const first = await callsOf(environment, tickets({ account: account(`B${stamp}A`) }));
      reportFigure('connectwise calls: first event of a new customer (ticket)', first, 'calls', 'report');
      const problem = tickets({ account: account(`B${stamp}B`) });
      reportFigure('connectwise calls: new problem', await callsOf(environment, problem), 'calls', '2');
      const repeat = tickets({ account: problem.account });
      reportFigure(
        'connectwise calls: repeat of an open problem',
        await callsOf(environment, repeat),
        'calls',
        '≤ 2',
      );

      await addSyncPartner(environment, 'bench-resolve', {
        rules: ticketRules,
        configure: (config) => ({ ...config, settings: { ...config.settings, autoResolveTickets: true } }),
      });
      const failure = aPortalEvent({ partnerId: 'bench-resolve', account: account(`R${stamp}`) });
      await callsOf(environment, failure);
      const completed = aPortalEvent({
        partnerId: 'bench-resolve',
        account: failure.account,
        type: 'backup.completed',
        severity: 'info',
        message: 'Backup completed',
      });
      reportFigure('connectwise calls: auto-resolve', await callsOf(environment, completed), 'calls', '≤ 3');

      await addSyncPartner(environment, 'bench-sync', {
        rules: syncRules,
        configure: (config) => ({ ...config, serviceCatalogue: [...demoServiceCatalogue] }),
      });
      const usage = (id: string, service: string, storageGb: number, workstations: number) =>
        aPortalEvent({
          partnerId: 'bench-sync',
          type: 'backup.completed',
          severity: 'info',
          account: account(id, service),
          // Each snapshot newer than the last: an older one would not replace it.
          occurredAt: new Date().toISOString(),
          stats: { ...aPortalEvent().stats, storageGb, workstations, servers: 0 } as PortalEvent['stats'],
        });
      const storage = `S${stamp}`;
      const firstSync = await callsOf(environment, usage(storage, 'BDR', 100, 0));
      reportFigure('connectwise calls: first data sync of a new customer', firstSync, 'calls', 'report');
      const inWindow = await callsOf(environment, usage(`W${stamp}`, 'Workstation Backup', 0, 3));
      reportFigure('connectwise calls: event inside the 12-hour window', inWindow, 'calls', '0');
      await new Promise((resolve) => setTimeout(resolve, (windowSeconds + 0.5) * 1000));
      const twoChanged = await callsOf(environment, usage(storage, 'BDR', 200, 0));
      reportFigure(
        'connectwise calls: data sync with 2 changed additions (and both Managed ID records)',
        twoChanged,
        'calls',
        '≤ 2 + 2',
      );
    } finally {
      await environment.stop();
    }
  },
};
