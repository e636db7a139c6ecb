/** Delays the next delivery of a queue message that must be retried. */
export interface MessageVisibility {
  /** The message becomes visible again after `seconds` (0 = now). */
  delay(receiptHandle: string, seconds: number): Promise<void>;
}
