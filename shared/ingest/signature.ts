import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../http/http-errors.js';
import { computeSignatureDigest, signatureScheme } from '../signing.js';

/** How far a request's timestamp may be from our clock before it counts as a replay. */
export const replayWindowSeconds = 300;

/** One message for every authentication failure, so a caller cannot probe which partners exist. */
export const unauthorizedMessage =
  'The request signature is missing, invalid or expired, or the partner is unknown.';

export type SignatureRejection =
  | 'missingSignature'
  | 'malformedSignature'
  | 'expiredTimestamp'
  | 'unknownPartner'
  | 'badSignature';

export const rejectSignature = (reason: SignatureRejection): UnauthorizedError =>
  new UnauthorizedError(unauthorizedMessage, reason);

/** The parsed signature headers of a request. */
export interface SignatureHeaders {
  readonly timestamp: string;
  readonly digests: readonly Buffer[];
}

const digestLength = 32;
const hexDigest = /^[0-9a-f]{64}$/i;

/**
 * Parses `X-Bridge-Timestamp` and `X-Bridge-Signature` (`v1=<hex>`, several comma-separated
 * entries allowed so a sender can sign with two secrets during a rotation).
 */
export const parseSignatureHeaders = (timestamp?: string, signature?: string): SignatureHeaders => {
  if (!timestamp || !signature) throw rejectSignature('missingSignature');
  if (!/^\d{1,12}$/.test(timestamp.trim())) throw rejectSignature('malformedSignature');
  const digests = signature
    .split(',')
    .map((entry) => entry.trim().split('='))
    .filter(([scheme, value]) => scheme === signatureScheme && value !== undefined && hexDigest.test(value))
    .map(([, value]) => Buffer.from(value as string, 'hex'));
  if (digests.length === 0) throw rejectSignature('malformedSignature');
  return { timestamp: timestamp.trim(), digests };
};

/** Rejects timestamps more than the replay window away from `nowSeconds`, in either direction. */
export const assertFreshTimestamp = (timestamp: string, nowSeconds: number): void => {
  if (Math.abs(nowSeconds - Number(timestamp)) > replayWindowSeconds)
    throw rejectSignature('expiredTimestamp');
};

/**
 * True when one of `digests` is the HMAC of the body under one of `secrets`. Every comparison
 * runs in constant time over equal-length buffers and every pair is compared, so the time taken
 * says nothing about how close a guess was or which secret matched.
 */
export const matchesAnySecret = (
  secrets: readonly string[],
  headers: SignatureHeaders,
  body: Buffer,
): boolean => {
  let matched = false;
  for (const secret of secrets) {
    const expected = computeSignatureDigest(secret, headers.timestamp, body);
    for (const digest of headers.digests) {
      if (digest.length === digestLength && timingSafeEqual(expected, digest)) matched = true;
    }
  }
  return matched;
};
