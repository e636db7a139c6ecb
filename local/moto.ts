import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Printed whenever moto_server cannot be started, so the fix is one copy-paste away. */
export const motoInstallHint =
  "moto_server was not found on PATH. Install it with: pip install 'moto[server]'  (Python 3.9+), " +
  'then check that `moto_server --help` works.';

export class MotoUnavailableError extends Error {
  override readonly name = 'MotoUnavailableError';
}

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0. */
export const findFreePort = async (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const isMotoInstalled = (): boolean => spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

const waitUntilReady = async (endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new MotoUnavailableError(`moto_server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new MotoUnavailableError(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
};

/**
 * Starts `moto_server` on 127.0.0.1. Port 0 picks a free one. Fails with an install hint when
 * moto is missing: a run without AWS emulation must never pass silently.
 */
export const startMoto = async (options: { port?: number; timeoutMs?: number } = {}): Promise<MotoServer> => {
  if (!isMotoInstalled()) throw new MotoUnavailableError(motoInstallHint);
  const port = options.port || (await findFreePort());
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, options.timeoutMs ?? 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new MotoUnavailableError(`${(error as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
};
