import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readBridgeContext } from './context.js';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';

export interface BridgeStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Stack names as they appear in CloudFormation and `cdk deploy`. */
export const stackNames = { stateful: 'CwBridgeStateful', stateless: 'CwBridgeStateless' } as const;

/**
 * Adds both bridge stacks to `app` and runs the AwsSolutions checks over them. Tests call this
 * with their own context; `infra/app.ts` calls it for `cdk synth` and `cdk deploy`.
 */
export const addBridgeStacks = (app: App): BridgeStacks => {
  const context = readBridgeContext(app.node);
  const stateful = new StatefulStack(app, stackNames.stateful, {
    description: 'cwbridge data: tables, sync queue and dead-letter queue, admin token',
    syncDelaySeconds: context.syncDelaySeconds,
    maxReceiveCount: context.maxReceiveCount,
  });
  const stateless = new StatelessStack(app, stackNames.stateless, {
    description: 'cwbridge functions, HTTP API, schedule and alarms',
    tables: stateful.tables,
    syncQueue: stateful.syncQueue,
    deadLetterQueue: stateful.deadLetterQueue,
    billingQueue: stateful.billingQueue,
    billingDeadLetterQueue: stateful.billingDeadLetterQueue,
    billingSweepIntervalHours: context.billingSweepIntervalHours,
    billingMaxConcurrency: context.billingMaxConcurrency,
    adminTokenSecret: stateful.adminTokenSecret,
    syncDelaySeconds: context.syncDelaySeconds,
    dataSyncWindowSeconds: context.dataSyncWindowSeconds,
    eventsThrottle: context.eventsThrottle,
    adminThrottle: context.adminThrottle,
    syncMaxConcurrency: context.syncMaxConcurrency,
    circuitOpenAlarmMinutes: context.circuitOpenAlarmMinutes,
    adminAuth: context.adminAuth,
    ...(context.alarmEmail && { alarmEmail: context.alarmEmail }),
  });
  // cdk-nag 3 runs as a policy validation plugin: any unacknowledged finding fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
};
