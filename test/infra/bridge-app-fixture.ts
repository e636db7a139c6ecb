import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addBridgeStacks, type BridgeStacks } from '../../infra/bridge-app.js';

/** A synthesized bridge app with the templates of both stacks. */
export interface SynthesizedBridge extends BridgeStacks {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

const projectContext = (): Record<string, unknown> => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
};

/**
 * Builds the app the way `cdk synth` does (cdk.json context, then `overrides`). Pass
 * `bundle: false` when a test does not look at function code: bundling is the slow part.
 */
export const synthesizeBridge = (
  overrides: Record<string, unknown> = {},
  options: { bundle?: boolean } = {},
): SynthesizedBridge => {
  const context = { ...projectContext(), ...overrides };
  if (options.bundle === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context });
  const stacks = addBridgeStacks(app);
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
};
