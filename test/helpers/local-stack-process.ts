import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { signEvent } from '../../shared/signing.js';

/** `npm start` as a child process, with its output collected. */
export interface LocalStackProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
}

/** Spawns the real entry point (`local/start.ts`) with `env` added to this process's environment. */
export const spawnLocalStack = (env: Record<string, string>): LocalStackProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
};

/** Waits until the output contains `pattern`; fails with the output so far when the process dies or time runs out. */
export const waitForOutput = async (
  stack: LocalStackProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<string> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(stack.output());
    if (match) return match[0];
    if (stack.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`local stack did not print ${pattern} within ${timeoutMs} ms:\n${stack.output()}`);
};

/** True when nothing listens on `port` any more (the server that held it is gone). */
export const isPortFree = async (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** Posts `event` to the local HTTP API signed with `secret`, as the backup portal would. */
export const postSignedEvent = async (apiUrl: string, secret: string, event: unknown): Promise<Response> => {
  const body = JSON.stringify(event);
  return fetch(`${apiUrl}/v1/events`, { method: 'POST', headers: signEvent(secret, body).headers, body });
};
