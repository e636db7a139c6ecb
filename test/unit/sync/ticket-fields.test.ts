import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../../shared/domain/portal-event.js';
import {
  recurrenceNoteOf,
  resolutionMarkerOf,
  resolutionNoteOf,
  resolvableFingerprintsOf,
  ticketDescriptionOf,
  ticketFingerprintOf,
  ticketSummaryOf,
  truncateText,
} from '../../../shared/domain/ticket-fields.js';
import { aPortalEvent } from '../../helpers/portal-events.js';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const account = (name: string, id = 'EFS123456789') => ({ id, name, service: 'BDR', plan: 'Cloud 1TB' });

describe('ticketSummaryOf', () => {
  it('names the problem and the account', () => {
    expect(
      ticketSummaryOf(aPortalEvent({ type: 'backup.failed', account: account('Head office server') })),
    ).toBe('Backup failed: Head office server (EFS123456789)');
  });

  it('keeps the account id whole when a long name is cut to 100 characters', () => {
    const summary = ticketSummaryOf(aPortalEvent({ account: account('x'.repeat(200)) }));
    expect(summary).toHaveLength(100);
    expect(summary).toMatch(/^Backup failed: x+… \(EFS123456789\)$/);
  });

  it('never exceeds 100 characters nor splits a character, whatever the names', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/),
        fc.constantFrom(...eventTypes),
        (name, id, type) => {
          const summary = ticketSummaryOf(aPortalEvent({ type, account: account(name, id) }));
          expect(summary.length).toBeLessThanOrEqual(100);
          expect(summary).not.toMatch(loneSurrogate);
          expect(summary).not.toMatch(/[\n\r\t]/);
        },
      ),
    );
  });

  it('puts a multi-line account name on one line', () => {
    expect(ticketSummaryOf(aPortalEvent({ account: account('Head\noffice\t"server"') }))).toBe(
      'Backup failed: Head office "server" (EFS123456789)',
    );
  });
});

describe('truncateText', () => {
  it('does not cut an emoji in half', () => {
    const cut = truncateText(`${'a'.repeat(8)}😀😀`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
    expect(cut).not.toMatch(loneSurrogate);
  });
});

describe('ticketFingerprintOf', () => {
  it('is readable and stable for the same partner, account and problem', () => {
    expect(ticketFingerprintOf('demo', 'EFS1', 'backup.failed')).toBe('cwb:demo:EFS1:backup.failed');
    expect(ticketFingerprintOf('demo', 'EFS1', 'backup.failed')).toBe(
      ticketFingerprintOf('demo', 'EFS1', 'backup.failed'),
    );
  });

  it('differs by partner, account and problem type', () => {
    const all = new Set([
      ticketFingerprintOf('demo', 'EFS1', 'backup.failed'),
      ticketFingerprintOf('other', 'EFS1', 'backup.failed'),
      ticketFingerprintOf('demo', 'EFS2', 'backup.failed'),
      ticketFingerprintOf('demo', 'EFS1', 'backup.missed'),
    ]);
    expect(all.size).toBe(4);
  });

  it('falls back to a hash within 100 characters for long ids, still distinct', () => {
    const long = 'A'.repeat(128);
    const first = ticketFingerprintOf('demo', long, 'hardware.failed');
    const second = ticketFingerprintOf('demo', `${long.slice(0, 127)}B`, 'hardware.failed');
    expect(first).toMatch(/^cwb:h:[0-9a-f]{64}$/);
    expect(first).not.toBe(second);
    expect(ticketFingerprintOf('demo', long, 'hardware.failed')).toBe(first);
  });

  it('stays within 100 characters for any valid ids', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/),
        fc.constantFrom(...eventTypes),
        (partner, accountId, type) => {
          expect(ticketFingerprintOf(partner, accountId, type).length).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('covers failed and missed backups when resolving after a completed backup', () => {
    expect(resolvableFingerprintsOf('demo', 'EFS1')).toEqual([
      'cwb:demo:EFS1:backup.failed',
      'cwb:demo:EFS1:backup.missed',
    ]);
  });
});

describe('ticket texts', () => {
  it('describes the event with customer, Managed ID, account and message', () => {
    const event = aPortalEvent();
    const description = ticketDescriptionOf(event);
    expect(description).toContain('Managed ID EFS-19652');
    expect(description).toContain(`O'Brien "IT" & Sons`);
    expect(description).toContain(event.message);
    expect(description).toContain(event.eventId);
  });

  it('says when the problem occurred again and what the portal said', () => {
    const note = recurrenceNoteOf(
      aPortalEvent({ occurredAt: '2026-11-28T11:00:00Z', message: 'snapshot error' }),
    );
    expect(note).toBe('Backup failed occurred again at 2026-11-28T11:00:00Z: snapshot error');
  });

  it('names the completed backup and its portal event in the resolution note', () => {
    const event = aPortalEvent({ eventId: 'evt-1', type: 'backup.completed', severity: 'info' });
    const note = resolutionNoteOf(event);
    expect(note).toMatch(/^Resolved automatically: backup completed at /);
    expect(note).toContain(resolutionMarkerOf(event));
  });

  it("does not take another event's resolution note for this event's", () => {
    const event = aPortalEvent({ eventId: 'evt-1', type: 'backup.completed', severity: 'info' });
    const later = { ...event, eventId: 'evt-12' };
    expect(resolutionNoteOf(later)).not.toContain(resolutionMarkerOf(event));
  });
});
