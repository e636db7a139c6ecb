import { defineConfig } from 'vitest/config';

/**
 * Files whose checks time what the bridge does (the pace, waiting out an outage, the queue's
 * delivery delay): they run alone, after the rest, so other files' load cannot skew them.
 */
const timingFiles = [
  'test/integration/sync-delivery.test.ts',
  'test/e2e/connectwise-outage.test.ts',
  'test/e2e/local-stack.test.ts',
];

export const config = defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          // The conformance files read what the whole run recorded: vitest.conformance.config.ts.
          exclude: ['test/conformance/**', '**/node_modules/**', ...timingFiles],
          // The suite waits on moto, the simulator and queues far more than it computes: three
          // files at once on two cores take about 60% of the time of one at a time (vitest's
          // default here).
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'timing', include: timingFiles, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export.
export default config;
