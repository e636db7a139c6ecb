import { randomBytes } from 'node:crypto';

/**
 * A new random webhook secret: 32 bytes from the system's CSPRNG (256 bits, the HMAC-SHA256 key
 * size), base64url so it pastes into any portal field, with a prefix that says what it is.
 */
export const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
