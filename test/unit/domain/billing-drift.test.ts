import { describe, expect, it } from 'vitest';
import { classifyBillingDrift } from '../../../shared/domain/billing-drift.js';
import type { ExpectedLine } from '../../../shared/domain/billing-plan.js';
import type { AdditionRecord, AgreementSummary } from '../../../shared/ports/billing-gateway.js';
import {
  aLine,
  anAddition,
  anAgreement,
  aSerialNumber as serialNumber,
} from '../../helpers/billing-factories.js';
import { anAccountUsage } from '../../helpers/usage-factories.js';

const now = '2026-12-01T00:00:00Z';

const classify = (input: {
  additions?: AdditionRecord[];
  agreements?: AgreementSummary[];
  lines?: ExpectedLine[];
}) =>
  classifyBillingDrift({
    lines: input.lines ?? [aLine()],
    unbilled: [],
    agreements: input.agreements ?? [anAgreement()],
    additions: input.additions ?? [
      anAddition({ quantity: 152.4, invoiceDescription: aLine().invoiceDescription }),
    ],
    serialNumber,
    updateInvoiceDescriptions: true,
    now,
  });

const classesOf = (result: ReturnType<typeof classify>) =>
  result.findings.map((finding) => finding.driftClass);

describe('classifyBillingDrift', () => {
  it('finds nothing when the addition bills what the usage says', () => {
    const result = classify({});
    expect(result.findings).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(result.unchanged).toBe(1);
  });

  it('classifies an edited quantity and description as corrections, recording old and new', () => {
    const result = classify({ additions: [anAddition({ quantity: 999, invoiceDescription: 'by hand' })] });
    expect(classesOf(result)).toEqual(['quantity', 'description']);
    expect(result.findings[0]).toMatchObject({ from: 999, to: 152.4, additionIds: [70], agreementId: 7 });
    expect(result.changes).toEqual([
      expect.objectContaining({
        additionId: 70,
        update: { quantity: 152.4, invoiceDescription: aLine().invoiceDescription },
      }),
    ]);
  });

  it('reports a missing addition and changes nothing', () => {
    const result = classify({ additions: [] });
    expect(classesOf(result)).toEqual(['missing-addition']);
    expect(result.findings[0]?.detail).toContain('Serial Number EFS-19652');
    expect(result.changes).toEqual([]);
  });

  it('reports duplicates with both ids and touches neither', () => {
    const result = classify({
      additions: [anAddition({ quantity: 1 }), anAddition({ id: 71, quantity: 2 })],
    });
    expect(classesOf(result)).toEqual(['duplicate-additions']);
    expect(result.findings[0]?.additionIds).toEqual([70, 71]);
    expect(result.changes).toEqual([]);
  });

  it.each([
    ['cancelled', anAgreement({ cancelled: true })],
    ['ended', anAgreement({ endDate: '2026-10-31T00:00:00Z' })],
  ])('skips and reports an addition on a %s agreement', (_state, agreement) => {
    const result = classify({ agreements: [agreement], additions: [anAddition({ quantity: 1 })] });
    expect(classesOf(result)).toEqual(['agreement-closed']);
    expect(result.findings[0]).toMatchObject({ agreementId: 7, additionIds: [70] });
    expect(result.changes).toEqual([]);
  });

  it('corrects the addition on the open agreement when a closed one holds an old copy', () => {
    const result = classify({
      agreements: [anAgreement({ id: 6, cancelled: true }), anAgreement()],
      additions: [
        anAddition({ id: 60, agreementId: 6, quantity: 1 }),
        anAddition({ quantity: 3, invoiceDescription: aLine().invoiceDescription }),
      ],
    });
    expect(classesOf(result)).toEqual(['quantity']);
    expect(result.changes.map((change) => change.additionId)).toEqual([70]);
  });

  it('reports accounts without a cross-reference', () => {
    const result = classifyBillingDrift({
      lines: [],
      unbilled: [
        { account: anAccountUsage(), reason: 'no-cross-reference', vendorType: 'BDR', vendorLevel: 'Cloud' },
      ],
      agreements: [],
      additions: [],
      serialNumber,
      updateInvoiceDescriptions: false,
      now,
    });
    expect(classesOf(result)).toEqual(['no-cross-reference']);
  });
});
