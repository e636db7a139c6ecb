import { describe, expect, it } from 'vitest';
import { mergeDoctorPages } from '../../../cli/commands/doctor.js';
import type { DoctorFinding, DoctorReport } from '../../../shared/operations/doctor.js';

const finding = (check: string, status: DoctorFinding['status'], extra: Partial<DoctorFinding> = {}) => ({
  check,
  status,
  detail: `${check} ${status}`,
  fix: 'nothing to do',
  ...extra,
});

const page = (findings: DoctorFinding[], customers: DoctorReport['customers']): DoctorReport => ({
  partnerId: 'demo',
  checkedAt: '2026-12-02T00:00:00.000Z',
  status: 'ok',
  findings,
  customers,
});

describe('mergeDoctorPages', () => {
  it("keeps the first page's partner checks once, every page's customer findings, and a later page's stop", () => {
    const first = page(
      [
        finding('management-solution', 'ok'),
        finding('managed-id-order', 'warn', { customerId: '1' }),
        finding('customers', 'warn'),
      ],
      { checked: 100, complete: false, nextCursor: '100' },
    );
    const second = page(
      [
        finding('management-solution', 'ok'),
        finding('addition-serial-number', 'fail', { customerId: '101' }),
        finding('connectwise-reachable', 'fail'),
      ],
      { checked: 0, complete: false },
    );

    const merged = mergeDoctorPages([first, second]);

    expect(merged.findings.map((f) => [f.check, f.status, f.customerId])).toEqual([
      ['management-solution', 'ok', undefined],
      ['managed-id-order', 'warn', '1'],
      ['addition-serial-number', 'fail', '101'],
      ['connectwise-reachable', 'fail', undefined],
    ]);
    expect(merged.status).toBe('fail');
    // The second page stopped without a cursor: the run resumes where that page was asked to start.
    expect(merged.customers).toEqual({ checked: 100, complete: false, nextCursor: '100' });
  });
});
