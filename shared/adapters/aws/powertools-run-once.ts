import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { WorkInProgressError } from '../../errors.js';
import type { RunOnce, RunOnceKey } from '../../ports/run-once.js';

/** A second delivery of an event still in progress comes back after this. */
export const inProgressRetrySeconds = 5;

/**
 * The result as it is stored and as every later call gets it: plain JSON. DynamoDB's marshalling
 * refuses an `undefined` property (a data sync's first `from`, say), and the result would then be
 * lost after the work was done, leaving the key in progress; JSON drops those properties, the same
 * for the first call as for every replay.
 */
const storable = <T>(result: T): T => JSON.parse(JSON.stringify(result)) as T;

/** Run-once over Powertools idempotency: the Lambda context it needs for in-progress expiry. */
export interface PowertoolsRunOnce {
  readonly runOnce: RunOnce;
  /** Call at the start of every invocation, so a crashed attempt's lock expires with the Lambda. */
  readonly registerLambdaContext: (context: Context) => void;
}

/**
 * `RunOnce` on Powertools idempotency with its DynamoDB persistence layer (the idempotency
 * table). The key is partner + eventId + job; records live `expiresAfterSeconds` (covering the queue's
 * retention, so a late redelivery is still recognised).
 */
export const createPowertoolsRunOnce = (
  client: DynamoDBClient,
  tableName: string,
  expiresAfterSeconds: number,
): PowertoolsRunOnce => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[partnerId, eventId, job]',
    expiresAfterSeconds,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
  const run = makeIdempotent(
    async (_key: RunOnceKey, work: () => Promise<Record<string, unknown>>) => storable(await work()),
    {
      persistenceStore,
      config,
      dataIndexArgument: 0,
    },
  );
  const runOnce: RunOnce = async (key, work) => {
    try {
      // Only the key is stored and hashed; `work` never reaches the persistence layer.
      return (await run({ partnerId: key.partnerId, eventId: key.eventId, job: key.job }, work)) as Awaited<
        ReturnType<typeof work>
      >;
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new WorkInProgressError(
          `${key.job} of event ${key.partnerId}/${key.eventId} is already being processed`,
          { retryAfterSeconds: inProgressRetrySeconds, cause: error },
        );
      }
      throw error;
    }
  };
  return { runOnce, registerLambdaContext: (context) => config.registerLambdaContext(context) };
};
