import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import {
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../../../shared/http/http-errors.js';
import { aPortalEvent } from '../../helpers/portal-events.js';

type Telemetry = typeof import('../../../shared/ingest/ingest-telemetry.js');
type Observability = typeof import('../../../shared/observability.js');
let telemetry: Telemetry;
let observability: Observability;

interface EmfLine {
  _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** Publishes what is buffered and returns the EMF documents written to stdout. */
const publishedMetrics = (): EmfLine[] => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  observability.metrics.publishStoredMetrics();
  const lines = [...log.mock.calls].map(([line]) => JSON.parse(String(line)) as EmfLine);
  log.mockRestore();
  return lines;
};

beforeAll(async () => {
  // The shared Metrics instance reads this when built: enable it before the first import.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  observability = await import('../../../shared/observability.js');
  telemetry = await import('../../../shared/ingest/ingest-telemetry.js');
});
afterEach(() => vi.restoreAllMocks());

describe('ingest telemetry', () => {
  describe('rejectionReason', () => {
    it.each([
      [new UnauthorizedError('x', 'expiredTimestamp'), 'expiredTimestamp'],
      [new ValidationError('x', [{ field: '(body)', message: 'not valid JSON' }]), 'malformedJson'],
      [new ValidationError('x', [{ field: 'type', message: 'bad' }]), 'invalidEvent'],
      [new PayloadTooLargeError('x'), 'payloadTooLarge'],
      [new UnsupportedMediaTypeError('x'), 'unsupportedMediaType'],
    ])('names %s as %s', (error, reason) => {
      expect(telemetry.rejectionReason(error)).toBe(reason);
    });
  });

  describe('recordRejection', () => {
    it('counts eventsRejected in total and by reason', () => {
      vi.spyOn(observability.logger, 'warn').mockImplementation(() => undefined);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      telemetry.recordRejection(new UnauthorizedError('x', 'badSignature'));
      const single = [...log.mock.calls].map(([line]) => JSON.parse(String(line)) as EmfLine);
      log.mockRestore();
      const buffered = publishedMetrics();

      const [byReason] = single;
      expect(byReason?.reason).toBe('badSignature');
      expect(byReason?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
        { Name: 'eventsRejected', Unit: 'Count' },
      ]);
      expect(buffered[0]?.eventsRejected).toBe(1);
      expect(buffered[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    });

    it('ignores server-side errors, which are not the caller’s fault', () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      telemetry.recordRejection(new Error('boom'));
      expect(log).not.toHaveBeenCalled();
    });
  });

  describe('recordOutcome', () => {
    it('counts eventsAccepted for a queued event and eventsDuplicate for a duplicate', () => {
      vi.spyOn(observability.logger, 'info').mockImplementation(() => undefined);
      telemetry.recordOutcome({ event: aPortalEvent(), status: 'queued' });
      telemetry.recordOutcome({ event: aPortalEvent(), status: 'duplicate' });

      const [published] = publishedMetrics();

      expect(published).toMatchObject({ eventsAccepted: 1, eventsDuplicate: 1 });
    });
  });
});
