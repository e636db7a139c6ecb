import { portalEventSchema } from '../domain/portal-event.js';
import { ValidationError } from '../errors.js';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../http/http-errors.js';

/** The portal sends one event per request; anything bigger is not an event. */
export const maxBodyBytes = 256 * 1024;

/** What ingest needs from an HTTP request, independent of API Gateway's event shape. */
export interface IngestRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: string | undefined;
  readonly isBase64Encoded?: boolean;
}

/** Looks a header up case-insensitively: API Gateway v2 lowercases names, other callers may not. */
export const headerValue = (
  headers: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
};

/** Accepts `application/json` with optional parameters such as `; charset=utf-8`. */
export const assertJsonContentType = (headers: IngestRequest['headers']): void => {
  const mediaType = headerValue(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new UnsupportedMediaTypeError('Content-Type must be application/json.');
  }
};

/** The body bytes exactly as the portal sent them (signatures are over these bytes). */
export const readBody = (request: IngestRequest): Buffer => {
  const body = request.body ?? '';
  // Refuse oversized input before decoding it: UTF-8 never has fewer bytes than UTF-16 code units,
  // and base64 text is 4/3 of its bytes.
  if (body.length > (request.isBase64Encoded ? Math.ceil((maxBodyBytes * 4) / 3) + 4 : maxBodyBytes)) {
    throw new PayloadTooLargeError(`Request body exceeds ${maxBodyBytes / 1024} KB.`);
  }
  const bytes = Buffer.from(body, request.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > maxBodyBytes)
    throw new PayloadTooLargeError(`Request body exceeds ${maxBodyBytes / 1024} KB.`);
  return bytes;
};

/** Parses the body as JSON; a syntax error is a 400 that says so. */
export const parseJsonBody = (bytes: Buffer): unknown => {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationError('Request body is not valid JSON.', [
      { field: '(body)', message: 'not valid JSON' },
    ]);
  }
};

/**
 * Reads `partnerId` without validating anything else: the partner's secret is needed to verify
 * the signature, and nothing unauthenticated deserves a full validation report.
 */
export const readPartnerId = (payload: unknown): string => {
  const partnerId =
    typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>).partnerId
      : undefined;
  // Validated like the full schema does, so an odd id never reaches a Secrets Manager name.
  if (!portalEventSchema.shape.partnerId.safeParse(partnerId).success) {
    throw new ValidationError(
      'invalid event: partnerId: must be a valid partner id (needed to verify the signature)',
      [{ field: 'partnerId', message: 'must be a valid partner id (needed to verify the signature)' }],
    );
  }
  return partnerId as string;
};
