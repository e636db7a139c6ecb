import { DEMO_BOARDS, DEMO_INTEGRATION, DEMO_MANAGEMENT_SOLUTION } from '../cw-simulator/demo-seed.js';
import { startConnectWiseSimulator } from '../cw-simulator/server.js';
import type { ServiceCatalogueEntry } from '../shared/domain/partner-config.js';
import type { DemoTenant } from './seed-demo-partner.js';

/** The running simulator and the tenant the demo partner is configured against. */
export interface RunningDemoTenant {
  readonly url: string;
  readonly tenant: DemoTenant;
  stop(): Promise<void>;
}

// The portal names its services after the integration's vendor types; BDR is billed per GB of
// cloud storage and workstation backup per protected device, as the seed's products say.
const billingOf = (vendorType: string): ServiceCatalogueEntry['billing'] =>
  vendorType === 'BDR' ? 'storage' : 'devices';

/** The service catalogue matching the seed's managed-devices cross-references. */
export const demoServiceCatalogue: readonly ServiceCatalogueEntry[] = DEMO_INTEGRATION.crossReferences.map(
  (reference) => ({
    service: reference.vendorType,
    billing: billingOf(reference.vendorType),
    vendorType: reference.vendorType,
    vendorLevel: 'Default',
  }),
);

/**
 * Starts the ConnectWise simulator with its demo seed and describes that tenant the way a partner
 * configuration needs it: keys from the simulator (CW_SIM_* or its defaults), names and
 * cross-references from the seed's constants, so the two never disagree.
 */
export const startDemoTenant = async (options: {
  port: number;
  host: string;
}): Promise<RunningDemoTenant> => {
  const simulator = await startConnectWiseSimulator({ port: options.port, host: options.host, seed: 'demo' });
  return {
    url: simulator.url,
    stop: () => simulator.stop(),
    tenant: {
      siteUrl: simulator.url,
      companyId: simulator.credentials.companyId,
      clientId: simulator.credentials.clientId,
      publicKey: simulator.credentials.publicKey,
      privateKey: simulator.credentials.privateKey,
      managementSolutionName: DEMO_MANAGEMENT_SOLUTION.name,
      ticketBoard: DEMO_BOARDS.backupAlerts.name,
      serviceCatalogue: demoServiceCatalogue,
    },
  };
};
