import { createHash } from 'node:crypto';
import { type EventType, managedIdOf, type PortalEvent } from './portal-event.js';

/** ConnectWise's limits for `summary` and `externalXRef`. */
export const maxSummaryLength = 100;
export const maxExternalXRefLength = 100;

const problemLabels: Record<EventType, string> = {
  'backup.completed': 'Backup completed',
  'backup.failed': 'Backup failed',
  'backup.missed': 'Backup missed',
  'archive.failed': 'Archive failed',
  'hardware.failed': 'BDR hardware failure',
  'service.status': 'Service status alert',
  'usage.report': 'Usage report alert',
};

/**
 * Failures a later successful backup proves fixed. Archive and hardware failures are not: a
 * backup can complete while the archive or the appliance is still broken.
 */
export const failureTypesResolvedByBackup: readonly EventType[] = ['backup.failed', 'backup.missed'];

/** What an operator calls the problem, e.g. "Backup failed". */
export const problemLabelOf = (type: EventType): string => problemLabels[type];

// Control characters would break a one-line summary; ConnectWise keeps them verbatim.
const toOneLine = (text: string): string => text.replace(/[\p{Cc}\s]+/gu, ' ').trim();

/**
 * Cuts `text` to at most `max` UTF-16 units (ConnectWise's unit) with an ellipsis, never in the
 * middle of a surrogate pair.
 */
export const truncateText = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
};

/** The ticket summary: problem and account, ≤ 100 characters, e.g. "Backup failed: Office (EFS1)". */
export const ticketSummaryOf = (event: PortalEvent): string => {
  const problem = problemLabelOf(event.type);
  const account = `(${event.account.id})`;
  const name = toOneLine(event.account.name);
  const full = `${problem}: ${name} ${account}`;
  if (full.length <= maxSummaryLength) return full;
  // Keep the account id whole: it is how a technician finds the account in the portal.
  const room = maxSummaryLength - problem.length - account.length - 3;
  if (room >= 4) return `${problem}: ${truncateText(name, room)} ${account}`;
  return truncateText(`${problem}: ${account}`, maxSummaryLength);
};

/** The ticket's initial description: everything a technician needs without opening the portal. */
export const ticketDescriptionOf = (event: PortalEvent): string => {
  const lines = [
    `${problemLabelOf(event.type)} (${event.severity}) at ${event.occurredAt}`,
    '',
    event.message,
    '',
    `Customer: ${event.customer.name} (${event.customer.id}, Managed ID ${managedIdOf(event.customer.id)})`,
    `Account: ${event.account.name} (${event.account.id})`,
    `Service: ${event.account.service}, plan ${event.account.plan}`,
  ];
  if (event.stats) {
    const s = event.stats;
    lines.push(
      `Jobs: ${s.successfulJobs} successful, ${s.failedJobs} failed; protected: ${s.servers} servers, ${s.workstations} workstations`,
    );
    if (s.lastBackupAt) lines.push(`Last backup: ${s.lastBackupAt}`);
  }
  lines.push(`Portal event: ${event.eventId} (${event.type})`);
  return lines.join('\n');
};

/**
 * The stable fingerprint stored in the ticket's `externalXRef`: one open ticket per partner,
 * account and problem type. Readable when it fits in 100 characters, else a SHA-256 of the same
 * parts, so long ids never collide by truncation.
 */
export const ticketFingerprintOf = (partnerId: string, accountId: string, type: EventType): string => {
  const readable = `cwb:${partnerId}:${accountId}:${type}`;
  if (readable.length <= maxExternalXRefLength) return readable;
  const digest = createHash('sha256')
    .update(JSON.stringify([partnerId, accountId, type]))
    .digest('hex');
  return `cwb:h:${digest}`;
};

/** Fingerprints of the account's open failure tickets a completed backup resolves. */
export const resolvableFingerprintsOf = (partnerId: string, accountId: string): string[] =>
  failureTypesResolvedByBackup.map((type) => ticketFingerprintOf(partnerId, accountId, type));

/** The note added to the open ticket when the problem happens again. */
export const recurrenceNoteOf = (event: PortalEvent): string =>
  `${problemLabelOf(event.type)} occurred again at ${event.occurredAt}: ${event.message}`.trim();

/**
 * The line that names the event in its resolution note, so a retry of the same event can find the
 * note it already added. The closing parenthesis keeps `evt-1` from matching `evt-12`.
 */
export const resolutionMarkerOf = (event: PortalEvent): string =>
  `Portal event: ${event.eventId} (${event.type})`;

/** The resolution note added before an auto-resolved ticket is closed. */
export const resolutionNoteOf = (event: PortalEvent): string =>
  [
    `Resolved automatically: backup completed at ${event.occurredAt} for account ${event.account.id}. ${event.message}`.trim(),
    resolutionMarkerOf(event),
  ].join('\n');
