import { readLocalStackOptions } from './local-settings.js';
import { startLocalStack } from './local-stack.js';
import { MotoUnavailableError } from './moto.js';
import { formatReadyBanner } from './ready-banner.js';

// `npm start`: the whole bridge on this machine. Settings come from the environment (local/README.md).
const startedAt = Date.now();

try {
  const stack = await startLocalStack(readLocalStackOptions());
  console.log(formatReadyBanner(stack, Date.now() - startedAt));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack...`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`local stack did not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  console.error(error instanceof MotoUnavailableError ? error.message : error);
  process.exit(1);
}
