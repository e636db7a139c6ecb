import { cond } from '../../connectwise/conditions.js';
import type {
  CatalogItem,
  ManagedDevicesIntegration,
  ManagementItSolution,
} from '../../connectwise/types.js';
import type { ConnectWiseApi } from '../../ports/connectwise.js';
import type {
  IntegrationInfo,
  ManagementSolutionInfo,
  ProductInfo,
  SetupGateway,
} from '../../ports/setup-gateway.js';

/** Product ids asked for in one `in (…)` condition: keeps the query string short. */
const productsPerRequest = 50;

/** The setup records the doctor checks, through the ConnectWise REST API (GETs only). */
export class ConnectWiseSetupGateway implements SetupGateway {
  constructor(private readonly api: ConnectWiseApi) {}

  async checkAccess(): Promise<void> {
    await this.api.get('/system/info');
  }

  async findManagementSolutions(name: string): Promise<ManagementSolutionInfo[]> {
    const solutions = await this.api.list<ManagementItSolution>('/company/managementItSolutions', {
      conditions: cond.or(cond.eq('name', name), cond.eq('managementSolutionName', name)).toString(),
      fields: 'id,name,managementItSolutionType,managementSolutionName',
      limit: 10,
    });
    return solutions.map((solution) => ({
      id: Number(solution.id),
      name: solution.name,
      type: solution.managementItSolutionType ?? undefined,
      customName: solution.managementSolutionName ?? undefined,
    }));
  }

  async findIntegrations(managementSolutionName: string): Promise<IntegrationInfo[]> {
    const integrations = await this.api.list<ManagedDevicesIntegration>(
      '/company/managedDevicesIntegrations',
      {
        conditions: cond
          .or(cond.eq('solution', managementSolutionName), cond.eq('name', managementSolutionName))
          .toString(),
        fields:
          'id,name,solution,loginBy,defaultBillingLevel,matchOnSerialNumberFlag,disableNewCrossReferencesFlag',
        limit: 10,
      },
    );
    return integrations.map((integration) => ({
      id: Number(integration.id),
      name: integration.name,
      solution: integration.solution ?? undefined,
      loginBy: integration.loginBy ?? undefined,
      defaultBillingLevel: integration.defaultBillingLevel ?? undefined,
      matchOnSerialNumber: integration.matchOnSerialNumberFlag === true,
      disableNewCrossReferences: integration.disableNewCrossReferencesFlag === true,
    }));
  }

  async listProducts(ids: readonly number[]): Promise<ProductInfo[]> {
    const unique = [...new Set(ids)];
    const products: ProductInfo[] = [];
    for (let start = 0; start < unique.length; start += productsPerRequest) {
      const items = await this.api.list<CatalogItem>('/procurement/catalog', {
        conditions: cond.in('id', unique.slice(start, start + productsPerRequest)).toString(),
        fields: 'id,identifier,priceAttribute',
      });
      for (const item of items) {
        products.push({
          id: Number(item.id),
          identifier: item.identifier,
          priceAttribute: item.priceAttribute ?? undefined,
        });
      }
    }
    return products;
  }
}
