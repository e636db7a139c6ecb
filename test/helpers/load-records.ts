import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { JournalEntry } from '../../cw-simulator/journal.js';
import type { LocalStack } from '../../local/local-stack.js';
import type { EventLogEntry } from '../../shared/ports/event-log.js';
import { tables } from '../../shared/resources.js';
import { type SimRecord, simulatorRequests, simulatorState } from './e2e-local-stack.js';

/** Everything the system kept about a load run, read once it has settled. */
export interface LoadRecords {
  /** Event id → when ingest stored it (ISO 8601, the events table's `receivedAt`). */
  readonly receivedAt: ReadonlyMap<string, string>;
  /** Every line of every account's event log. */
  readonly eventLog: readonly EventLogEntry[];
  /** The ConnectWise requests of the run (after the setup's). */
  readonly journal: readonly JournalEntry[];
  readonly tickets: readonly SimRecord[];
  readonly notes: readonly SimRecord[];
}

/** Every item of a table, page by page, with only `projection`'s attributes when given. */
const scanAll = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  projection?: string,
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ExclusiveStartKey: startKey,
        ...(projection && { ProjectionExpression: projection }),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

const toEntry = (item: Record<string, unknown>): EventLogEntry => {
  const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...entry } = item;
  return entry as unknown as EventLogEntry;
};

/**
 * Reads the run's records: the stored events and the event log straight from their tables (one
 * scan each, cheaper on moto than a query per account), the simulator's journal after `mark`,
 * and its tickets and notes.
 */
export const readLoadRecords = async (stack: LocalStack, mark: number): Promise<LoadRecords> => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.motoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    const stored = await scanAll(client, stack.env[tables.events.envVar] ?? '', 'eventId, receivedAt');
    const eventLog = await scanAll(client, stack.env[tables.eventLog.envVar] ?? '');
    const state = await simulatorState(stack.simulatorUrl);
    return {
      receivedAt: new Map(stored.map((item) => [String(item.eventId), String(item.receivedAt)])),
      eventLog: eventLog.map(toEntry),
      journal: await simulatorRequests(stack.simulatorUrl, mark),
      tickets: state.tickets ?? [],
      notes: state.notes ?? [],
    };
  } finally {
    client.destroy();
  }
};
