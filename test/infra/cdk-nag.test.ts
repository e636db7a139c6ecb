import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthesizeBridge } from './bridge-app-fixture.js';

const acknowledgementsIn = (root: IConstruct): { path: string; id: string; reason: string }[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions checks', () => {
  // Bundling does not change any checked property, so these apps skip it.
  it('finds nothing unacknowledged in the default app', () => {
    const { app } = synthesizeBridge({}, { bundle: false });
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
  });

  it('finds nothing unacknowledged when alarms are emailed', () => {
    const { app } = synthesizeBridge({ alarmEmail: 'ops@example.com' }, { bundle: false });
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('gives every acknowledged finding a specific reason', () => {
    const { app } = synthesizeBridge({ alarmEmail: 'ops@example.com' }, { bundle: false });
    const acknowledgements = acknowledgementsIn(app).filter((a) => a.id.includes('AwsSolutions-'));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { reason } of acknowledgements) expect(reason.length).toBeGreaterThan(60);
  });

  it('still reports a finding that nobody acknowledged', () => {
    const { app, stateful } = synthesizeBridge({}, { bundle: false });
    // An unencrypted queue is a real AwsSolutions-SQS2 finding: the checks must not be silenced wholesale.
    const queue = stateful.syncQueue.node.defaultChild as unknown as { sqsManagedSseEnabled?: boolean };
    queue.sqsManagedSseEnabled = false;
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-SQS2');
  });
});
