import type { BillingGateway } from './billing-gateway.js';
import type { CompanyDirectory } from './company-directory.js';
import type { ManagedIdGateway } from './managed-id-gateway.js';
import type { SetupGateway } from './setup-gateway.js';
import type { TicketGateway } from './ticket-gateway.js';

/** One partner's ConnectWise as the sync jobs see it; built only when a job needs it. */
export interface ConnectWiseGateways {
  readonly tickets: TicketGateway;
  readonly directory: CompanyDirectory;
  readonly managedIds: ManagedIdGateway;
  readonly billing: BillingGateway;
  /** The setup records only the doctor reads. */
  readonly setup: SetupGateway;
}
