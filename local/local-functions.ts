import type { HttpLambdaHandler } from './http-gateway.js';
import type { SqsLambdaHandler } from './queue-poller.js';
import type { ScheduledLambdaHandler } from './scheduler.js';

/** The bridge's Lambda handlers, as the local runtime invokes them. */
export interface LocalFunctions {
  readonly ingest: HttpLambdaHandler;
  readonly admin: HttpLambdaHandler;
  readonly sync: SqsLambdaHandler;
  readonly billingSweep: ScheduledLambdaHandler;
  /** The same billing-sweep handler, as the billing queue's event source invokes it. */
  readonly billingUnits: SqsLambdaHandler;
}

/** Lambda timeouts of the CDK stack, so handlers see the same budget locally. */
export { functionTimeoutSeconds } from '../shared/resources.js';

/**
 * Imports the real handler modules. Called only after the environment points at moto: handlers
 * read their configuration and build their AWS clients when the module loads.
 */
export const importFunctions = async (): Promise<LocalFunctions> => {
  const [ingest, admin, sync, billingSweep] = await Promise.all([
    import('../functions/ingest/handler.js'),
    import('../functions/admin/handler.js'),
    import('../functions/sync/handler.js'),
    import('../functions/billing-sweep/handler.js'),
  ]);
  return {
    ingest: ingest.handler as HttpLambdaHandler,
    admin: admin.handler as HttpLambdaHandler,
    sync: sync.handler as SqsLambdaHandler,
    billingSweep: billingSweep.handler as ScheduledLambdaHandler,
    billingUnits: billingSweep.handler as SqsLambdaHandler,
  };
};
