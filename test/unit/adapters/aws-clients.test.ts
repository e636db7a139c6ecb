import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('the shared AWS clients', () => {
  it('are each wrapped for X-Ray by the Powertools tracer, the document client on the wrapped client', async () => {
    vi.resetModules();
    const { tracer } = await import('../../../shared/observability.js');
    const wrapped: unknown[] = [];
    vi.spyOn(tracer, 'captureAWSv3Client').mockImplementation((client) => {
      wrapped.push(client);
      return client;
    });

    const clients = await import('../../../shared/adapters/aws/clients.js');

    expect(wrapped).toEqual([clients.dynamoDbClient, clients.sqsClient, clients.secretsManagerClient]);
    expect(clients.documentClient.middlewareStack).toBe(clients.dynamoDbClient.middlewareStack);
  });
});
