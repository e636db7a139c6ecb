import type { TestProject } from 'vitest/node';
import { type MotoServer, startMoto } from '../local/moto.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

let moto: MotoServer | undefined;

/** One moto_server for the whole run, on a free port; each test file uses its own resource names. */
export const setup = async (project: TestProject): Promise<void> => {
  moto = await startMoto();
  project.provide('motoEndpoint', moto.endpoint);
};

export const teardown = async (): Promise<void> => {
  await moto?.stop();
};
