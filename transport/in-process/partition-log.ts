import type { OutgoingRecord, StoredRecord } from '../transport.ts';

/**
 * A compacted partition is rewritten once it holds more superseded records than
 * live ones (and at least this many), so compaction costs O(1) per append amortised.
 */
export const COMPACTION_MIN_DEAD = 1024;

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One partition of an in-process topic: its committed records in offset order.
 * Records are stored as the StoredRecord objects readers receive, built once on
 * append, so reading copies nothing but the batch array.
 */
export class PartitionLog {
  /** Replaced, never rewritten in place, when compacted: a reader holding the old array still sees a consistent log. */
  private records: StoredRecord[] = [];
  private next = 0n;
  /** Compacted partitions only: each key (as latin1 text) → its latest record. */
  private readonly latest: Map<string, StoredRecord> | undefined;
  /** Compacted partitions only: how many keys' latest record is a value, not a tombstone. */
  private live = 0;

  constructor(
    private readonly topic: string,
    private readonly partition: number,
    compacted: boolean,
  ) {
    this.latest = compacted ? new Map() : undefined;
  }

  /** The offset the next record will get (Kafka's log end offset). */
  get endOffset(): bigint {
    return this.next;
  }

  append(record: OutgoingRecord, timestamp: number): void {
    const stored: StoredRecord = {
      topic: this.topic,
      partition: this.partition,
      offset: this.next++,
      key: record.key,
      value: record.value,
      headers: record.headers ?? NO_HEADERS,
      timestamp,
    };
    this.records.push(stored);
    // Keys were checked non-null for compacted topics before anything was appended.
    if (this.latest !== undefined) {
      const key = stored.key!.toString('latin1');
      const previous = this.latest.get(key);
      if (previous !== undefined && previous.value !== null) this.live -= 1;
      if (stored.value !== null) this.live += 1;
      this.latest.set(key, stored);
    }
  }

  /** Up to `max` records with offsets from `from` (inclusive) to `end` (exclusive), in offset order. */
  read(from: bigint, end: bigint, max: number): StoredRecord[] {
    const records = this.records;
    const low = this.firstWhere((r) => r.offset >= from);
    let stop = Math.min(records.length, low + max);
    while (stop > low && records[stop - 1]!.offset >= end) stop -= 1;
    return records.slice(low, stop);
  }

  /** The offset of the first record stamped at or after `time`, or the end offset. Stamps are commit times, so they rise with the offsets. */
  offsetAt(time: number): bigint {
    return this.records[this.firstWhere((r) => r.timestamp >= time)]?.offset ?? this.next;
  }

  /** The index of the first record `reached` holds for (the length when none does), by binary search: it must hold for every record after one it holds for. */
  private firstWhere(reached: (record: StoredRecord) => boolean): number {
    const records = this.records;
    let low = 0;
    let high = records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (reached(records[mid]!)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Drops superseded records and tombstones once they outnumber the live records. */
  compactIfDue(): void {
    const latest = this.latest;
    if (latest === undefined) return;
    const dead = this.records.length - this.live;
    if (dead <= this.live || dead < COMPACTION_MIN_DEAD) return;
    this.records = this.records.filter((r) => r.value !== null && latest.get(r.key!.toString('latin1')) === r);
    for (const [key, record] of latest) if (record.value === null) latest.delete(key);
  }
}
