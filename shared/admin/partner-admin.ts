import { assertSafeSiteUrl } from '../connectwise/site-url-guard.js';
import type { NotificationRule } from '../domain/partner-config.js';
import {
  notificationRulesSchema,
  type PartnerConfig,
  partnerConfigSchema,
} from '../domain/partner-config.js';
import { NotFoundError, PartnerConfigurationError, ValidationError } from '../errors.js';
import { toValidationError } from '../http/validation.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import {
  generateSecret,
  type PartnerRequest,
  type PartnerView,
  partnerRequestSchema,
  suppliedSecret,
  toPartnerView,
} from './partner-request.js';
import type { PartnerSecretWriter } from './partner-secrets.js';
import { generateWebhookSecret } from './webhook-secret.js';

export interface PartnerAdminDependencies {
  readonly partners: PartnerRepository;
  readonly secrets: PartnerSecretWriter;
  /** Accept http and private siteUrls (the local stack's simulator only). */
  readonly allowPrivateSiteUrl: boolean;
}

/**
 * The outcome of a PUT: the masked partner and whether it was new. A webhook secret the request
 * asked to generate is shown in `partner.webhookSecret` this once (it is stored nowhere else).
 */
export interface SavedPartner {
  readonly created: boolean;
  readonly partner: PartnerView;
}

/** A freshly generated webhook secret, shown once. */
export interface RotatedWebhookSecret {
  readonly partnerId: string;
  readonly webhookSecret: string;
  /** The secret it replaced still verifies, so the portal can switch without losing events. */
  readonly previousSecretStillValid: true;
}

/** Validates a partner id taken from the path. */
export const parsePartnerId = (partnerId: string): string => {
  const parsed = partnerConfigSchema.shape.partnerId.safeParse(partnerId);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new ValidationError(`invalid partnerId: ${message}`, [{ field: 'partnerId', message }]);
  }
  return parsed.data;
};

const parsePartnerRequest = (
  partnerId: string,
  body: unknown,
  allowPrivateSiteUrl: boolean,
): PartnerRequest => {
  const parsed = partnerRequestSchema.safeParse(body);
  if (!parsed.success) throw toValidationError(parsed.error, 'partner configuration');
  const request = parsed.data;
  if (request.partnerId !== undefined && request.partnerId !== partnerId) {
    throw new ValidationError('partnerId in the body differs from the path', [
      { field: 'partnerId', message: `must be ${partnerId} or omitted` },
    ]);
  }
  try {
    assertSafeSiteUrl(request.connectWise.siteUrl, { allowPrivateSiteUrl });
  } catch (error) {
    if (!(error instanceof PartnerConfigurationError)) throw error;
    throw new ValidationError(error.message, [{ field: 'connectWise.siteUrl', message: error.message }]);
  }
  return request;
};

/** Names the secrets a request must carry: all of them for a new partner, keys always in pairs. */
const missingSecrets = (request: PartnerRequest, isNew: boolean): string[] => {
  const publicKey = suppliedSecret(request.connectWise.publicKey);
  const privateKey = suppliedSecret(request.connectWise.privateKey);
  const missing: string[] = [];
  if (isNew || privateKey !== undefined) if (publicKey === undefined) missing.push('connectWise.publicKey');
  if (isNew || publicKey !== undefined) if (privateKey === undefined) missing.push('connectWise.privateKey');
  if (
    isNew &&
    request.webhookSecret !== generateSecret &&
    suppliedSecret(request.webhookSecret) === undefined
  ) {
    missing.push('webhookSecret');
  }
  return missing;
};

/**
 * `PUT /partners/{partnerId}`: validates the configuration, stores supplied secrets in Secrets
 * Manager first (so a saved configuration never points at missing keys), then the configuration.
 */
export const savePartner = async (
  deps: PartnerAdminDependencies,
  rawPartnerId: string,
  body: unknown,
): Promise<SavedPartner> => {
  const partnerId = parsePartnerId(rawPartnerId);
  const request = parsePartnerRequest(partnerId, body, deps.allowPrivateSiteUrl);
  const isNew = (await deps.partners.getConfig(partnerId)) === undefined;
  const missing = missingSecrets(request, isNew);
  if (missing.length > 0) {
    const why = isNew ? 'a new partner needs all its secrets' : 'ConnectWise keys are replaced as a pair';
    throw new ValidationError(
      `missing secrets: ${why}`,
      missing.map((field) => ({ field, message: 'is required' })),
    );
  }
  const { publicKey, privateKey, ...connectWise } = request.connectWise;
  const newPublicKey = suppliedSecret(publicKey);
  const newPrivateKey = suppliedSecret(privateKey);
  if (newPublicKey !== undefined && newPrivateKey !== undefined) {
    await deps.secrets.putConnectWiseKeys(partnerId, { publicKey: newPublicKey, privateKey: newPrivateKey });
  }
  const generated = request.webhookSecret === generateSecret ? generateWebhookSecret() : undefined;
  const webhookSecret = generated ?? suppliedSecret(request.webhookSecret);
  if (webhookSecret !== undefined) await deps.secrets.putWebhookSecret(partnerId, webhookSecret);
  const config: PartnerConfig = {
    partnerId,
    connectWise,
    settings: request.settings,
    serviceCatalogue: request.serviceCatalogue,
  };
  await deps.partners.putConfig(config);
  const partner = toPartnerView(config);
  return {
    created: isNew,
    partner: generated === undefined ? partner : { ...partner, webhookSecret: generated },
  };
};

/**
 * `POST /partners/{partnerId}/webhook-secret`: generates a new webhook secret and makes it
 * current; the one it replaces stays valid as the previous version (a second rotation retires it).
 * The new secret is in the answer only.
 */
export const rotateWebhookSecret = async (
  deps: PartnerAdminDependencies,
  rawPartnerId: string,
): Promise<RotatedWebhookSecret> => {
  const partnerId = parsePartnerId(rawPartnerId);
  if ((await deps.partners.getConfig(partnerId)) === undefined) {
    throw new NotFoundError(`partner ${partnerId} is not configured`);
  }
  const webhookSecret = generateWebhookSecret();
  await deps.secrets.putWebhookSecret(partnerId, webhookSecret);
  return { partnerId, webhookSecret, previousSecretStillValid: true };
};

/** `GET /partners/{partnerId}`: the configuration with secrets masked. */
export const getPartner = async (
  deps: PartnerAdminDependencies,
  rawPartnerId: string,
): Promise<PartnerView> => {
  const partnerId = parsePartnerId(rawPartnerId);
  const config = await deps.partners.getConfig(partnerId);
  if (!config) throw new NotFoundError(`partner ${partnerId} is not configured`);
  return toPartnerView(config);
};

/** A partner as `GET /partners` lists it: enough to tell partners apart, nothing secret. */
export interface PartnerSummary {
  readonly partnerId: string;
  readonly siteUrl: string;
  readonly companyId: string;
  readonly managementSolutionName: string;
  readonly ticketBoard: string;
}

/** `GET /partners`: every configured partner, by id. */
export const listPartners = async (
  deps: Pick<PartnerAdminDependencies, 'partners'>,
): Promise<{ partners: PartnerSummary[] }> => {
  const ids = [...(await deps.partners.listPartnerIds())].sort();
  const configs = await Promise.all(ids.map((partnerId) => deps.partners.getConfig(partnerId)));
  const partners = configs.flatMap((config) =>
    // A partner deleted between the scan and its read is simply not listed.
    config
      ? [
          {
            partnerId: config.partnerId,
            siteUrl: config.connectWise.siteUrl,
            companyId: config.connectWise.companyId,
            managementSolutionName: config.connectWise.managementSolutionName,
            ticketBoard: config.settings.ticketBoard,
          },
        ]
      : [],
  );
  return { partners };
};

/** `GET /partners/{partnerId}/notifications`: the partner's rules, as `PUT` takes them. */
export const getNotificationRules = async (
  deps: Pick<PartnerAdminDependencies, 'partners'>,
  rawPartnerId: string,
): Promise<{ partnerId: string; rules: NotificationRule[] }> => {
  const partnerId = parsePartnerId(rawPartnerId);
  if ((await deps.partners.getConfig(partnerId)) === undefined) {
    throw new NotFoundError(`partner ${partnerId} is not configured`);
  }
  return { partnerId, rules: await deps.partners.getRules(partnerId) };
};

/**
 * `PUT /partners/{partnerId}/notifications`: replaces the partner's notification rules. The body
 * is `{"rules": [...]}`; the partner must exist, so rules never outlive a typo in the id.
 */
export const saveNotificationRules = async (
  deps: PartnerAdminDependencies,
  rawPartnerId: string,
  body: unknown,
): Promise<{ partnerId: string; rules: NotificationRule[] }> => {
  const partnerId = parsePartnerId(rawPartnerId);
  const parsed = notificationRulesSchema.safeParse((body as { rules?: unknown } | null)?.rules);
  if (!parsed.success) {
    const error = toValidationError(parsed.error, 'notification rules');
    throw new ValidationError(
      error.message,
      error.fields.map(({ field, message }) => ({
        field: field === '(root)' ? 'rules' : `rules.${field}`,
        message,
      })),
    );
  }
  if ((await deps.partners.getConfig(partnerId)) === undefined) {
    throw new NotFoundError(`partner ${partnerId} is not configured`);
  }
  await deps.partners.putRules(partnerId, parsed.data);
  return { partnerId, rules: parsed.data };
};
