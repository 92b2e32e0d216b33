import type { OutgoingRecord, StoredRecord } from '../../transport/transport.ts';
import type { KeyValueStore } from './processor.ts';

const DELETED = Symbol('deleted');
type Pending<V> = V | typeof DELETED;

/**
 * A state store kept in memory and backed by a compacted changelog topic (JSON
 * values, a tombstone deletes the key). Three layers keep it from ever running
 * ahead of what Kafka committed: `committed` is the state as of the last
 * committed transaction; `pending` holds the open transaction's writes, turned
 * into changelog records by the commit and dropped by an abort; the undo list
 * lets one refused record's writes be taken back while the rest of the batch
 * stays. Values are frozen when stored (a value got from the store is never
 * changed in place: put a new one), so an abort cannot leave a changed object behind.
 */
export class ChangelogStore<V> implements KeyValueStore<V> {
  private readonly committed = new Map<string, V>();
  private readonly pending = new Map<string, Pending<V>>();
  /** The pending entries the current record replaced (undefined: the key was not pending). */
  private undo: [string, Pending<V> | undefined][] = [];

  constructor(readonly changelogTopic: string) {}

  get(key: string): V | undefined {
    const pending = this.pending.get(key);
    if (pending === DELETED) return undefined;
    return pending !== undefined ? pending : this.committed.get(key);
  }

  put(key: string, value: V): void {
    this.write(key, freeze(value));
  }

  delete(key: string): void {
    if (this.get(key) !== undefined) this.write(key, DELETED);
  }

  *entries(): IterableIterator<[string, V]> {
    for (const [key, value] of this.pending) if (value !== DELETED) yield [key, value];
    for (const entry of this.committed) if (!this.pending.has(entry[0])) yield entry;
  }

  get size(): number {
    let size = this.committed.size;
    for (const [key, value] of this.pending) size += (value === DELETED ? 0 : 1) - (this.committed.has(key) ? 1 : 0);
    return size;
  }

  /** Applies one changelog record while restoring (latest wins, tombstones delete). */
  restore(record: StoredRecord): void {
    const key = record.key!.toString('utf8');
    if (record.value === null) this.committed.delete(key);
    else this.committed.set(key, freeze(JSON.parse(record.value.toString('utf8')) as V));
  }

  /** Starts a record: its writes can be taken back with rollbackRecord until the next beginRecord. */
  beginRecord(): void {
    if (this.undo.length > 0) this.undo = [];
  }

  rollbackRecord(): void {
    for (let i = this.undo.length - 1; i >= 0; i -= 1) {
      const [key, previous] = this.undo[i]!;
      if (previous === undefined) this.pending.delete(key);
      else this.pending.set(key, previous);
    }
    this.undo = [];
  }

  /** The open transaction's changes as changelog records. */
  changelog(): OutgoingRecord[] {
    const records: OutgoingRecord[] = [];
    for (const [key, value] of this.pending) {
      records.push({ topic: this.changelogTopic, key: Buffer.from(key, 'utf8'), value: value === DELETED ? null : Buffer.from(JSON.stringify(value), 'utf8') });
    }
    return records;
  }

  /** The transaction committed: its writes become the committed state. */
  commit(): void {
    for (const [key, value] of this.pending) {
      if (value === DELETED) this.committed.delete(key);
      else this.committed.set(key, value);
    }
    this.abort();
  }

  /** The transaction did not commit: the store is what the last commit left. */
  abort(): void {
    this.pending.clear();
    this.undo = [];
  }

  private write(key: string, value: Pending<V>): void {
    this.undo.push([key, this.pending.get(key)]);
    this.pending.set(key, value);
  }
}

function freeze<V>(value: V): V {
  return typeof value === 'object' && value !== null ? Object.freeze(value) : value;
}
