import type { Node } from 'constructs';
import { type AdminAuthMode, adminAuthModes } from '../shared/admin/admin-auth.js';
import { defaultDataSyncWindowSeconds } from '../shared/domain/sync-window.js';
import { syncQueue } from '../shared/resources.js';
import {
  defaultAdminThrottle,
  defaultEventsThrottle,
  type RouteThrottle,
} from './constructs/bridge-http-api.js';

/** Deployment settings read from CDK context (`cdk.json` or `-c key=value`). */
export interface BridgeContext {
  /** SQS delivery delay of the sync queue, seconds (0–900). */
  readonly syncDelaySeconds: number;
  /** Receives before a sync record moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** At most one ConnectWise data sync per customer per this many seconds (the seed's 12 hours). */
  readonly dataSyncWindowSeconds: number;
  /** Throttle of `POST /v1/events` (context eventsRateLimit, eventsBurstLimit). */
  readonly eventsThrottle: RouteThrottle;
  /** Throttle of the admin API (context adminRateLimit, adminBurstLimit). */
  readonly adminThrottle: RouteThrottle;
  /** Where alarms are emailed; no topic is created when empty. */
  readonly alarmEmail: string | undefined;
  /**
   * Most concurrent sync invocations (the event source's maximum concurrency, 2–1000). Each
   * partner's pace holds whatever this is; it bounds how many partners are served at once.
   */
  readonly syncMaxConcurrency: number;
  /** Minutes a partner's ConnectWise circuit may stay open before the outage alarm fires. */
  readonly circuitOpenAlarmMinutes: number;
  /** How the admin API authenticates (context adminAuth): `token` (default) or `iam`. */
  readonly adminAuth: AdminAuthMode;
  /** Hours between billing sweeps (1–168, default 24). */
  readonly billingSweepIntervalHours: number;
  /** Customers reconciled at once across partners (the billing queue's maximum concurrency, 2–100). */
  readonly billingMaxConcurrency: number;
}

/** Raised when a context value cannot be used, naming the key. */
export class InvalidContextError extends Error {
  override readonly name = 'InvalidContextError';
}

const readInteger = (node: Node, key: string, fallback: number, min: number, max: number): number => {
  const raw: unknown = node.tryGetContext(key);
  // `-c key=value` arrives as a string, cdk.json as a number: accept both, reject anything else.
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidContextError(
      `context ${key} must be an integer from ${min} to ${max}, got ${String(raw)}`,
    );
  }
  return value;
};

const readAdminAuth = (node: Node): AdminAuthMode => {
  const raw: unknown = node.tryGetContext('adminAuth');
  if (raw === undefined || raw === '') return 'token';
  const mode = adminAuthModes.find((candidate) => candidate === raw);
  if (mode === undefined) {
    throw new InvalidContextError(
      `context adminAuth must be one of ${adminAuthModes.join(', ')}, got ${String(raw)}`,
    );
  }
  return mode;
};

/** Reads and validates the bridge's context once, at app construction. */
export const readBridgeContext = (node: Node): BridgeContext => {
  const alarmEmail: unknown = node.tryGetContext('alarmEmail');
  return {
    syncDelaySeconds: readInteger(node, 'syncDelaySeconds', syncQueue.defaultDeliveryDelaySeconds, 0, 900),
    maxReceiveCount: readInteger(node, 'maxReceiveCount', syncQueue.defaultMaxReceiveCount, 1, 1000),
    dataSyncWindowSeconds: readInteger(
      node,
      'dataSyncWindowSeconds',
      defaultDataSyncWindowSeconds,
      1,
      31 * 86_400,
    ),
    eventsThrottle: {
      rateLimit: readInteger(node, 'eventsRateLimit', defaultEventsThrottle.rateLimit, 1, 10_000),
      burstLimit: readInteger(node, 'eventsBurstLimit', defaultEventsThrottle.burstLimit, 1, 5000),
    },
    adminThrottle: {
      rateLimit: readInteger(node, 'adminRateLimit', defaultAdminThrottle.rateLimit, 1, 10_000),
      burstLimit: readInteger(node, 'adminBurstLimit', defaultAdminThrottle.burstLimit, 1, 5000),
    },
    alarmEmail: typeof alarmEmail === 'string' && alarmEmail.length > 0 ? alarmEmail : undefined,
    syncMaxConcurrency: readInteger(node, 'syncMaxConcurrency', 5, 2, 1000),
    circuitOpenAlarmMinutes: readInteger(node, 'circuitOpenAlarmMinutes', 30, 1, 24 * 60),
    adminAuth: readAdminAuth(node),
    billingSweepIntervalHours: readInteger(node, 'billingSweepIntervalHours', 24, 1, 168),
    billingMaxConcurrency: readInteger(node, 'billingMaxConcurrency', 2, 2, 100),
  };
};
