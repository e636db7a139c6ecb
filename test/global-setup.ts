import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type MotoServer, startMoto } from '../local/moto.js';
import { conformanceLogPath, outputLogDir, testSecretsPath } from './conformance/log-path.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
    conformanceLog: string;
    outputLogDir: string;
  }
}

let moto: MotoServer | undefined;

/** One moto_server for the whole run, on a free port; each test file uses its own resource names. */
export const setup = async (project: TestProject): Promise<void> => {
  mkdirSync(dirname(conformanceLogPath), { recursive: true });
  writeFileSync(conformanceLogPath, '');
  project.provide('conformanceLog', conformanceLogPath);
  // Each test process appends its console output here (test/setup-env.ts); emptied per run.
  rmSync(outputLogDir, { recursive: true, force: true });
  mkdirSync(outputLogDir, { recursive: true });
  project.provide('outputLogDir', outputLogDir);
  writeFileSync(testSecretsPath, '');
  moto = await startMoto();
  project.provide('motoEndpoint', moto.endpoint);
};

export const teardown = async (): Promise<void> => {
  await moto?.stop();
};
