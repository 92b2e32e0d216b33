import type { OutgoingRecord } from '../transport.ts';
import { RecordColumns } from './record-columns.ts';

/**
 * A segment file is records back to back, each: offset and timestamp (float64
 * LE; offsets are below 2^53), key, value and headers lengths (int32 LE; -1 for
 * a null key or value, 0 for no headers), then the key, value and headers (JSON)
 * bytes. No framing beyond that: a record cut short by a crash is found by its
 * lengths running past the file, and records past the last committed
 * transaction by their offsets (the commit journal holds the ends).
 */
const HEAD = 28;

export interface RecordToWrite {
  readonly offset: number;
  readonly timestamp: number;
  readonly record: Pick<OutgoingRecord, 'key' | 'value' | 'headers'>;
}

/** The records as segment file bytes. */
export function encodeRecords(records: readonly RecordToWrite[]): Buffer {
  const headers = records.map(({ record }) => (record.headers !== undefined && Object.keys(record.headers).length > 0 ? Buffer.from(JSON.stringify(record.headers), 'utf8') : undefined));
  let size = 0;
  for (const [i, { record }] of records.entries()) size += HEAD + (record.key?.length ?? 0) + (record.value?.length ?? 0) + (headers[i]?.length ?? 0);
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const [i, { offset, timestamp, record }] of records.entries()) {
    bytes.writeDoubleLE(offset, at);
    bytes.writeDoubleLE(timestamp, at + 8);
    bytes.writeInt32LE(record.key === null ? -1 : record.key.length, at + 16);
    bytes.writeInt32LE(record.value === null ? -1 : record.value.length, at + 20);
    bytes.writeInt32LE(headers[i]?.length ?? 0, at + 24);
    at += HEAD;
    if (record.key !== null) at += record.key.copy(bytes, at);
    if (record.value !== null) at += record.value.copy(bytes, at);
    if (headers[i] !== undefined) at += headers[i].copy(bytes, at);
  }
  return bytes;
}

/** The columns of every record `RecordColumns` holds, as segment file bytes (a compacted segment's new contents). */
export function encodeColumns(columns: RecordColumns): Buffer {
  return encodeRecords(Array.from({ length: columns.length }, (_, i) => ({ offset: columns.offset(i), timestamp: columns.timestamp(i), record: { key: columns.key(i), value: columns.value(i), headers: columns.headersOf(i) } })));
}

/**
 * The records of a segment file's bytes with offsets below `end`, and the bytes
 * they take: the scan stops at a record cut short or at the first one at or past `end`.
 */
export function decodeRecords(bytes: Buffer, end: number): { readonly columns: RecordColumns; readonly length: number } {
  const columns = new RecordColumns();
  let at = 0;
  while (at + HEAD <= bytes.length) {
    const offset = bytes.readDoubleLE(at);
    const keyLength = bytes.readInt32LE(at + 16);
    const valueLength = bytes.readInt32LE(at + 20);
    const headersLength = bytes.readInt32LE(at + 24);
    const next = at + HEAD + Math.max(keyLength, 0) + Math.max(valueLength, 0) + headersLength;
    if (offset >= end || next > bytes.length) break;
    let from = at + HEAD;
    const key = keyLength < 0 ? null : bytes.subarray(from, (from += keyLength));
    const value = valueLength < 0 ? null : bytes.subarray(from, (from += valueLength));
    const headers = headersLength === 0 ? undefined : (JSON.parse(bytes.toString('utf8', from, from + headersLength)) as Record<string, string>);
    columns.push(offset, bytes.readDoubleLE(at + 8), { key, value, headers });
    at = next;
  }
  return { columns, length: at };
}
