/** A message of the sync queue's dead-letter queue, as received (held out of sight for a while). */
export interface DeadLetter {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** The message's string attributes (`partnerId`, `customerId` for sync records). */
  readonly attributes: Readonly<Record<string, string>>;
  /** How often SQS has handed the message out, the sync queue's receives included. */
  readonly receiveCount: number;
  /** When the message was first sent to the sync queue (ISO 8601). */
  readonly sentAt: string;
}

/**
 * The dead-letter queue as operators work it: receive to look (the messages stay out of sight for
 * `holdSeconds`), then release what was only looked at and delete what was moved back.
 */
export interface DeadLetterQueue {
  /** Up to ten messages, out of sight for `holdSeconds`; an empty answer after a short wait. */
  receive(holdSeconds: number): Promise<DeadLetter[]>;
  /** Makes the messages visible again now (a handle that expired meanwhile is ignored). */
  release(receiptHandles: readonly string[]): Promise<void>;
  delete(receiptHandle: string): Promise<void>;
}
