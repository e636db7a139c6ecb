import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const synthLint = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts['synth:lint'];

/** Runs the `synth:lint` script the way npm does (`sh -c`), with only `tools` on PATH. */
const runSynthLint = (tools: readonly string[]) => {
  const bin = mkdtempSync(join(tmpdir(), 'synth-lint-'));
  for (const tool of tools) {
    // A stand-in that records its call, so the order of the real steps can be seen.
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*"\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  // Run where no templates exist, so the glob reaches the stand-in unexpanded.
  return spawnSync('/bin/sh', ['-c', synthLint ?? 'exit 99'], {
    cwd: bin,
    env: { PATH: bin },
    encoding: 'utf8',
  });
};

describe('npm run synth:lint (the last step of npm test)', () => {
  it('fails with the install hint when cfn-lint is missing, before spending time on a synth', () => {
    const run = runSynthLint(['cdk']);

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("pip install 'moto[server]' cfn-lint");
    expect(run.stdout).not.toContain('cdk synth');
  });

  it('synthesizes, then lints the templates ignoring only W3005, when cfn-lint is present', () => {
    const run = runSynthLint(['cdk', 'cfn-lint']);

    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'cdk synth --quiet',
      'cfn-lint -i W3005 -- cdk.out/*.template.json',
    ]);
  });
});
