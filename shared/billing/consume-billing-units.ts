import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { RetryableError } from '../errors.js';
import { logger } from '../observability.js';
import {
  type BillingMessage,
  type BillingUnit,
  isPlanContinuation,
  type PlanContinuation,
} from '../ports/billing-units.js';
import type { MessageVisibility } from '../ports/message-visibility.js';
import { continuePlan, type PlanPageDeps, runSweepUnit, type SweepUnitDeps } from './billing-sweep.js';

export interface BillingConsumerDeps extends SweepUnitDeps, Pick<PlanPageDeps, 'queue' | 'planPageSize'> {
  readonly visibility: MessageVisibility;
  /** The billing queue's maxReceiveCount: the receive on which a failing customer is reported. */
  readonly maxReceiveCount: number;
  readonly random: () => number;
}

const runSchema = {
  partnerId: z.string().min(1),
  runId: z.string().min(1),
  startedAt: z.iso.datetime(),
};

const unitSchema = z.object({
  ...runSchema,
  customerId: z.string().min(1),
  customerName: z.string(),
}) satisfies z.ZodType<BillingUnit>;

const continuationSchema = z.object({
  ...runSchema,
  kind: z.literal('plan-next'),
  step: z.int().min(1),
  cursor: z.string().min(1),
  queued: z.int().min(0),
}) satisfies z.ZodType<PlanContinuation>;

/** A continuation names its kind; a unit does not (units were the queue's only message at first). */
const messageSchema = z.union([continuationSchema, unitSchema]) satisfies z.ZodType<BillingMessage>;

/** Retries of a unit wait 5 s doubling up to 15 minutes (Retry-After wins), with jitter. */
const retrySeconds = (receiveCount: number, error: unknown, random: () => number): number => {
  const retryAfter = error instanceof RetryableError ? error.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) return Math.min(900, Math.max(1, Math.ceil(retryAfter)));
  const backoff = Math.min(900, 5 * 2 ** Math.max(0, receiveCount - 1));
  return Math.ceil(backoff * (0.5 + random() / 2));
};

/**
 * Works through a batch of the billing queue one message after the other (a batch is one
 * partner's customers more often than not, and one at a time is what its pace allows anyway): a
 * unit is reconciled, a continuation plans the run's next page. A message that must wait (for
 * ConnectWise, or a failed write) gets its own visibility and is reported as a batch item failure;
 * a message that cannot be read is too, so it reaches the dead-letter queue after its receives.
 */
export const consumeBillingUnits = async (
  deps: BillingConsumerDeps,
  records: readonly SQSRecord[],
): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  // A batch is mostly one partner's customers: its configuration is read once per batch, not
  // once per customer, and a change an operator saves applies from the next batch on.
  const configs = new Map<string, ReturnType<SweepUnitDeps['partners']['getConfig']>>();
  const partners: SweepUnitDeps['partners'] = {
    getConfig: (partnerId) => {
      const known = configs.get(partnerId);
      if (known) return known;
      const read = deps.partners.getConfig(partnerId);
      configs.set(partnerId, read);
      // A failed read is not kept: the next unit reads again.
      read.catch(() => configs.delete(partnerId));
      return read;
    },
  };
  for (const record of records) {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    let message: BillingMessage;
    try {
      message = messageSchema.parse(JSON.parse(record.body));
    } catch (error) {
      logger.error('billing queue message is not a billing unit', { messageId: record.messageId, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      if (isPlanContinuation(message)) {
        const outcome = await continuePlan(deps, message);
        if (outcome.kind === 'duplicate') {
          logger.info('billing plan page already planned', {
            partnerId: message.partnerId,
            runId: message.runId,
          });
        }
      } else {
        await runSweepUnit({ ...deps, partners }, message, {
          lastAttempt: receiveCount >= deps.maxReceiveCount,
        });
      }
    } catch (error) {
      const seconds = retrySeconds(receiveCount, error, deps.random);
      logger.warn('billing queue message will be retried', {
        partnerId: message.partnerId,
        ...(isPlanContinuation(message)
          ? { runId: message.runId, planStep: message.step }
          : { customerId: message.customerId }),
        receiveCount,
        visibilityTimeoutSeconds: seconds,
        error,
      });
      try {
        await deps.visibility.delay(record.receiptHandle, seconds);
      } catch (visibilityError) {
        logger.warn('could not change message visibility', { error: visibilityError });
      }
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
