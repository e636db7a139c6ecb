import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerWebhookSecretStore } from '../../../shared/adapters/aws/webhook-secret-store.js';

const client = new SecretsManagerClient({});
const secretsManager = mockClient(client);
const name = 'cwbridge/partners/demo/webhook-secret';
const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });

describe('SecretsManagerWebhookSecretStore', () => {
  beforeEach(() => secretsManager.reset());

  it('returns the current secret first and the previous one during a rotation', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: name, VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: 'new' })
      .on(GetSecretValueCommand, { SecretId: name, VersionStage: 'AWSPREVIOUS' })
      .resolves({ SecretString: 'old' });

    const store = new SecretsManagerWebhookSecretStore(client, { maxAgeSeconds: 300 });

    expect(await store.getSecrets('demo')).toEqual(['new', 'old']);
  });

  it('returns no secret for an unknown partner', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(notFound());
    const store = new SecretsManagerWebhookSecretStore(client, { maxAgeSeconds: 300 });

    expect(await store.getSecrets('nobody')).toEqual([]);
  });

  it('costs 100 unknown partner ids one read each, and none when they come back within a minute', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(notFound());
    let now = 0;
    const store = new SecretsManagerWebhookSecretStore(client, { maxAgeSeconds: 300, now: () => now });
    const ids = Array.from({ length: 100 }, (_, n) => `probe-${n}`);

    for (const id of ids) expect(await store.getSecrets(id)).toEqual([]);
    const firstRound = secretsManager.commandCalls(GetSecretValueCommand).length;
    now = 59_000;
    for (const id of ids) await store.getSecrets(id);
    const repeat = secretsManager.commandCalls(GetSecretValueCommand).length - firstRound;
    now = 61_000;
    await store.getSecrets('probe-0');

    expect(firstRound).toBe(100);
    expect(repeat).toBe(0);
    expect(secretsManager.commandCalls(GetSecretValueCommand).length).toBe(101);
  });

  it('knows a partner created after its id was probed once the minute is over', async () => {
    let created = false;
    secretsManager.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).callsFake(async () => {
      if (!created) throw notFound();
      return { SecretString: 'fresh' };
    });
    secretsManager.on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' }).rejects(notFound());
    let now = 0;
    const store = new SecretsManagerWebhookSecretStore(client, { maxAgeSeconds: 300, now: () => now });
    await store.getSecrets('newcomer');

    created = true;
    now = 61_000;

    expect(await store.getSecrets('newcomer')).toEqual(['fresh']);
  });

  it('reads Secrets Manager once per cache age, remembering that there is no previous secret', async () => {
    secretsManager
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: 'only' })
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .rejects(notFound());
    let now = 0;
    const store = new SecretsManagerWebhookSecretStore(client, { maxAgeSeconds: 300, now: () => now });

    for (let i = 0; i < 5; i += 1) expect(await store.getSecrets('demo')).toEqual(['only']);
    const callsWhileCached = secretsManager.commandCalls(GetSecretValueCommand).length;
    now = 301_000;
    await store.getSecrets('demo');

    expect(callsWhileCached).toBe(2);
    expect(secretsManager.commandCalls(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })).toHaveLength(
      2,
    );
  });

  it('reads past the cache when asked to refresh, so a secret rotated moments ago is known at once', async () => {
    let current = 'old';
    let previous: string | undefined;
    secretsManager
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .callsFake(async () => ({ SecretString: current }))
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .callsFake(async () => {
        if (previous === undefined) throw notFound();
        return { SecretString: previous };
      });
    const store = new SecretsManagerWebhookSecretStore(client, { maxAgeSeconds: 300, now: () => 0 });
    expect(await store.getSecrets('demo')).toEqual(['old']);

    [current, previous] = ['new', 'old'];

    expect(await store.getSecrets('demo')).toEqual(['old']);
    expect(await store.refreshSecrets('demo')).toEqual(['new', 'old']);
    expect(await store.getSecrets('demo')).toEqual(['new', 'old']);
  });

  it('refreshes one partner at most once per interval, so bad signatures cannot cost a read each', async () => {
    secretsManager
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: 'only' })
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .rejects(notFound());
    let now = 0;
    const store = new SecretsManagerWebhookSecretStore(client, {
      maxAgeSeconds: 300,
      minRefreshIntervalSeconds: 10,
      now: () => now,
    });
    await store.getSecrets('demo');
    await store.refreshSecrets('demo');
    const callsAfterFirstRefresh = secretsManager.commandCalls(GetSecretValueCommand).length;

    for (let i = 0; i < 5; i += 1) expect(await store.refreshSecrets('demo')).toEqual(['only']);
    const callsWithinInterval = secretsManager.commandCalls(GetSecretValueCommand).length;
    now = 10_000;
    await store.refreshSecrets('demo');

    expect(callsAfterFirstRefresh).toBe(4);
    expect(callsWithinInterval).toBe(4);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(6);
  });

  it('lets other Secrets Manager failures through, so they answer 5xx and the portal retries', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('throttled'));
    const store = new SecretsManagerWebhookSecretStore(client, { maxAgeSeconds: 0 });

    await expect(store.getSecrets('demo')).rejects.toThrow('throttled');
  });
});
