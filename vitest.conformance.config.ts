import { defineConfig } from 'vitest/config';

/**
 * Runs after the main suite: checks the requests every simulator recorded during it against the
 * ConnectWise 2025.1 subset. Separate so it reads a complete log, whatever order files ran in.
 */
export const config = defineConfig({
  test: { include: ['test/conformance/**/*.test.ts'] },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export.
export default config;
