import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What `sync-worker.ts` prints once its polling loops run. */
export const syncWorkerReadyLine = 'sync worker ready';

const workerEntry = fileURLToPath(new URL('./sync-worker.ts', import.meta.url));

/** A sync worker process (`sync-worker.ts`) and the way to end it. */
export interface SyncWorkerProcess {
  /** Everything the worker printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns the sync worker with this process's environment and `env` on top, and resolves once it
 * polls. Its output (the handler's logs) is passed to this process's console.info, so the run's
 * log capture holds it as it holds the in-process handler's.
 */
export const startSyncWorker = async (
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<SyncWorkerProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    console.info(text.trimEnd());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(syncWorkerReadyLine)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the sync worker did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      // A poll in flight ends within its one-second wait; past that the worker is killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
};
