/**
 * The one description of every stateful resource the bridge owns. The CDK stateful stack builds
 * its tables and queues from it, and the local stack provisions the same tables and queues in
 * moto_server from it, so names, keys and queue settings never drift between the two.
 */

/** A DynamoDB key attribute: all keys in the bridge are strings. */
export interface KeySpec {
  readonly name: string;
}

/** A global secondary index that projects every attribute. */
export interface IndexSpec {
  readonly indexName: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
}

/** One DynamoDB table: its logical id in CDK, the env var that carries its name, keys and TTL. */
export interface TableSpec {
  readonly id: string;
  /** Physical name used by the local stack (CDK lets CloudFormation name tables). */
  readonly localName: string;
  readonly envVar: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  readonly timeToLiveAttribute: string;
  readonly indexes: readonly IndexSpec[];
}

export const tables = {
  /** Raw portal events keyed by partner + eventId: the record of what was accepted. */
  events: {
    id: 'EventsTable',
    localName: 'cwbridge-events',
    envVar: 'EVENTS_TABLE_NAME',
    partitionKey: { name: 'partnerId' },
    sortKey: { name: 'eventId' },
    timeToLiveAttribute: 'expiresAt',
    indexes: [{ indexName: 'byEventId', partitionKey: { name: 'eventId' } }],
  },
  /** Partner configuration and notification rules (secrets live in Secrets Manager). */
  partners: {
    id: 'PartnersTable',
    localName: 'cwbridge-partners',
    envVar: 'PARTNERS_TABLE_NAME',
    partitionKey: { name: 'pk' },
    sortKey: { name: 'sk' },
    timeToLiveAttribute: 'expiresAt',
    indexes: [],
  },
  /**
   * Caches (company mappings, board statuses, integration setup), the sync markers (ticket intents,
   * note attempts, sweep cursors), the usage state and the 12-hour data sync windows.
   */
  state: {
    id: 'StateTable',
    localName: 'cwbridge-state',
    envVar: 'STATE_TABLE_NAME',
    partitionKey: { name: 'pk' },
    sortKey: { name: 'sk' },
    timeToLiveAttribute: 'expiresAt',
    indexes: [],
  },
  /**
   * Per-account event log, newest first (sort key starts with the ISO time). Keyed by partner and
   * account (`pk` = `<partnerId>#<accountId>`), so one partner's events never land in the log
   * another partner's operator reads; `byAccount` lists an account id across partners, each entry
   * naming its partner.
   */
  eventLog: {
    id: 'EventLogTable',
    localName: 'cwbridge-event-log',
    envVar: 'EVENT_LOG_TABLE_NAME',
    partitionKey: { name: 'pk' },
    sortKey: { name: 'sk' },
    timeToLiveAttribute: 'expiresAt',
    indexes: [{ indexName: 'byAccount', partitionKey: { name: 'accountId' }, sortKey: { name: 'sk' } }],
  },
  /** Powertools idempotency records: the layout its DynamoDB persistence layer expects. */
  idempotency: {
    id: 'IdempotencyTable',
    localName: 'cwbridge-idempotency',
    envVar: 'IDEMPOTENCY_TABLE_NAME',
    partitionKey: { name: 'id' },
    timeToLiveAttribute: 'expiration',
    indexes: [],
  },
} as const satisfies Record<string, TableSpec>;

export type TableKey = keyof typeof tables;

/** The sync queue and its dead-letter queue. */
export const syncQueue = {
  id: 'SyncQueue',
  localName: 'cwbridge-sync',
  envVar: 'SYNC_QUEUE_URL',
  /** Events are pushed about a minute after they arrive (the portal's documented behaviour). */
  defaultDeliveryDelaySeconds: 60,
  /** Long enough for a batch that waits out a ConnectWise Retry-After inside the function. */
  visibilityTimeoutSeconds: 180,
  defaultMaxReceiveCount: 5,
  retentionDays: 4,
  deadLetter: {
    id: 'SyncDeadLetterQueue',
    localName: 'cwbridge-sync-dlq',
    envVar: 'SYNC_DLQ_URL',
    retentionDays: 14,
  },
} as const;

/**
 * The billing reconciliation's own queue: one message per (partner, customer) of a sweep. Apart
 * from the sync queue so a sweep of thousands of customers never stands in front of a partner's
 * ticket events, and so its consumer's concurrency (how much of a partner's ConnectWise pace the
 * sweep may take) is set on its own. Its dead-letter queue only takes messages that cannot be read:
 * a customer ConnectWise keeps refusing is reported as an error on its last receive.
 */
export const billingQueue = {
  id: 'BillingQueue',
  localName: 'cwbridge-billing',
  envVar: 'BILLING_QUEUE_URL',
  /** Above the billing-sweep function's timeout, as Lambda requires of an event source. */
  visibilityTimeoutSeconds: 660,
  maxReceiveCount: 8,
  retentionDays: 4,
  /** Customers a sweep run sends per page of its planning (env of the billing-sweep and admin functions). */
  planPageSizeEnvVar: 'BILLING_PLAN_PAGE_SIZE',
  deadLetter: {
    id: 'BillingDeadLetterQueue',
    localName: 'cwbridge-billing-dlq',
    envVar: 'BILLING_DLQ_URL',
    retentionDays: 14,
  },
} as const;

/** Secrets Manager names. Partner secrets are written by the admin API, one pair per partner. */
export const secrets = {
  prefix: 'cwbridge/',
  adminToken: { id: 'AdminTokenSecret', name: 'cwbridge/admin-token', envVar: 'ADMIN_TOKEN_SECRET_NAME' },
  /** Plain string secret; rotation keeps the old value as AWSPREVIOUS so both verify. */
  partnerWebhookSecretName: (partnerId: string): string => `cwbridge/partners/${partnerId}/webhook-secret`,
  /** JSON `{publicKey, privateKey}`. */
  partnerConnectWiseKeysName: (partnerId: string): string =>
    `cwbridge/partners/${partnerId}/connectwise-keys`,
  partnerSecretsPattern: 'cwbridge/partners/*',
  /**
   * ARN name patterns of one kind of partner secret (Secrets Manager appends `-` and six characters
   * to a name in its ARN), so a function can be granted one kind without the other.
   */
  partnerSecretPatterns: {
    webhookSecret: 'cwbridge/partners/*/webhook-secret-*',
    connectWiseKeys: 'cwbridge/partners/*/connectwise-keys-*',
  },
} as const;

/**
 * Lambda timeouts, seconds. The CDK functions get them and the local runtime hands its invocations
 * the same budget (`getRemainingTimeInMillis`). Sync stays below the queue's visibility timeout.
 */
export const functionTimeoutSeconds = { ingest: 30, admin: 30, sync: 120, billingSweep: 600 } as const;

/** Environment variables shared by every function. */
export const commonEnv = {
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

export const serviceName = 'cwbridge';
export const metricsNamespace = 'CwBridge';
