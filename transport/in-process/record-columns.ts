import type { OutgoingRecord, StoredRecord } from '../transport.ts';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Per record: offset, timestamp, slab, start of its bytes in the slab, key length, value length (-1: null). */
const STRIDE = 6;
/** A partition's first slab is small (most partitions hold few records); each next one is twice the last, up to the most. */
const FIRST_SLAB_BYTES = 4096;
const MOST_SLAB_BYTES = 1 << 20;

/**
 * The records of one partition as columns: numbers in one growing Float64Array
 * (offsets are below 2^53), key and value bytes back to back in slabs that are
 * only ever appended to, headers by offset (only some topics' records have
 * any: silver's name their origin).
 */
export class RecordColumns {
  length = 0;
  private fields = new Float64Array(STRIDE * 64);
  private readonly slabs: Buffer[] = [];
  /** Bytes used in the last slab. */
  private used = 0;
  private headers: Map<number, Readonly<Record<string, string>>> | undefined;

  push(offset: number, timestamp: number, { key, value, headers }: { readonly key: Buffer | null; readonly value: Buffer | null; readonly headers?: OutgoingRecord['headers'] | undefined }): void {
    const keyLength = key === null ? -1 : key.length;
    const valueLength = value === null ? -1 : value.length;
    const slab = this.slabWithRoom(Math.max(keyLength, 0) + Math.max(valueLength, 0));
    const start = this.used;
    if (key !== null) this.used += key.copy(this.slabs[slab]!, this.used);
    if (value !== null) this.used += value.copy(this.slabs[slab]!, this.used);
    if (this.fields.length === this.length * STRIDE) {
      const grown = new Float64Array(this.fields.length * 2);
      grown.set(this.fields);
      this.fields = grown;
    }
    const at = this.length * STRIDE;
    const f = this.fields;
    f[at] = offset;
    f[at + 1] = timestamp;
    f[at + 2] = slab;
    f[at + 3] = start;
    f[at + 4] = keyLength;
    f[at + 5] = valueLength;
    this.length += 1;
    if (headers !== undefined && Object.keys(headers).length > 0) (this.headers ??= new Map()).set(offset, headers);
  }

  /** The memory the columns hold: their slabs and their numbers (what a log's budget counts). */
  get bytes(): number {
    let bytes = this.fields.byteLength;
    for (const slab of this.slabs) bytes += slab.length;
    return bytes;
  }

  /** The record's headers (empty when it has none). */
  headersOf(i: number): Readonly<Record<string, string>> {
    return this.headers?.get(this.offset(i)) ?? NO_HEADERS;
  }

  offset(i: number): number {
    return this.fields[i * STRIDE]!;
  }

  timestamp(i: number): number {
    return this.fields[i * STRIDE + 1]!;
  }

  hasValue(i: number): boolean {
    return this.fields[i * STRIDE + 5]! >= 0;
  }

  /** The record's key, a view over its slab (null when it has none). */
  key(i: number): Buffer | null {
    const at = i * STRIDE;
    const f = this.fields;
    const length = f[at + 4]!;
    if (length < 0) return null;
    const start = f[at + 3]!;
    return this.slabs[f[at + 2]!]!.subarray(start, start + length);
  }

  /** The record's value, a view over its slab (null for a tombstone). */
  value(i: number): Buffer | null {
    const at = i * STRIDE;
    const f = this.fields;
    const length = f[at + 5]!;
    if (length < 0) return null;
    const start = f[at + 3]! + Math.max(f[at + 4]!, 0);
    return this.slabs[f[at + 2]!]!.subarray(start, start + length);
  }

  /** The record as readers receive it. */
  stored(i: number, topic: string, partition: number): StoredRecord {
    const offset = this.offset(i);
    return { topic, partition, offset: BigInt(offset), key: this.key(i), value: this.value(i), headers: this.headersOf(i), timestamp: this.timestamp(i) };
  }

  /** The index of the first record `reached` holds for (the length when none does), by binary search: it must hold for every record after one it holds for. */
  firstWhere(reached: (i: number) => boolean): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (reached(mid)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** New columns holding the records `keep` holds for, in order (their bytes copied into new slabs). */
  filter(keep: (i: number) => boolean): RecordColumns {
    const kept = new RecordColumns();
    for (let i = 0; i < this.length; i += 1) {
      if (!keep(i)) continue;
      const offset = this.offset(i);
      kept.push(offset, this.timestamp(i), { key: this.key(i), value: this.value(i), headers: this.headers?.get(offset) });
    }
    return kept;
  }

  /** The index of the slab to append `bytes` to, a new one when the last has no room. */
  private slabWithRoom(bytes: number): number {
    const last = this.slabs.at(-1);
    if (last !== undefined && last.length - this.used >= bytes) return this.slabs.length - 1;
    const size = Math.max(bytes, last === undefined ? FIRST_SLAB_BYTES : Math.min(last.length * 2, MOST_SLAB_BYTES));
    // Never from Node's shared pool: a slab lives as long as the log.
    this.slabs.push(Buffer.allocUnsafeSlow(size));
    this.used = 0;
    return this.slabs.length - 1;
  }
}
