import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { UnauthorizedError } from '../../../shared/http/http-errors.js';
import { authenticateEvent } from '../../../shared/ingest/ingest-event.js';
import type { WebhookSecretStore } from '../../../shared/ingest/ports.js';
import type { IngestRequest } from '../../../shared/ingest/request.js';
import { signEvent } from '../../../shared/signing.js';
import { aPortalEvent } from '../../helpers/portal-events.js';

const now = new Date('2026-11-28T12:00:00Z');
const nowSeconds = now.getTime() / 1000;

const secretStore = (secretsByPartner: Record<string, string[]>): WebhookSecretStore => ({
  getSecrets: async (partnerId) => secretsByPartner[partnerId] ?? [],
});

const signedRequest = (secret: string, body: string, timestamp = nowSeconds): IngestRequest => ({
  headers: Object.fromEntries(
    Object.entries(signEvent(secret, body, timestamp).headers).map(([k, v]) => [k.toLowerCase(), v]),
  ),
  body,
});

const authenticate = (request: IngestRequest, secrets: Record<string, string[]> = { demo: ['current'] }) =>
  authenticateEvent({ secretStore: secretStore(secrets), now: () => now }, request);

const rejectionOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return (error as UnauthorizedError).reason;
};

describe('authenticateEvent', () => {
  const body = JSON.stringify(aPortalEvent({ partnerId: 'demo' }));

  describe('replay window', () => {
    it.each([-300, 300])('accepts a timestamp %i s from now', async (offset) => {
      await expect(authenticate(signedRequest('current', body, nowSeconds + offset))).resolves.toMatchObject({
        rawBody: body,
      });
    });

    it.each([-301, 301])('rejects a timestamp %i s from now as expired', async (offset) => {
      expect(await rejectionOf(authenticate(signedRequest('current', body, nowSeconds + offset)))).toBe(
        'expiredTimestamp',
      );
    });
  });

  describe('secret rotation', () => {
    it('accepts signatures made with the current or the previous secret', async () => {
      const secrets = { demo: ['new', 'old'] };
      await expect(authenticate(signedRequest('new', body), secrets)).resolves.toBeDefined();
      await expect(authenticate(signedRequest('old', body), secrets)).resolves.toBeDefined();
    });

    describe('given a cache that still holds the secret from before a rotation', () => {
      const cachedThenFresh: WebhookSecretStore = {
        getSecrets: async () => ['old'],
        refreshSecrets: async () => ['new', 'old'],
      };
      const authenticateCached = (request: IngestRequest) =>
        authenticateEvent({ secretStore: cachedThenFresh, now: () => now }, request);

      it('accepts a signature made with the new secret by reading past the cache', async () => {
        await expect(authenticateCached(signedRequest('new', body))).resolves.toBeDefined();
      });

      it('still rejects a signature neither the cached nor the fresh secrets verify', async () => {
        expect(await rejectionOf(authenticateCached(signedRequest('forged', body)))).toBe('badSignature');
      });
    });

    it('accepts a header carrying two signatures when one of them is valid', async () => {
      const request = signedRequest('current', body);
      const signature = `v1=${'0'.repeat(64)}, ${request.headers['x-bridge-signature']}`;
      await expect(
        authenticate({ ...request, headers: { ...request.headers, 'x-bridge-signature': signature } }),
      ).resolves.toBeDefined();
    });
  });

  describe('rejections', () => {
    it('rejects a signature of the right format made with another secret', async () => {
      expect(await rejectionOf(authenticate(signedRequest('guess', body)))).toBe('badSignature');
    });

    it('rejects a body changed after signing', async () => {
      const request = signedRequest('current', body);
      const tampered = body.replace('"error"', '"info"');
      expect(await rejectionOf(authenticate({ ...request, body: tampered }))).toBe('badSignature');
    });

    it.each([
      ['a truncated digest', (signature: string) => signature.slice(0, -2)],
      ['an unknown scheme', (signature: string) => signature.replace('v1=', 'v0=')],
      ['a digest that is not hex', (signature: string) => signature.replace(/=.*/, `=${'z'.repeat(64)}`)],
    ])('rejects %s as malformed without comparing unequal lengths', async (_, alter) => {
      const request = signedRequest('current', body);
      const signature = alter(request.headers['x-bridge-signature'] ?? '');
      const reason = await rejectionOf(
        authenticate({ ...request, headers: { ...request.headers, 'x-bridge-signature': signature } }),
      );
      expect(reason).toBe('malformedSignature');
    });

    it('rejects missing headers', async () => {
      const reason = await rejectionOf(
        authenticate({ headers: { 'content-type': 'application/json' }, body }),
      );
      expect(reason).toBe('missingSignature');
    });

    it.each(['Demo', 'acme:msp', 'acme.msp', `p${'x'.repeat(64)}`])(
      'rejects partner id %s, which no partner can have, as unknown without asking the secret store',
      async (partnerId) => {
        const store: WebhookSecretStore = {
          getSecrets: async () => {
            throw new Error('the secret store was asked');
          },
        };
        const signed = signedRequest('current', JSON.stringify(aPortalEvent({ partnerId })));

        const reason = await rejectionOf(authenticateEvent({ secretStore: store, now: () => now }, signed));

        expect(reason).toBe('unknownPartner');
      },
    );

    it('rejects an unknown partner with the same message as a bad signature', async () => {
      const unknown = authenticate(signedRequest('current', body), {});
      const forged = authenticate(signedRequest('guess', body));
      const [unknownError, forgedError] = await Promise.all([
        unknown.catch((e) => e),
        forged.catch((e) => e),
      ]);
      expect(unknownError.reason).toBe('unknownPartner');
      expect(unknownError.message).toBe(forgedError.message);
    });

    it('validates the full schema only after the signature, naming every failing field', async () => {
      const invalid = JSON.stringify({
        ...aPortalEvent({ partnerId: 'demo' }),
        severity: 'fatal',
        occurredAt: 'today',
      });
      const error = await authenticate(signedRequest('current', invalid)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['severity', 'occurredAt']);
      expect(await rejectionOf(authenticate(signedRequest('guess', invalid)))).toBe('badSignature');
    });
  });
});
