/** One field a sync changes in ConnectWise: what it was (absent: `undefined`) and what it becomes. */
export interface FieldChange {
  readonly field: string;
  readonly from: number | string | undefined;
  readonly to: number | string;
}
