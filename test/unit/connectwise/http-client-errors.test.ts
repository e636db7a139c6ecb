import { describe, expect, it } from 'vitest';
import {
  ConnectWiseAmbiguousWriteError,
  ConnectWiseAuthError,
  ConnectWiseNotFoundError,
  ConnectWiseRateLimitError,
  ConnectWiseUnavailableError,
  ConnectWiseValidationError,
} from '../../../shared/connectwise/index.js';
import { keys, useCannedClients } from './canned-client.js';

const clientFor = useCannedClients();

describe('ConnectWise HTTP client errors', () => {
  it('turns 400 into a permanent validation error with the field errors, sent once', async () => {
    const { client, server } = await clientFor(() => ({
      status: 400,
      body: {
        code: 'InvalidObject',
        message: 'ticket object is invalid',
        errors: [
          { code: 'NullOrEmpty', message: 'Summary is required', resource: 'ticket', field: 'summary' },
        ],
      },
    }));
    const error = await client.post('/service/tickets', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWiseValidationError);
    expect(error).toMatchObject({
      retryable: false,
      fieldErrors: [{ field: 'summary', message: 'Summary is required', code: 'NullOrEmpty' }],
      request: { method: 'POST', path: '/service/tickets', httpStatus: 400, code: 'InvalidObject' },
    });
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('turns 401 into a permanent auth error that never mentions the keys', async () => {
    const { client } = await clientFor(() => ({
      status: 401,
      body: { code: 'Unauthorized', message: 'bad' },
    }));
    const error = await client.get('/system/info').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWiseAuthError);
    expect(error).toMatchObject({ retryable: false });
    const text = `${String(error)} ${JSON.stringify(error)}`;
    for (const secret of [keys.privateKey, 'YWNtZStwdWI6cHJpdg==', 'Basic'])
      expect(text).not.toContain(secret);
  });

  it('turns 404 into a permanent not-found error', async () => {
    const { client } = await clientFor(() => ({
      status: 404,
      body: { code: 'NotFound', message: 'no ticket' },
    }));
    await expect(client.get('/service/tickets/99')).rejects.toBeInstanceOf(ConnectWiseNotFoundError);
  });

  it('waits Retry-After: 2 seconds after a 429, then succeeds', async () => {
    let calls = 0;
    const { client, sleeps } = await clientFor(() =>
      ++calls === 1
        ? { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '2' } }
        : { status: 200, body: {} },
    );
    await client.get('/system/info');
    expect(sleeps).toEqual([2000]);
  });

  it('keeps 503s bounded by the attempts and leaves the queue to back off by receive count', async () => {
    const { client, server, sleeps } = await clientFor(() => ({ status: 503 }), {
      maxAttempts: 3,
      random: () => 0.75,
    });
    const error = await client.get('/system/info').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWiseUnavailableError);
    expect(error).toMatchObject({ retryable: true, retryAfterSeconds: undefined });
    expect(server.apiRequests()).toHaveLength(3);
    expect(sleeps).toEqual([150, 300]);
  });

  it('surfaces a throttled request as retryable when the Lambda has no time to wait', async () => {
    const { client, sleeps } = await clientFor(() => ({ status: 429, headers: { 'retry-after': '60' } }), {
      remainingTimeMs: () => 15_000,
    });
    const error = await client.get('/system/info').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWiseRateLimitError);
    expect(error).toMatchObject({ retryAfterSeconds: 60 });
    expect(sleeps).toEqual([]);
  });

  it('times out a GET that does not answer and retries it', async () => {
    const { client, server } = await clientFor(() => 'hang', { timeoutMs: 100, maxAttempts: 2 });
    const error = await client.get('/system/info').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWiseUnavailableError);
    expect(String(error)).toContain('timed out');
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('does not re-send a POST answered 500: ConnectWise may have saved the ticket before failing', async () => {
    const { client, server } = await clientFor(
      () => ({ status: 500, body: { message: 'workflow failed' } }),
      {
        maxAttempts: 3,
      },
    );
    const error = await client.post('/service/tickets', { summary: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWiseAmbiguousWriteError);
    expect(error).toMatchObject({ retryable: true });
    expect(server.apiRequests()).toHaveLength(1);
  });

  it('times out a POST that does not answer without re-sending it', async () => {
    const { client, server } = await clientFor(() => 'hang', { timeoutMs: 100, maxAttempts: 3 });
    const error = await client.post('/service/tickets', { summary: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWiseAmbiguousWriteError);
    expect(server.apiRequests()).toHaveLength(1);
  });
});
