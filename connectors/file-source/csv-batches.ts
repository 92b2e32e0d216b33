import type { FileHandle } from 'node:fs/promises';
import { readCsv, type CsvChunk, type CsvRow, type UnreadableReason } from '../contract/csv-reader.ts';

/** Rows to produce in one transaction, and where the file's checkpoint stands after them. */
export interface RowBatch {
  readonly kind: 'batch';
  readonly rows: readonly CsvRow[];
  readonly position: number;
  readonly line: number;
  readonly unclosed: CsvChunk['unclosed'];
}

export type BatchOrUnreadable = RowBatch | { readonly kind: 'unreadable'; readonly reason: UnreadableReason; readonly offset: number };

export interface BatchLimits {
  readonly batchRows: number;
  readonly blockBytes: number;
}

/**
 * The complete rows of a file from `position` (at `line`) up to `size`, read in
 * blocks and cut into batches of `batchRows` (the last one smaller). With
 * `final`, the file is finished (see readCsv). Stops at the first unreadable block.
 */
export async function* csvBatches(handle: FileHandle, position: number, line: number, size: number, final: boolean, limits: BatchLimits): AsyncGenerator<BatchOrUnreadable> {
  let pending: CsvRow[] = [];
  let block = limits.blockBytes;
  let unclosed: CsvChunk['unclosed'];
  let batchedTo = position;
  while (position < size) {
    const length = final ? size - position : Math.min(block, size - position);
    const bytes = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(bytes, 0, length, position);
    const reachesSize = position + bytesRead >= size;
    const chunk = readCsv(bytes.subarray(0, bytesRead), position, line, final && reachesSize);
    if (chunk.kind === 'unreadable') {
      yield chunk;
      return;
    }
    if (chunk.end === position) {
      // Nothing complete yet: a record longer than the block, or a writer's unfinished last line.
      if (reachesSize || bytesRead === 0) break;
      block *= 2;
      continue;
    }
    for (const row of chunk.rows) pending.push(row);
    [position, line, unclosed] = [chunk.end, chunk.line, chunk.unclosed];
    while (pending.length >= limits.batchRows) {
      const rows = pending.slice(0, limits.batchRows);
      pending = pending.slice(limits.batchRows);
      const last = rows[rows.length - 1]!;
      batchedTo = last.end;
      yield { kind: 'batch', rows, position: last.end, line: last.endLine, unclosed: undefined };
    }
  }
  // The rest: rows short of a full batch, and what follows the last row of a finished file.
  if (pending.length > 0 || position > batchedTo) yield { kind: 'batch', rows: pending, position, line, unclosed };
}
