import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A TCP proxy in front of one server, which can play an outage of it. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: what a client uses instead of the target. */
  readonly url: string;
  /**
   * Resets every open connection and refuses new ones (nothing listens) for `ms`, then accepts
   * again; resolves once it does. The target itself keeps running and keeps its state.
   */
  interrupt(ms: number): Promise<void>;
  /** Connections forwarded so far. */
  connections(): number;
  stop(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });

/** Listens again on the port it held; another process may take a freed port for a moment. */
const relisten = async (server: Server, port: number): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await listen(server, port);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(50);
    }
  }
};

/** Starts a proxy on a free loopback port forwarding every connection to `targetUrl`'s host and port. */
export const startTcpProxy = async (targetUrl: string): Promise<TcpProxy> => {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const open = new Set<Socket>();
  let forwarded = 0;
  const server = createServer((client) => {
    forwarded += 1;
    const upstream = tcpConnect(targetPort, target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    // Either side failing or closing ends both, as a broken network path would.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await listen(server, 0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => forwarded,
    interrupt: async (ms) => {
      // Closing the listener refuses new connections at once; the open ones are reset by hand.
      server.close();
      for (const socket of open) socket.resetAndDestroy();
      await sleep(ms);
      await relisten(server, port);
    },
    stop: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => {
        if (!server.listening) resolve();
        else server.close(() => resolve());
      });
    },
  };
};
