#!/usr/bin/env node
// Launcher for `npx cwbridge`: the CLI is TypeScript, run through tsx's loader (a dev dependency,
// present after `npm ci`), so there is no build step between editing and running it.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
