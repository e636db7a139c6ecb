import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../../local/lambda-context.js';
import { provisionResources } from '../../../local/provision.js';
import { toScheduledEvent } from '../../../local/scheduler.js';

type Handler = (
  event: ScheduledEvent,
  context: Context,
) => Promise<{ partnerCount: number; reconciledCount: number }>;
let handler: Handler;

const aPartner = (partnerId: string) => ({
  partnerId,
  connectWise: {
    siteUrl: 'https://na.myconnectwise.net',
    companyId: partnerId,
    clientId: 'client',
    managementSolutionName: 'Axcient BDR',
  },
  settings: {
    updateBackupStatistics: true,
    updateInvoiceDescriptions: false,
    ticketBoard: 'Backup Alerts',
    autoResolveTickets: false,
  },
  serviceCatalogue: [],
});

beforeAll(async () => {
  Object.assign(process.env, await provisionResources({ namePrefix: `bs${randomUUID().slice(0, 8)}-` }));
  const { documentClient } = await import('../../../shared/adapters/aws/clients.js');
  const { DynamoDbPartnerRepository } = await import(
    '../../../shared/adapters/aws/dynamodb-partner-repository.js'
  );
  const partners = new DynamoDbPartnerRepository(documentClient, process.env.PARTNERS_TABLE_NAME ?? '');
  await partners.putConfig(aPartner('acme-msp'));
  await partners.putConfig(aPartner('beta-msp'));
  await partners.putRules('beta-msp', [{ action: 'sync', severities: ['info'], eventTypes: 'all' }]);
  ({ handler } = (await import('../../../functions/billing-sweep/handler.js')) as { handler: Handler });
});

describe('billing-sweep handler', () => {
  describe('given two configured partners and a Scheduled Event', () => {
    it('counts each partner once and reports that nothing was reconciled yet', async () => {
      const result = await handler(
        toScheduledEvent('cwbridge-billing-sweep', 'us-east-1'),
        createLambdaContext({ functionName: 'billing-sweep', timeoutSeconds: 600 }),
      );
      expect(result).toEqual({ partnerCount: 2, reconciledCount: 0 });
    });
  });
});
