import { defineConfig } from 'vitest/config';
import { loadRunFiles, config as suiteConfig } from './vitest.config.js';

/**
 * `npm run test:load`: the load run alone, with the suite's setup (its own moto, the captured
 * output the secrets check reads). Kept out of `npm test` by the suite's exclude: it takes minutes.
 */
export const config = defineConfig({
  test: { ...suiteConfig.test, include: [...loadRunFiles], exclude: ['**/node_modules/**'] },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export.
export default config;
