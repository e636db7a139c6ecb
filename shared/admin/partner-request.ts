import * as z from 'zod';
import { type PartnerConfig, partnerConfigSchema } from '../domain/partner-config.js';

/** What GET shows instead of a secret; sending it back in a PUT keeps the stored secret. */
export const secretMask = '********';

const secretValue = z.string().min(1).max(4096).optional();

/** The shortest webhook secret accepted: an HMAC key anyone could guess protects nothing. */
export const minWebhookSecretLength = 16;

/** Asks the admin API to generate the webhook secret; the answer shows it this one time. */
export const generateSecret = 'generate';

/**
 * A new webhook secret of at least 16 characters, the mask that keeps the stored one, or
 * `"generate"` (too short to be a secret itself) for a random one.
 */
const webhookSecretValue = z
  .union([
    z.literal(secretMask),
    z.literal(generateSecret),
    z
      .string()
      .min(minWebhookSecretLength, `must have at least ${minWebhookSecretLength} characters`)
      .max(4096),
  ])
  .optional();
const configShape = partnerConfigSchema.shape;

/**
 * The body of `PUT /v1/admin/partners/{partnerId}`: the partner configuration plus its secrets.
 * Secrets are optional on update (omitted or masked keeps the stored ones) and required when
 * the partner is new. `partnerId` may be repeated from the path, so a GET result can be sent back.
 */
export const partnerRequestSchema = z
  .object({
    partnerId: configShape.partnerId.optional(),
    connectWise: configShape.connectWise.extend({ publicKey: secretValue, privateKey: secretValue }).strict(),
    webhookSecret: webhookSecretValue,
    settings: configShape.settings,
    serviceCatalogue: configShape.serviceCatalogue,
  })
  .strict();

export type PartnerRequest = z.infer<typeof partnerRequestSchema>;

/** A partner as the admin API shows it: the PUT shape with every secret masked. */
export interface PartnerView {
  readonly partnerId: string;
  readonly connectWise: PartnerConfig['connectWise'] & { publicKey: string; privateKey: string };
  readonly webhookSecret: string;
  readonly settings: PartnerConfig['settings'];
  readonly serviceCatalogue: PartnerConfig['serviceCatalogue'];
}

/** Masks every secret of a stored configuration. */
export const toPartnerView = (config: PartnerConfig): PartnerView => ({
  partnerId: config.partnerId,
  connectWise: { ...config.connectWise, publicKey: secretMask, privateKey: secretMask },
  webhookSecret: secretMask,
  settings: config.settings,
  serviceCatalogue: config.serviceCatalogue,
});

/** A supplied secret, or undefined when it was omitted or sent back masked. */
export const suppliedSecret = (value: string | undefined): string | undefined =>
  value === undefined || value === secretMask ? undefined : value;
