import type { OutgoingRecord, StoredRecord } from '../transport.ts';
import type { LogStorage } from './log-storage.ts';
import { RecordColumns } from './record-columns.ts';
import { Segment } from './segment.ts';
import { decodeRecords, encodeColumns, encodeRecords } from './segment-file.ts';

/**
 * A compacted partition is cleaned once it holds more superseded records than
 * live ones (and at least this many), so compaction costs O(1) per append amortised.
 */
export const COMPACTION_MIN_DEAD = 1024;

/** What a transaction's write to one partition's file may have to be taken back to. */
export interface PartitionWrite {
  readonly segment: Segment;
  readonly bytesBefore: number;
}

/**
 * One partition of an in-process topic: its committed records in offset order,
 * in segments. Records are kept as columns (RecordColumns: bytes in large slabs,
 * numbers in a typed array), not as an object and two buffers each, so that
 * millions of records are not millions of objects to the garbage collector; a
 * read builds the StoredRecord objects of its range, views over the slabs.
 *
 * In memory only (no storage), the partition is one segment that never rolls.
 * On a disk-backed log each segment is also a file: the active one takes the
 * appends until it holds the segment size, then is sealed and a new one begun;
 * a sealed segment's columns leave memory when the budget needs the room and
 * are read back from the file when a reader asks for them.
 */
export class PartitionLog {
  private readonly segments: Segment[] = [];
  private next = 0;
  /** Compacted partitions only: each key (as latin1 text) → the offset of its latest record, or -(offset + 1) when that is a tombstone. */
  private readonly latest: Map<string, number> | undefined;
  /** Compacted partitions only: how many keys' latest record is a value, not a tombstone. */
  private live = 0;

  constructor(
    private readonly topic: string,
    private readonly partition: number,
    compacted: boolean,
    private readonly storage?: LogStorage,
  ) {
    this.latest = compacted ? new Map() : undefined;
  }

  /** Reopens the partition from its segment files, cut back to `end` (the last committed transaction's end); nothing of it stays in memory. */
  reopen(end: number): void {
    const storage = this.storage!;
    for (const { base, file } of storage.segmentFiles(this.topic, this.partition)) {
      const segment = new Segment(base, file);
      if (base >= end) {
        storage.remove(segment);
        continue;
      }
      storage.activate(segment);
      const { columns, length } = decodeRecords(storage.read(segment), end);
      segment.fileBytes = length;
      storage.truncate(segment, length);
      segment.describe(columns);
      this.segments.push(segment);
      for (let i = 0; i < columns.length; i += 1) this.track(columns.key(i), columns.offset(i), columns.hasValue(i), segment);
      storage.seal(segment);
    }
    this.next = end;
  }

  /** The offset the next record will get (Kafka's log end offset). */
  get endOffset(): bigint {
    return BigInt(this.next);
  }

  /** The offset of the first record it still holds (compaction removes older ones), or the end offset when it holds none. */
  get startOffset(): bigint {
    const first = this.segments.find((s) => s.count > 0);
    return first === undefined ? this.endOffset : BigInt(first.first);
  }

  /** Writes a transaction's records for this partition to its active segment's file (nothing, in memory only); not yet visible. */
  write(records: readonly OutgoingRecord[], timestamp: number): PartitionWrite | undefined {
    if (this.storage === undefined) return undefined;
    const bytes = encodeRecords(records.map((record, i) => ({ offset: this.next + i, timestamp, record })));
    let segment = this.segments.at(-1);
    if (segment !== undefined && !segment.sealed && segment.fileBytes > 0 && segment.fileBytes + bytes.length > this.storage.options.segmentBytes) this.storage.seal(segment);
    if (segment === undefined || segment.sealed) segment = this.begin();
    const bytesBefore = segment.fileBytes;
    this.storage.append(segment, bytes);
    return { segment, bytesBefore };
  }

  /** Makes a transaction's records visible, once written (and journaled) everywhere. */
  append(records: readonly OutgoingRecord[], timestamp: number): void {
    let segment = this.segments.at(-1);
    if (segment === undefined) segment = this.begin();
    const columns = (segment.columns ??= new RecordColumns());
    for (const record of records) {
      const offset = this.next++;
      columns.push(offset, timestamp, record);
      // Keys were checked non-null for compacted topics before anything was written.
      this.track(record.key, offset, record.value !== null, segment);
    }
    segment.describe(columns);
  }

  /** Up to `max` records with offsets from `from` (inclusive) to `end` (exclusive), in offset order, across segments. */
  read(from: bigint, end: bigint, max: number): StoredRecord[] {
    const [first, last] = [Number(from), Number(end)];
    const read: StoredRecord[] = [];
    for (let s = Math.max(0, this.segmentOf(first)); s < this.segments.length && read.length < max; s += 1) {
      const segment = this.segments[s]!;
      if (segment.base >= last) break;
      if (segment.count === 0) continue;
      const records = this.columnsOf(segment);
      for (let i = records.firstWhere((r) => records.offset(r) >= first); i < records.length && read.length < max && records.offset(i) < last; i += 1) {
        read.push(records.stored(i, this.topic, this.partition));
      }
    }
    return read;
  }

  /** The offset of the first record stamped at or after `time`, or the end offset. Stamps are commit times, so they rise with the offsets. */
  offsetAt(time: number): bigint {
    const segment = this.segments.find((s) => s.count > 0 && s.lastTimestamp >= time);
    if (segment === undefined) return this.endOffset;
    const records = this.columnsOf(segment);
    return BigInt(records.offset(records.firstWhere((r) => records.timestamp(r) >= time)));
  }

  /** Drops superseded records and tombstones, segment by segment (each rewritten whole), once they outnumber the live records. */
  compactIfDue(): void {
    const latest = this.latest;
    if (latest === undefined) return;
    let dead = 0;
    for (const segment of this.segments) dead += segment.dead;
    if (dead <= this.live || dead < COMPACTION_MIN_DEAD) return;
    for (const segment of this.segments) {
      if (segment.dead === 0) continue;
      const records = this.columnsOf(segment);
      const kept = records.filter((i) => records.hasValue(i) && latest.get(records.key(i)!.toString('latin1')) === records.offset(i));
      try {
        this.storage?.rewrite(segment, encodeColumns(kept));
      } catch {
        // Compaction only saves room: a segment it could not rewrite (disk full) stays as it was, still correct, and is tried again.
        return;
      }
      segment.columns = kept;
      segment.describe(kept);
      segment.dead = 0;
      this.storage?.touch(segment);
    }
    for (const [key, offset] of latest) if (offset < 0) latest.delete(key);
    // Empty sealed segments hold nothing to read: gone, file and all (the active one stays to take the appends).
    for (let s = this.segments.length - 2; s >= 0; s -= 1) {
      const segment = this.segments[s]!;
      if (segment.count > 0) continue;
      this.storage?.remove(segment);
      this.segments.splice(s, 1);
    }
  }

  /** Starts a new active segment at the next offset. */
  private begin(): Segment {
    const segment = new Segment(this.next, this.storage?.segmentFile(this.topic, this.partition, this.next));
    segment.columns = new RecordColumns();
    this.storage?.activate(segment);
    this.segments.push(segment);
    return segment;
  }

  /** The segment's records, read back from its file when not in memory. */
  private columnsOf(segment: Segment): RecordColumns {
    if (segment.columns !== undefined) {
      this.storage?.touch(segment);
      return segment.columns;
    }
    // The caller holds the columns: settling may drop them from the segment again, not from this read.
    const columns = decodeRecords(this.storage!.read(segment), this.next).columns;
    segment.columns = columns;
    this.storage!.touch(segment);
    this.storage!.settle();
    return columns;
  }

  /** The index of the last segment whose base is at or below `offset` (-1 when none is). */
  private segmentOf(offset: number): number {
    let low = 0;
    let high = this.segments.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.segments[mid]!.base <= offset) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  /** Keeps the latest offset per key and counts the records a new one supersedes, on compacted partitions. */
  private track(key: Buffer | null, offset: number, hasValue: boolean, segment: Segment): void {
    const latest = this.latest;
    if (latest === undefined) return;
    const text = key!.toString('latin1');
    const previous = latest.get(text);
    if (previous !== undefined && previous >= 0) {
      this.live -= 1;
      this.segments[this.segmentOf(previous)]!.dead += 1;
    }
    if (hasValue) this.live += 1;
    else segment.dead += 1;
    latest.set(text, hasValue ? offset : -(offset + 1));
  }
}
