import type { RecordColumns } from './record-columns.ts';

/**
 * A run of a partition's records from offset `base` on, up to the next
 * segment's base: in memory (its columns) and, on a disk-backed log, in its file
 * (the one being appended to is the active segment; once rolled it is sealed and
 * its columns may be dropped, to be read back from the file when asked for).
 */
export class Segment {
  /** The records, when in memory. */
  columns: RecordColumns | undefined;
  sealed = false;
  /** The active segment's open file; its bytes; how many records it holds, the first one's offset, the last one's stamp. */
  fd: number | undefined;
  fileBytes = 0;
  count = 0;
  first = 0;
  lastTimestamp = -Infinity;
  /** Compacted partitions: records here no longer the latest of their key (superseded values, tombstones). */
  dead = 0;

  constructor(
    readonly base: number,
    /** The segment's file, or undefined on a log kept in memory only. */
    readonly file: string | undefined,
  ) {}

  /** Records what a columns-wide change (append, compaction, read back) left the segment holding. */
  describe(columns: RecordColumns): void {
    this.count = columns.length;
    this.first = columns.length > 0 ? columns.offset(0) : this.base;
    this.lastTimestamp = columns.length > 0 ? columns.timestamp(columns.length - 1) : -Infinity;
  }
}
