import type { SQSRecord } from 'aws-lambda';
import type { BatchDeferrals } from './batch-deferrals.js';

/**
 * The customer a record belongs to (the message attributes ingest sets), or the record alone when
 * it carries none: records of one customer share tickets and a data sync window.
 */
export const customerOf = (record: SQSRecord): string => {
  const partnerId = record.messageAttributes?.partnerId?.stringValue;
  const customerId = record.messageAttributes?.customerId?.stringValue;
  return partnerId && customerId ? `${partnerId}|${customerId}` : record.messageId;
};

/**
 * Runs records of different customers at the same time and each customer's records one after
 * another: a partner whose pace makes its records wait (or defers them, its places taken) does
 * not hold up other partners' records in the same batch, while records that would contend for
 * the same ticket lock or data sync window do not meet. A partner's records take their places one
 * at a time, the rest are deferred without asking once one is, and a partner at its pace gets a
 * turn of the batch (`BatchDeferrals`): a batch full of one busy partner's records ends quickly,
 * and the instance moves on to other partners' records.
 *
 * A record waiting behind its customer's earlier records starts as soon as a deferral of its
 * partner is noted while that deferral lasts: it is deferred before its event is read, touching
 * no lock or window, instead of holding the batch until the records ahead of it are done.
 */
export const perCustomerInOrder = (
  deferrals: BatchDeferrals,
  processRecord: (record: SQSRecord) => Promise<void>,
): ((record: SQSRecord) => Promise<void>) => {
  const chains = new Map<string, Promise<unknown>>();
  return (record) => {
    const key = customerOf(record);
    const partnerId = record.messageAttributes?.partnerId?.stringValue;
    const ahead = chains.get(key);
    if (partnerId !== undefined) deferrals.arrived(partnerId);
    const turn =
      ahead === undefined || partnerId === undefined
        ? (ahead ?? Promise.resolve())
        : Promise.race([ahead, deferrals.deferralNoted(partnerId)]).then(() =>
            deferrals.isDeferred(partnerId) ? undefined : ahead,
          );
    const run = turn.then(() => {
      if (partnerId !== undefined) deferrals.starting(partnerId);
      return processRecord(record);
    });
    chains.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  };
};
