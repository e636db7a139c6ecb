import { afterEach, describe, expect, it } from 'vitest';
import { createSyncDeps } from '../../../functions/sync/wiring.js';
import { syncQueue, tables } from '../../../shared/resources.js';
import { retryBackoffEnvVars } from '../../../shared/sync/failure-policy.js';

const requiredEnv = {
  [tables.events.envVar]: 'events',
  [tables.eventLog.envVar]: 'event-log',
  [tables.partners.envVar]: 'partners',
  [tables.state.envVar]: 'state',
  [tables.idempotency.envVar]: 'idempotency',
  [syncQueue.envVar]: 'http://127.0.0.1/queue/sync',
};
const saved = { ...process.env };

const wireWith = (env: Record<string, string>) => {
  for (const name of [...Object.values(retryBackoffEnvVars), 'DATA_SYNC_WINDOW_SECONDS'])
    delete process.env[name];
  Object.assign(process.env, requiredEnv, env);
  return createSyncDeps({ remainingTimeMs: () => 60_000 }).deps;
};

afterEach(() => {
  process.env = { ...saved };
});

describe('sync function wiring: retry backoff', () => {
  it('backs off 1–2 s first, up to five minutes, when nothing is configured', () => {
    expect(wireWith({}).retryBackoff).toEqual({ baseSeconds: 2, maxSeconds: 300 });
  });

  it('takes the base and cap from SYNC_RETRY_BASE_SECONDS and SYNC_RETRY_MAX_SECONDS', () => {
    const deps = wireWith({ SYNC_RETRY_BASE_SECONDS: '1', SYNC_RETRY_MAX_SECONDS: '5' });
    expect(deps.retryBackoff).toEqual({ baseSeconds: 1, maxSeconds: 5 });
  });

  it('refuses to start with a cap below the base, naming the variable', () => {
    expect(() => wireWith({ SYNC_RETRY_BASE_SECONDS: '10', SYNC_RETRY_MAX_SECONDS: '5' })).toThrow(
      /SYNC_RETRY_MAX_SECONDS/,
    );
  });

  it('refuses a cap beyond the 12 hours SQS allows', () => {
    expect(() => wireWith({ SYNC_RETRY_MAX_SECONDS: '43201' })).toThrow(/SYNC_RETRY_MAX_SECONDS/);
  });
});

describe('sync function wiring: data sync window', () => {
  it("syncs a customer's data at most every 12 hours when nothing is configured", () => {
    expect(wireWith({}).dataSyncWindowSeconds).toBe(43_200);
  });

  it('takes the window from DATA_SYNC_WINDOW_SECONDS', () => {
    expect(wireWith({ DATA_SYNC_WINDOW_SECONDS: '3600' }).dataSyncWindowSeconds).toBe(3600);
  });

  it('refuses to start with a window that is not a whole number of seconds, naming the variable', () => {
    expect(() => wireWith({ DATA_SYNC_WINDOW_SECONDS: '12h' })).toThrow(/DATA_SYNC_WINDOW_SECONDS/);
  });
});
