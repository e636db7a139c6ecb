import { createHmac } from 'node:crypto';

/** Header names of the portal's webhook signature (API Gateway HTTP APIs deliver them lowercased). */
export const timestampHeader = 'X-Bridge-Timestamp';
export const signatureHeader = 'X-Bridge-Signature';
/** The only signature scheme so far; the prefix lets a future scheme coexist during a migration. */
export const signatureScheme = 'v1';

/** A signed event, ready to send: the parts and the complete header set. */
export interface SignedEvent {
  readonly timestamp: number;
  /** `v1=<hex>`, exactly the value of the signature header. */
  readonly signature: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The raw HMAC-SHA256 of `"<timestamp>.<body>"` under `secret`. Takes bytes so the verifier signs
 * exactly what arrived on the wire, not a re-encoded string.
 */
export const computeSignatureDigest = (secret: string, timestamp: string, body: string | Buffer): Buffer =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

/**
 * Signs a portal event body the way the portal does.
 *
 * @param secret - the partner's webhook secret
 * @param body - the exact JSON text that will be sent
 * @param timestamp - unix seconds; defaults to now
 */
export const signEvent = (
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SignedEvent => {
  const digest = computeSignatureDigest(secret, String(timestamp), body).toString('hex');
  const signature = `${signatureScheme}=${digest}`;
  return {
    timestamp,
    signature,
    headers: {
      'Content-Type': 'application/json',
      [timestampHeader]: String(timestamp),
      [signatureHeader]: signature,
    },
  };
};
