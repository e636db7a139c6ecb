import { defineConfig } from 'vitest/config';

/** Runs of many minutes, each with a config of its own (`npm run test:load`), never in `npm test`. */
export const loadRunFiles = ['test/e2e/load.test.ts'] as const;

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Reads what the whole run recorded: runs afterwards with vitest.conformance.config.ts.
    exclude: ['test/conformance/**', ...loadRunFiles, '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export.
export default config;
