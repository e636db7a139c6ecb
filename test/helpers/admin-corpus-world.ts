import { randomUUID } from 'node:crypto';
import { usedSecret } from './test-secrets.js';

/**
 * The world the admin API corpus runs in (test/integration/admin-corpus.test.ts): ids unique to
 * the run, the partner's secrets, and the shape of a case. The test sets it up before the corpus.
 */

export const runId = randomUUID().slice(0, 8);
export const partnerId = `corpus-${runId}`;
export const otherPartnerId = `corpus-${runId}-other`;
export const unknownPartnerId = `corpus-${runId}-unknown`;
export const newPartnerId = `corpus-${runId}-new`;
export const accountId = `ACC${runId}`;
/** Configured by the corpus's valid requests. */
export const createdPartnerId = `corpus-${runId}-created`;
export const storedEventId = `evt-${runId}-stored`;
export const sharedEventId = `evt-${runId}-shared`;
export const publicKey = usedSecret(`corpus-public-${randomUUID()}`);
export const privateKey = usedSecret(`corpus-private-${randomUUID()}`);
export const webhookSecret = usedSecret(`corpus-whsec-${randomUUID()}`);
/** The partner's secrets: no answer may contain them. */
export const partnerSecrets = [publicKey, privateKey, webhookSecret];

/** Cursors the API issued during setup, for requests that reuse them where they do not belong. */
export const issued = { partnerEventsCursor: '', auditCursor: '' };

/** One request of the corpus and the one answer it must get. */
export interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  /** A function when it holds a cursor issued during setup; `TOKEN` stands for the admin token. */
  readonly query?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** The Authorization header, given the admin token; `Bearer <token>` unless set, none when null. */
  readonly authorization?: ((token: string) => string) | null;
  /**
   * More headers (`TOKEN` stands for the admin token); a body goes as `application/json` unless
   * `content-type` is set here, or set to undefined to send none.
   */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly base64?: boolean;
  /** An IAM identity attached as API Gateway's IAM authorizer would. */
  readonly iam?: boolean;
  readonly status: number;
  /** A field the problem's `errors` must name (every expected 400 names one). */
  readonly field?: string;
  /** The `Allow` header of a 405. */
  readonly allow?: string;
  /** The route template the request reaches once authenticated: a change leaves an audit entry. */
  readonly route?: string;
  /** What a 2xx answer must hold. */
  readonly answer?: Record<string, unknown>;
}

/** The admin API's route templates, as the audit trail names them. */
export const route = {
  partners: '/v1/admin/partners',
  partner: '/v1/admin/partners/{partnerId}',
  webhookSecret: '/v1/admin/partners/{partnerId}/webhook-secret',
  notifications: '/v1/admin/partners/{partnerId}/notifications',
  doctor: '/v1/admin/partners/{partnerId}/doctor',
  preview: '/v1/admin/partners/{partnerId}/billing/preview',
  sweep: '/v1/admin/partners/{partnerId}/billing/sweep',
  reports: '/v1/admin/partners/{partnerId}/billing/reports',
  events: '/v1/admin/accounts/{accountId}/events',
  reprocess: '/v1/admin/events/{eventId}/reprocess',
  audit: '/v1/admin/audit',
  dlq: '/v1/admin/dlq',
  redrive: '/v1/admin/dlq/redrive',
} as const;

export const json = (value: unknown) => JSON.stringify(value);
export const partnerPath = `/v1/admin/partners/${partnerId}`;
export const notificationsPath = `${partnerPath}/notifications`;
export const eventsPath = `/v1/admin/accounts/${accountId}/events`;
export const masked = '********';
export const rules = [{ action: 'ticket', severities: ['warning', 'error'], eventTypes: 'all' }];

export const aPartnerBody = (): Record<string, unknown> => ({
  connectWise: {
    siteUrl: 'https://api-na.myconnectwise.net',
    companyId: 'acme',
    clientId: 'client-123',
    managementSolutionName: 'Backup Portal',
    publicKey,
    privateKey,
  },
  webhookSecret,
  settings: { updateBackupStatistics: true, updateInvoiceDescriptions: false, ticketBoard: 'Help Desk' },
  serviceCatalogue: [{ service: 'Cloud Backup', billing: 'storage', vendorType: 'BDR' }],
});

/** A partner body with the value at `path` (dot-separated) replaced, or removed when undefined. */
export const withValue = (path: string, value: unknown): Record<string, unknown> => {
  const body = aPartnerBody();
  const keys = path.split('.');
  let holder = body;
  for (const key of keys.slice(0, -1)) {
    holder[key] ??= {};
    holder = holder[key] as Record<string, unknown>;
  }
  const last = keys.at(-1) ?? '';
  if (value === undefined) delete holder[last];
  else holder[last] = value;
  return body;
};

/** The entry of `list` at `index`, counting round. */
export const cycle = <T>(list: readonly T[], index: number): T => {
  const item = list[index % list.length];
  if (item === undefined) throw new Error('cycle over an empty list');
  return item;
};
