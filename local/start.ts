import { readLocalStackOptions } from './local-settings.js';
import { type LocalStack, PortInUseError, startLocalStack } from './local-stack.js';
import { MotoUnavailableError } from './moto.js';
import { formatReadyBanner } from './ready-banner.js';

// `npm start`: the whole bridge on this machine. Settings come from the environment (local/README.md).
const startedAt = Date.now();

/** Stops everything once, then exits: no moto_server or server outlives the process. */
const stopOnSignalsAndCrashes = (stack: LocalStack): void => {
  let stopping = false;
  const shutdown = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping the local stack...`);
    stack.stop().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error(`local stack did not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('uncaughtException', (error) => {
    console.error(error);
    shutdown('uncaught exception', 1);
  });
  process.on('unhandledRejection', (error) => {
    console.error(error);
    shutdown('unhandled rejection', 1);
  });
};

try {
  const stack = await startLocalStack(readLocalStackOptions());
  stopOnSignalsAndCrashes(stack);
  console.log(formatReadyBanner(stack, Date.now() - startedAt));
} catch (error) {
  const expected = error instanceof MotoUnavailableError || error instanceof PortInUseError;
  console.error(expected ? (error as Error).message : error);
  process.exit(1);
}
