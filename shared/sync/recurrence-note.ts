import type { PortalEvent } from '../domain/portal-event.js';
import { recurrenceNoteOf } from '../domain/ticket-fields.js';
import type { StateCache } from '../ports/state-cache.js';
import type { TicketGateway } from '../ports/ticket-gateway.js';

/** Enough of the note to tell occurrences apart (problem, time, message start) within a query string. */
const searchChars = 200;
const notingSeconds = 7 * 24 * 3600;

/** The start of an event's recurrence note that a search for it uses: first line, whole characters. */
export const recurrenceNoteSearchOf = (event: PortalEvent): string =>
  Array.from(recurrenceNoteOf(event).split('\n')[0] ?? '')
    .slice(0, searchChars)
    .join('');

/**
 * Adds the "occurred again" note of `event` to the open ticket, once. Before the note is sent, the
 * event's attempt is recorded; a retry of the same event (its note's response was lost, or the
 * record failed after the note was added) first looks for the note instead of adding a second.
 * A first attempt costs no extra ConnectWise request.
 */
export const addRecurrenceNoteOnce = async (
  deps: { readonly tickets: TicketGateway; readonly cache: StateCache },
  input: {
    readonly partnerId: string;
    readonly event: PortalEvent;
    readonly ticketId: number;
    readonly now: string;
  },
): Promise<void> => {
  const { event, ticketId } = input;
  const key = { pk: `PARTNER#${input.partnerId}`, sk: `NOTING#${event.eventId}` };
  const tried = await deps.cache.get<{ ticketId: number }>(key);
  if (tried && (await deps.tickets.hasNoteContaining(ticketId, recurrenceNoteSearchOf(event)))) return;
  await deps.cache.put(key, { ticketId }, { storedAt: input.now, ttlSeconds: notingSeconds });
  await deps.tickets.addNote(ticketId, recurrenceNoteOf(event), 'detail');
};
