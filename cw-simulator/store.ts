/** A stored ConnectWise record: plain JSON with a numeric id. */
export type JsonRecord = Record<string, unknown> & { id: number };

// ConnectWise lists `id` first; keeping that order makes responses and dumps read the same way.
const withIdFirst = (id: number, record: Record<string, unknown>): JsonRecord => {
  const { id: _replaced, ...rest } = structuredClone(record);
  return { id, ...rest };
};

/**
 * In-memory collections with ConnectWise-style auto-increment ids. Records are deep-copied on
 * the way in and out, so a caller mutating a response cannot change stored state.
 */
export class SimulatorStore {
  private readonly collections = new Map<string, Map<number, JsonRecord>>();
  private readonly lastIds = new Map<string, number>();

  /** Stores a record under the next id of its collection (or its own id, for seeds) and returns it. */
  insert(collection: string, record: Record<string, unknown>, id?: number): JsonRecord {
    const nextId = id ?? (this.lastIds.get(collection) ?? 0) + 1;
    this.lastIds.set(collection, Math.max(nextId, this.lastIds.get(collection) ?? 0));
    const ordered = withIdFirst(nextId, record);
    this.records(collection).set(nextId, ordered);
    return structuredClone(ordered);
  }

  get(collection: string, id: number): JsonRecord | undefined {
    const record = this.collections.get(collection)?.get(id);
    return record === undefined ? undefined : structuredClone(record);
  }

  /** Every record of a collection in id order. */
  list(collection: string): JsonRecord[] {
    return this.select(collection, () => true);
  }

  /**
   * The records `matches` accepts, in id order. Only those are copied, so a lookup among many
   * records costs a scan, not a copy of the collection. `matches` sees stored state: it must
   * only read it.
   */
  select(collection: string, matches: (record: Readonly<JsonRecord>) => boolean): JsonRecord[] {
    return [...(this.collections.get(collection)?.values() ?? [])]
      .filter((record) => matches(record))
      .sort((a, b) => a.id - b.id)
      .map((record) => structuredClone(record));
  }

  /** The first record, in id order, that `matches` accepts; `matches` must only read. */
  find(collection: string, matches: (record: Readonly<JsonRecord>) => boolean): JsonRecord | undefined {
    let first: JsonRecord | undefined;
    for (const record of this.collections.get(collection)?.values() ?? []) {
      if ((first === undefined || record.id < first.id) && matches(record)) first = record;
    }
    return first === undefined ? undefined : structuredClone(first);
  }

  replace(collection: string, record: JsonRecord): JsonRecord {
    const ordered = withIdFirst(record.id, record);
    this.records(collection).set(record.id, ordered);
    return structuredClone(ordered);
  }

  remove(collection: string, id: number): boolean {
    return this.collections.get(collection)?.delete(id) ?? false;
  }

  /** Every collection with its records, for `GET /__sim/state`. */
  dump(): Record<string, JsonRecord[]> {
    return Object.fromEntries([...this.collections.keys()].sort().map((name) => [name, this.list(name)]));
  }

  /** Forgets every record and id counter. */
  clear(): void {
    this.collections.clear();
    this.lastIds.clear();
  }

  private records(collection: string): Map<number, JsonRecord> {
    let records = this.collections.get(collection);
    if (records === undefined) {
      records = new Map();
      this.collections.set(collection, records);
    }
    return records;
  }
}
