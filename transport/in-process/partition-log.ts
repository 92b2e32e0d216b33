import type { OutgoingRecord, StoredRecord } from '../transport.ts';
import { RecordColumns } from './record-columns.ts';

/**
 * A compacted partition is rewritten once it holds more superseded records than
 * live ones (and at least this many), so compaction costs O(1) per append amortised.
 */
export const COMPACTION_MIN_DEAD = 1024;

/**
 * One partition of an in-process topic: its committed records in offset order.
 * They are kept as columns (RecordColumns: bytes in large slabs, numbers in a
 * typed array), not as an object and two buffers each, so that a log of millions
 * of records is not millions of objects to the garbage collector. A read builds
 * the StoredRecord objects of its range, views over the slabs, copying no bytes.
 */
export class PartitionLog {
  /** Replaced, never rewritten in place, when compacted: a record read before still views bytes that stay as they were. */
  private records = new RecordColumns();
  private next = 0;
  /** Compacted partitions only: each key (as latin1 text) → the offset of its latest record, or -(offset + 1) when that is a tombstone. */
  private readonly latest: Map<string, number> | undefined;
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
    return BigInt(this.next);
  }

  /** The offset of the first record it still holds (compaction removes older ones), or the end offset when it holds none. */
  get startOffset(): bigint {
    return this.records.length > 0 ? BigInt(this.records.offset(0)) : this.endOffset;
  }

  append(record: OutgoingRecord, timestamp: number): void {
    const offset = this.next++;
    this.records.push(offset, timestamp, record);
    // Keys were checked non-null for compacted topics before anything was appended.
    if (this.latest !== undefined) {
      const key = record.key!.toString('latin1');
      if ((this.latest.get(key) ?? -1) >= 0) this.live -= 1;
      if (record.value !== null) this.live += 1;
      this.latest.set(key, record.value === null ? -(offset + 1) : offset);
    }
  }

  /** Up to `max` records with offsets from `from` (inclusive) to `end` (exclusive), in offset order. */
  read(from: bigint, end: bigint, max: number): StoredRecord[] {
    const records = this.records;
    const [first, last] = [Number(from), Number(end)];
    const low = records.firstWhere((i) => records.offset(i) >= first);
    let stop = Math.min(records.length, low + max);
    while (stop > low && records.offset(stop - 1) >= last) stop -= 1;
    const read: StoredRecord[] = new Array(stop - low);
    for (let i = low; i < stop; i += 1) read[i - low] = records.stored(i, this.topic, this.partition);
    return read;
  }

  /** The offset of the first record stamped at or after `time`, or the end offset. Stamps are commit times, so they rise with the offsets. */
  offsetAt(time: number): bigint {
    const records = this.records;
    const i = records.firstWhere((r) => records.timestamp(r) >= time);
    return BigInt(i < records.length ? records.offset(i) : this.next);
  }

  /** Drops superseded records and tombstones once they outnumber the live records. */
  compactIfDue(): void {
    const latest = this.latest;
    if (latest === undefined) return;
    const records = this.records;
    const dead = records.length - this.live;
    if (dead <= this.live || dead < COMPACTION_MIN_DEAD) return;
    this.records = records.filter((i) => records.hasValue(i) && latest.get(records.key(i)!.toString('latin1')) === records.offset(i));
    for (const [key, offset] of latest) if (offset < 0) latest.delete(key);
  }
}
