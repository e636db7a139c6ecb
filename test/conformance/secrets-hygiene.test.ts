import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMPANY_ID,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
} from '../../cw-simulator/credentials.js';
import { defaultAdminToken, defaultDemoWebhookSecret } from '../../local/local-settings.js';
import { outputLogDir, testSecretsPath } from './log-path.js';

/** Every console line the run's test processes wrote (test/setup-env.ts captures them). */
const capturedLines = (): string[] =>
  existsSync(outputLogDir)
    ? readdirSync(outputLogDir).flatMap((file) => readFileSync(join(outputLogDir, file), 'utf8').split('\n'))
    : [];

const demoBasicAuth = Buffer.from(
  `${DEFAULT_COMPANY_ID}+${DEFAULT_PUBLIC_KEY}:${DEFAULT_PRIVATE_KEY}`,
).toString('base64');

/** The secrets the tests handed to the bridge, and the local stack's and simulator's defaults. */
const knownSecrets = (): string[] =>
  [
    ...new Set([
      DEFAULT_PRIVATE_KEY,
      demoBasicAuth,
      defaultAdminToken,
      defaultDemoWebhookSecret,
      ...(existsSync(testSecretsPath) ? readFileSync(testSecretsPath, 'utf8').split('\n') : []),
    ]),
  ].filter((secret) => secret.length >= 8);

describe('secrets in the output of the whole test run', () => {
  const lines = capturedLines();

  it('were looked for in what the handlers logged, info lines included', () => {
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.some((line) => line.includes('admin request served'))).toBe(true);
    expect(lines.some((line) => /"level":\s*"INFO"/.test(line))).toBe(true);
    expect(knownSecrets().length).toBeGreaterThanOrEqual(5);
  });

  it('never appear: no private key, webhook secret, admin token or Authorization value in any line', () => {
    const secrets = knownSecrets();
    const leaks = lines.flatMap((line, index) =>
      secrets
        .filter((secret) => line.includes(secret))
        .map((secret) => `line ${index}: ${secret.slice(0, 4)}…`),
    );
    expect(leaks).toEqual([]);
    const shapes = [
      /"privateKey"\s*:\s*"(?!\*{8}")[^"]+"/,
      /"webhookSecret"\s*:\s*"(?!\*{8}"|generate")[^"]+"/,
      /\b(?:Bearer|Basic)\s+[A-Za-z0-9+/=._-]{8,}/,
    ];
    expect(lines.filter((line) => shapes.some((shape) => shape.test(line))).slice(0, 5)).toEqual([]);
  });
});
