import type { NotificationRule, PartnerConfig } from '../../shared/domain/partner-config.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import type { DeliveryFailure, EventStore } from '../../shared/ports/event-store.js';
import type { PartnerRepository } from '../../shared/ports/partner-repository.js';
import type { SyncRecordDeps, SyncRecordInput } from '../../shared/sync/process-sync-record.js';
import {
  FakeBillingGateway,
  FakeCompanyDirectory,
  FakeManagedIdGateway,
  FakeSetupGateway,
  FakeTicketGateway,
  InMemoryEventLog,
  InMemoryLocks,
  InMemoryStateCache,
  InMemorySyncWindow,
  InMemoryUsageStore,
  inMemoryRunOnce,
  RecordingSyncQueue,
  RecordingVisibility,
} from './sync-fakes.js';

/** A partner of the fake world: Acme (customer 19652) lives on company 9 under solution 7. */
export const aFakePartner = (overrides: Partial<PartnerConfig['settings']> = {}): PartnerConfig => ({
  partnerId: 'demo',
  connectWise: {
    siteUrl: 'https://na.myconnectwise.net',
    companyId: 'demo',
    clientId: 'client',
    managementSolutionName: 'Axcient BDR',
  },
  settings: {
    updateBackupStatistics: true,
    updateInvoiceDescriptions: false,
    ticketBoard: 'Backup Alerts',
    autoResolveTickets: false,
    ...overrides,
  },
  serviceCatalogue: [],
});

/**
 * `processSyncRecord`'s dependencies over in-memory fakes of every port, with the handles a test
 * inspects. Events passed to `recordOf` are stored first, as ingest would.
 */
export const aFakeSyncWorld = (options: { partner: PartnerConfig; rules: readonly NotificationRule[] }) => {
  const stored = new Map<string, PortalEvent>();
  const failures = new Map<string, DeliveryFailure>();
  const events: EventStore = {
    putIfAbsent: async () => 'stored',
    get: async (_partnerId, eventId) => {
      const event = stored.get(eventId);
      return event && { event, rawBody: '{}', receivedAt: event.occurredAt };
    },
    findByEventId: async () => [],
    noteFailure: async (partnerId, eventId, failure) => {
      failures.set(`${partnerId}|${eventId}`, failure);
    },
  };
  const partners: PartnerRepository = {
    getConfig: async () => options.partner,
    putConfig: async () => undefined,
    getRules: async () => [...options.rules],
    putRules: async () => undefined,
    listPartnerIds: async () => [options.partner.partnerId],
  };
  const gateways = {
    tickets: new FakeTicketGateway(),
    directory: new FakeCompanyDirectory([
      { id: 9, identifier: 'Acme', name: 'Acme', managedIds: ['EFS-19652'] },
    ]),
    managedIds: new FakeManagedIdGateway(),
    billing: new FakeBillingGateway(),
    setup: new FakeSetupGateway(),
  };
  const clock = { now: new Date('2026-11-28T10:01:00Z') };
  let connects = 0;
  const deps: SyncRecordDeps = {
    events,
    partners,
    eventLog: new InMemoryEventLog(),
    visibility: new RecordingVisibility(),
    runOnce: inMemoryRunOnce(),
    cache: new InMemoryStateCache(),
    markers: new InMemoryStateCache(),
    locks: new InMemoryLocks(),
    usage: new InMemoryUsageStore(),
    window: new InMemorySyncWindow(),
    dataSyncWindowSeconds: 12 * 3600,
    connectWise: async () => {
      connects += 1;
      return gateways;
    },
    remainingSeconds: () => 100,
    now: () => clock.now,
    random: () => 0.5,
    retryBackoff: { baseSeconds: 2, maxSeconds: 300 },
    requeue: new RecordingSyncQueue(),
    deferral: { baseSeconds: 5, maxSeconds: 900, toleranceSeconds: 13 * 86_400 },
  };
  const put = (event: PortalEvent) => {
    stored.set(event.eventId, event);
    return event;
  };
  const recordOf = (
    event: PortalEvent,
    extra: { receiveCount?: number; force?: boolean } = {},
  ): SyncRecordInput => {
    put(event);
    return {
      body: JSON.stringify({ partnerId: event.partnerId, eventId: event.eventId, force: extra.force }),
      receiveCount: extra.receiveCount ?? 1,
      receiptHandle: `rh-${event.eventId}`,
    };
  };
  return {
    deps,
    ...gateways,
    eventLog: deps.eventLog as InMemoryEventLog,
    visibility: deps.visibility as RecordingVisibility,
    requeue: deps.requeue as RecordingSyncQueue,
    locks: deps.locks as InMemoryLocks,
    usage: deps.usage as InMemoryUsageStore,
    window: deps.window as InMemorySyncWindow,
    clock,
    put,
    recordOf,
    /** Failures noted on stored events, by `partnerId|eventId`. */
    failures,
    connects: () => connects,
  };
};
