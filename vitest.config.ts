import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Reads what the whole run recorded: runs afterwards with vitest.conformance.config.ts.
    exclude: ['test/conformance/**', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export.
export default config;
