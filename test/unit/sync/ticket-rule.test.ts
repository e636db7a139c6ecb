import { describe, expect, it } from 'vitest';
import type { NotificationRule } from '../../../shared/domain/partner-config.js';
import type { EventType, Severity } from '../../../shared/domain/portal-event.js';
import { planTicketAction } from '../../../shared/domain/ticket-plan.js';
import { matchTicketRule } from '../../../shared/domain/ticket-rule.js';

const warningsAndErrors: NotificationRule = {
  action: 'ticket',
  severities: ['warning', 'error'],
  eventTypes: 'all',
};
const hardwareOnly: NotificationRule = {
  action: 'ticket',
  severities: ['error'],
  eventTypes: ['hardware.failed'],
};
const syncEverything: NotificationRule = {
  action: 'sync',
  severities: ['info', 'warning', 'error'],
  eventTypes: 'all',
};

describe('matchTicketRule', () => {
  describe.each<[string, NotificationRule[], EventType, Severity, number | undefined]>([
    ['warning/error for all types, error backup', [warningsAndErrors], 'backup.failed', 'error', 0],
    ['warning/error for all types, warning archive', [warningsAndErrors], 'archive.failed', 'warning', 0],
    ['warning/error for all types, info event', [warningsAndErrors], 'backup.completed', 'info', undefined],
    ['hardware-only rule, hardware error', [hardwareOnly], 'hardware.failed', 'error', 0],
    ['hardware-only rule, backup error', [hardwareOnly], 'backup.failed', 'error', undefined],
    ['hardware-only rule, hardware warning', [hardwareOnly], 'hardware.failed', 'warning', undefined],
    ['a sync rule never opens a ticket', [syncEverything], 'backup.failed', 'error', undefined],
    [
      'first matching ticket rule wins',
      [syncEverything, hardwareOnly, warningsAndErrors],
      'hardware.failed',
      'error',
      1,
    ],
    [
      'later rule matches when earlier does not',
      [hardwareOnly, warningsAndErrors],
      'backup.missed',
      'warning',
      1,
    ],
    ['no rules at all', [], 'backup.failed', 'error', undefined],
  ])('%s', (_name, rules, type, severity, expected) => {
    it(expected === undefined ? 'matches no rule' : `matches rule #${expected}`, () => {
      expect(matchTicketRule(rules, { type, severity })?.index).toBe(expected);
    });
  });
});

describe('planTicketAction', () => {
  const event = (type: EventType, severity: Severity) =>
    ({ type, severity }) as Parameters<typeof planTicketAction>[0];

  it('resolves on a completed backup when auto-resolve is on', () => {
    expect(
      planTicketAction(event('backup.completed', 'info'), { autoResolveTickets: true }, [warningsAndErrors]),
    ).toEqual({ kind: 'resolve', match: undefined });
  });

  it('does nothing for a completed backup when auto-resolve is off', () => {
    expect(
      planTicketAction(event('backup.completed', 'info'), { autoResolveTickets: false }, [warningsAndErrors]),
    ).toEqual({ kind: 'none' });
  });

  it('opens a ticket for a failure that matches a rule', () => {
    const plan = planTicketAction(event('backup.failed', 'error'), { autoResolveTickets: true }, [
      warningsAndErrors,
    ]);
    expect(plan).toMatchObject({ kind: 'open', match: { index: 0 } });
  });
});
