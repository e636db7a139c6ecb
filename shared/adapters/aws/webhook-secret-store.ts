import { ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { WebhookSecretStore } from '../../ingest/ports.js';
import { secrets } from '../../resources.js';

export interface SecretsManagerWebhookSecretStoreOptions {
  /** Seconds a fetched secret (or the absence of a previous one) is reused. 0 disables caching. */
  readonly maxAgeSeconds: number;
  /**
   * Least seconds between two reads of one partner's secrets past the cache (`refreshSecrets`),
   * so requests with bad signatures cannot turn into a Secrets Manager call each.
   * @default 10
   */
  readonly minRefreshIntervalSeconds?: number;
  /**
   * Seconds a partner id without a webhook secret is answered from memory, so unknown ids cost one
   * Secrets Manager call per id and minute instead of one per request, and answer as fast as known
   * ones (no timing difference to enumerate partners by). 0 disables it.
   * @default 60, or `maxAgeSeconds` when that is shorter (no caching means no caching of misses either)
   */
  readonly unknownPartnerSeconds?: number;
  readonly now?: () => number;
}

/** At most this many unknown ids are remembered: a flood of random ids cannot grow memory unbounded. */
export const maxRememberedUnknownPartners = 10_000;

/**
 * Webhook secrets from Secrets Manager through Powertools Parameters, cached for `maxAgeSeconds`.
 * The current (`AWSCURRENT`) and, during a rotation, previous (`AWSPREVIOUS`) versions are both
 * returned. Each stage has its own provider because Powertools caches by name alone, so one
 * provider would hand back the current value when asked for the previous one.
 */
export class SecretsManagerWebhookSecretStore implements WebhookSecretStore {
  private readonly current: SecretsProvider;
  private readonly previous: SecretsProvider;
  /** Partners known to have no previous version, until the time in ms: Powertools caches no misses. */
  private readonly noPrevious = new Map<string, number>();
  /** When each partner's secrets were last read past the cache, in ms. */
  private readonly lastRefresh = new Map<string, number>();
  /** Partner ids found without a secret, until the time in ms (oldest first). */
  private readonly unknown = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    client: SecretsManagerClient,
    private readonly options: SecretsManagerWebhookSecretStoreOptions,
  ) {
    this.current = new SecretsProvider({ awsSdkV3Client: client });
    this.previous = new SecretsProvider({ awsSdkV3Client: client });
    this.now = options.now ?? Date.now;
  }

  async getSecrets(partnerId: string): Promise<readonly string[]> {
    return this.read(partnerId, false);
  }

  /** Reads past the cache (and refills it), at most once per `minRefreshIntervalSeconds` per partner. */
  async refreshSecrets(partnerId: string): Promise<readonly string[]> {
    const last = this.lastRefresh.get(partnerId);
    const minIntervalMs = (this.options.minRefreshIntervalSeconds ?? 10) * 1000;
    if (last !== undefined && this.now() - last < minIntervalMs) return this.read(partnerId, false);
    this.lastRefresh.set(partnerId, this.now());
    this.noPrevious.delete(partnerId);
    return this.read(partnerId, true);
  }

  private async read(partnerId: string, forceFetch: boolean): Promise<readonly string[]> {
    if (!forceFetch && (this.unknown.get(partnerId) ?? 0) > this.now()) return [];
    const name = secrets.partnerWebhookSecretName(partnerId);
    const current = await this.fetch(this.current, name, 'AWSCURRENT', forceFetch);
    if (current === undefined) {
      this.rememberUnknown(partnerId);
      return [];
    }
    this.unknown.delete(partnerId);
    const previous = await this.fetchPrevious(partnerId, name, forceFetch);
    return previous === undefined || previous === current ? [current] : [current, previous];
  }

  private rememberUnknown(partnerId: string): void {
    const seconds = this.options.unknownPartnerSeconds ?? Math.min(60, this.options.maxAgeSeconds);
    if (seconds <= 0) return;
    this.unknown.delete(partnerId);
    this.unknown.set(partnerId, this.now() + seconds * 1000);
    if (this.unknown.size > maxRememberedUnknownPartners) {
      const [oldest] = this.unknown.keys();
      if (oldest !== undefined) this.unknown.delete(oldest);
    }
  }

  private async fetchPrevious(
    partnerId: string,
    name: string,
    forceFetch: boolean,
  ): Promise<string | undefined> {
    if ((this.noPrevious.get(partnerId) ?? 0) > this.now()) return undefined;
    const previous = await this.fetch(this.previous, name, 'AWSPREVIOUS', forceFetch);
    if (previous === undefined && this.options.maxAgeSeconds > 0) {
      this.noPrevious.set(partnerId, this.now() + this.options.maxAgeSeconds * 1000);
    }
    return previous;
  }

  private async fetch(
    provider: SecretsProvider,
    name: string,
    stage: string,
    forceFetch: boolean,
  ): Promise<string | undefined> {
    try {
      const value = await provider.get(name, {
        maxAge: this.options.maxAgeSeconds,
        forceFetch,
        throwOnMissing: true,
        sdkOptions: { VersionStage: stage },
      });
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    } catch (error) {
      if (error instanceof ParameterNotFoundError) return undefined;
      throw error;
    }
  }
}
