import { describe, expectTypeOf, it } from 'vitest';
import type {
  AgreementAddition,
  BoardStatus,
  CompanyManagementSummary,
  NewRecord,
  Ticket,
} from '../../../shared/connectwise/types.js';

// Checked by `tsc` (part of `npm test`): a type drifting from the 2025.1 spec fails the build.
describe('ConnectWise types generated from the 2025.1 spec', () => {
  it('requires what ConnectWise requires to create a ticket', () => {
    expectTypeOf<NewRecord<Ticket>>().toHaveProperty('summary').toEqualTypeOf<string>();
    // @ts-expect-error company is required by the spec
    const missingCompany: NewRecord<Ticket> = { summary: 'Backup failed' };
    expectTypeOf(missingCompany).not.toBeAny();
  });

  it('knows escalationStatus and not the retired externalIntegrationXref on board statuses', () => {
    expectTypeOf<NonNullable<BoardStatus['escalationStatus']>>().toEqualTypeOf<
      'NotResponded' | 'Responded' | 'ResolutionPlan' | 'Resolved' | 'NoEscalation'
    >();
    expectTypeOf<BoardStatus>().not.toHaveProperty('externalIntegrationXref');
  });

  it('types Managed IDs and additions with their spec enums', () => {
    expectTypeOf<CompanyManagementSummary['groupIdentifier']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<AgreementAddition['billCustomer']>>().toEqualTypeOf<
      'Billable' | 'DoNotBill' | 'NoCharge'
    >();
  });
});
