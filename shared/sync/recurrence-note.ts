import type { PortalEvent } from '../domain/portal-event.js';
import { recurrenceNoteOf } from '../domain/ticket-fields.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { TicketGateway } from '../ports/ticket-gateway.js';
import { markerSeconds, noteAttemptKey } from './marker-keys.js';

/** Enough of the note to tell occurrences apart (problem, time, message start) within a query string. */
const searchChars = 200;

/** The start of an event's recurrence note that a search for it uses: first line, whole characters. */
export const recurrenceNoteSearchOf = (event: PortalEvent): string =>
  Array.from(recurrenceNoteOf(event).split('\n')[0] ?? '')
    .slice(0, searchChars)
    .join('');

/**
 * Adds a note to a ticket once per event. Before the note is sent, the attempt is recorded; a
 * retry of the same event (the note's response was lost, or the record failed after the note was
 * added) first looks for the note by `search` instead of adding a second. A first attempt costs no
 * extra ConnectWise request.
 */
export const addNoteOnce = async (
  deps: { readonly tickets: TicketGateway; readonly markers: SyncMarkers },
  input: {
    readonly partnerId: string;
    /** Names the attempt: the event, and the ticket when one event notes several. */
    readonly attemptId: string;
    readonly ticketId: number;
    readonly text: string;
    readonly search: string;
    readonly kind: 'detail' | 'resolution';
    readonly now: string;
  },
): Promise<void> => {
  const { ticketId } = input;
  const key = noteAttemptKey(input.partnerId, input.attemptId);
  const tried = await deps.markers.get<{ ticketId: number }>(key);
  if (tried && (await deps.tickets.hasNoteContaining(ticketId, input.search))) return;
  await deps.markers.put(key, { ticketId }, { storedAt: input.now, ttlSeconds: markerSeconds.noteAttempt });
  await deps.tickets.addNote(ticketId, input.text, input.kind);
};

/** Adds the "occurred again" note of `event` to the open ticket, once (`addNoteOnce`). */
export const addRecurrenceNoteOnce = (
  deps: { readonly tickets: TicketGateway; readonly markers: SyncMarkers },
  input: {
    readonly partnerId: string;
    readonly event: PortalEvent;
    readonly ticketId: number;
    readonly now: string;
  },
): Promise<void> =>
  addNoteOnce(deps, {
    partnerId: input.partnerId,
    attemptId: input.event.eventId,
    ticketId: input.ticketId,
    text: recurrenceNoteOf(input.event),
    search: recurrenceNoteSearchOf(input.event),
    kind: 'detail',
    now: input.now,
  });
