import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestMetricNames } from '../../shared/ingest/ingest-metric-names.js';
import { metricsNamespace, serviceName } from '../../shared/resources.js';
import { syncMetricNames } from '../../shared/sync/sync-metrics.js';
import { type SynthesizedBridge, synthesizeBridge } from './bridge-app-fixture.js';

interface DashboardWidget {
  properties: { title?: string; metrics?: unknown[][] };
}

/** The dashboard's widgets, with CloudFormation references (function names) left as placeholders. */
const widgetsOf = (bridge: SynthesizedBridge): DashboardWidget[] => {
  const [dashboard] = Object.values(bridge.statelessTemplate.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard?.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return (JSON.parse(text) as { widgets: DashboardWidget[] }).widgets;
};

/** The business metrics (namespace, name, service dimension) charted by the widget titled `title`. */
const businessMetricsIn = (bridge: SynthesizedBridge, title: string): string[] => {
  const widget = widgetsOf(bridge).find((candidate) => candidate.properties.title === title);
  return (widget?.properties.metrics ?? [])
    .filter(
      (metric) => metric[0] === metricsNamespace && metric[2] === 'service' && metric[3] === serviceName,
    )
    .map((metric) => String(metric[1]));
};

describe('monitoring of the ticket sync', () => {
  let bridge: SynthesizedBridge;

  beforeAll(() => {
    bridge = synthesizeBridge({}, { bundle: false });
  });

  it('alarms as soon as one sync record is written to an event log as a permanent failure', () => {
    bridge.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: metricsNamespace,
      MetricName: syncMetricNames.syncFailures,
      Dimensions: [{ Name: 'service', Value: serviceName }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp('event log'),
    });
  });

  it('emails the sync-failure alarm when an alarm email is configured', () => {
    const withEmail = synthesizeBridge({ alarmEmail: 'ops@example.com' }, { bundle: false });
    withEmail.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: syncMetricNames.syncFailures,
      AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('AlarmTopic') })],
    });
  });

  it('charts tickets created, noted and resolved, events without a rule and replays', () => {
    expect(businessMetricsIn(bridge, 'Ticket sync')).toEqual([
      syncMetricNames.ticketsCreated,
      syncMetricNames.ticketNotesAdded,
      syncMetricNames.ticketsResolved,
      syncMetricNames.eventsWithoutTicketRule,
      syncMetricNames.syncReplays,
    ]);
  });

  it('charts data syncs done, skipped by the 12-hour window, not needed, changes and setup problems', () => {
    expect(businessMetricsIn(bridge, 'Data sync')).toEqual([
      syncMetricNames.dataSyncsCompleted,
      syncMetricNames.dataSyncsSkipped,
      syncMetricNames.dataSyncsNotNeeded,
      syncMetricNames.eventsWithoutSyncRule,
      syncMetricNames.dataSyncChanges,
      syncMetricNames.dataSyncProblems,
    ]);
  });

  it('charts permanent sync failures beside the records handed back for a retry', () => {
    expect(businessMetricsIn(bridge, 'Sync failures (event log) and retries')).toEqual([
      syncMetricNames.syncFailures,
      syncMetricNames.syncRetries,
    ]);
  });

  it('charts every metric the sync function emits', () => {
    const charted = widgetsOf(bridge).flatMap((widget) =>
      (widget.properties.metrics ?? []).filter((metric) => metric[0] === metricsNamespace).map((m) => m[1]),
    );
    expect(charted).toEqual(expect.arrayContaining(Object.values(syncMetricNames)));
  });
});

describe('monitoring of ingest', () => {
  it('charts every metric the ingest function emits, under the names it emits them', () => {
    const bridge = synthesizeBridge({}, { bundle: false });
    expect(businessMetricsIn(bridge, 'Events')).toEqual(Object.values(ingestMetricNames));
  });
});
