import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { ConnectWiseKeys } from '../domain/partner-config.js';
import { secrets } from '../resources.js';
import type { PartnerSecretWriter } from './partner-secrets.js';

/**
 * Partner secrets in Secrets Manager, one secret per partner and purpose (names from
 * shared/resources.ts). A new value is stored with PutSecretValue, which keeps the old one as
 * AWSPREVIOUS; an unchanged value is not written again, so re-saving a configuration does not
 * push a still-valid previous webhook secret out of rotation.
 */
export class SecretsManagerPartnerSecrets implements PartnerSecretWriter {
  constructor(private readonly client: SecretsManagerClient) {}

  async putConnectWiseKeys(partnerId: string, keys: ConnectWiseKeys): Promise<void> {
    const value = JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey });
    await this.putIfChanged(secrets.partnerConnectWiseKeysName(partnerId), value, partnerId);
  }

  async putWebhookSecret(partnerId: string, secret: string): Promise<void> {
    await this.putIfChanged(secrets.partnerWebhookSecretName(partnerId), secret, partnerId);
  }

  private async putIfChanged(name: string, value: string, partnerId: string): Promise<void> {
    const current = await this.currentValue(name);
    if (current === value) return;
    if (current === undefined) {
      try {
        await this.client.send(
          new CreateSecretCommand({
            Name: name,
            SecretString: value,
            Description: `cwbridge secret of partner ${partnerId}`,
          }),
        );
        return;
      } catch (error) {
        // Created concurrently by another request: store ours as a new version instead.
        if (!(error instanceof ResourceExistsException)) throw error;
      }
    }
    await this.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  }

  private async currentValue(name: string): Promise<string | undefined> {
    try {
      const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
      return SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }
}
