/** Wires a ConnectWiseHttpClient to a fresh canned server per test, closed after each test. */
import { afterEach } from 'vitest';
import { type ConnectWiseClientOptions, ConnectWiseHttpClient } from '../../../shared/connectwise/index.js';
import { type CannedHandler, type CannedServer, startCannedServer } from './canned-connectwise-server.js';

/** The key triple whose Basic header the tests check byte for byte. */
export const keys = {
  companyId: 'acme',
  publicKey: 'pub',
  privateKey: 'priv',
  clientId: 'c0ffee00-0000-4000-8000-000000000001',
};

/**
 * Registers cleanup and returns `clientFor(handler, options)`: a client against a canned server
 * whose sleeps are recorded, not waited.
 */
export const useCannedClients = () => {
  const servers: CannedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (handler: CannedHandler, options: ConnectWiseClientOptions = {}) => {
    const server = await startCannedServer(handler);
    servers.push(server);
    const sleeps: number[] = [];
    const client = new ConnectWiseHttpClient(
      { ...keys, siteUrl: server.siteUrl },
      {
        allowPrivateSiteUrl: true,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        ...options,
      },
    );
    return { client, sleeps, server };
  };
};
