import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type MotoServer, startMoto } from '../local/moto.js';
import { conformanceLogPath } from './conformance/log-path.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
    conformanceLog: string;
  }
}

let moto: MotoServer | undefined;

/** One moto_server for the whole run, on a free port; each test file uses its own resource names. */
export const setup = async (project: TestProject): Promise<void> => {
  mkdirSync(dirname(conformanceLogPath), { recursive: true });
  writeFileSync(conformanceLogPath, '');
  project.provide('conformanceLog', conformanceLogPath);
  moto = await startMoto();
  project.provide('motoEndpoint', moto.endpoint);
};

export const teardown = async (): Promise<void> => {
  await moto?.stop();
};
