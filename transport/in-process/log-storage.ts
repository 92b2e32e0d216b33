import { accessSync, closeSync, constants, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { TransportError } from '../transport-error.ts';
import type { TopicSpec } from '../transport.ts';
import type { Segment } from './segment.ts';

export interface LogStorageOptions {
  /** The folder of the log's segment files and commit journal (created when missing). */
  readonly dir: string;
  /** The most bytes of records the log keeps in memory: the newest segments; older ones are read back from their files. */
  readonly budgetBytes: number;
  /** A partition's active segment is rolled (sealed, a new file begun) once it holds this many bytes. */
  readonly segmentBytes: number;
}

export const DEFAULT_SEGMENT_BYTES = 4 * 2 ** 20;
export const DEFAULT_BUDGET_BYTES = 32 * 2 ** 20;

/** One commit as the journal keeps it: each touched partition's new end, and the group positions committed with it. */
export interface JournalCommit {
  readonly ends: readonly (readonly [topic: string, partition: number, end: number])[];
  readonly groups: readonly (readonly [groupId: string, topic: string, partition: number, offset: string])[];
}
export type JournalEntry = { readonly topic: TopicSpec } | JournalCommit;

const JOURNAL = 'commits.journal';
const SEGMENT = /^(\d{20})\.log$/;
/**
 * A compacted segment's new contents, written whole before the old file is
 * deleted and this one renamed into its place. Not a rename over the old file:
 * ext4 flushes a file renamed over another to disk on close (auto_da_alloc),
 * which cost more than the rest of compaction. A crash leaves the old file (a
 * .cleaning beside it may be partial: deleted) or, after the delete, only the
 * complete .cleaning (renamed into place on reopening).
 */
const CLEANING = '.cleaning';
const size = (bytes: number): string => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

/**
 * Where a disk-backed in-process log keeps its records: one folder per
 * partition of append-only segment files named by their base offset, and the
 * commit journal (topics created, and per transaction the partitions' new ends
 * and the group positions committed with them). A transaction's records are
 * written to their segments first and its journal entry last, so a crash at any
 * point leaves the log as of the last entry: reopening cuts the segments back to
 * the journal's ends. It also keeps the memory budget: the segments whose
 * columns are in memory, least recently used dropped first.
 */
export class LogStorage {
  private readonly journal: number;
  private journalBytes: number;
  private readonly active = new Set<Segment>();
  /** Sealed segments with columns in memory, least recently used first. */
  private readonly cached = new Set<Segment>();

  /** The journal's entries as the log was opened: what reopening replays. */
  readonly entries: readonly JournalEntry[];

  private constructor(readonly options: LogStorageOptions) {
    const file = path.join(options.dir, JOURNAL);
    const { entries, length } = this.attempt(() => scanJournal(existsSync(file) ? readFileSync(file) : Buffer.alloc(0)), 0);
    this.entries = entries;
    this.journalBytes = length;
    this.journal = this.attempt(() => openSync(file, 'a'), 0);
    // An entry a crash cut short was never committed.
    this.attempt(() => ftruncateSync(this.journal, length), 0);
  }

  /** Opens (creating it when missing) the folder, refusing a budget too small for the log to work in or a folder it cannot write. */
  static open(options: LogStorageOptions): LogStorage {
    const { dir, budgetBytes, segmentBytes } = options;
    if (!Number.isInteger(segmentBytes) || segmentBytes < 1024) {
      throw new TransportError('invalid-request', `the in-process log's segment size of ${segmentBytes} bytes is not a whole number of at least 1024`, 'give segments at least 1 KiB (the default is 4 MiB)');
    }
    // One segment being written and one read back by a consumer behind it: less, and every batch would be read from disk again.
    const least = 2 * segmentBytes;
    if (!Number.isFinite(budgetBytes) || budgetBytes < least) {
      throw new TransportError(
        'invalid-request',
        `the in-process log's memory budget of ${size(budgetBytes)} cannot hold one batch: it needs a segment being written and one being read, ${size(least)} with ${size(segmentBytes)} segments`,
        `give the log a budget of at least ${size(least)} (${least} bytes)`,
      );
    }
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    } catch (error) {
      throw storageError(dir, error, 0);
    }
    return new LogStorage(options);
  }

  get dir(): string {
    return this.options.dir;
  }

  /** The partition's segment files by base offset, ascending, once what a compaction a crash interrupted left is put right. */
  segmentFiles(topic: string, partition: number): { readonly base: number; readonly file: string }[] {
    const folder = this.partitionFolder(topic, partition);
    if (!existsSync(folder)) return [];
    const files: { base: number; file: string }[] = [];
    const names = readdirSync(folder);
    for (const name of names) {
      if (!name.endsWith(CLEANING)) continue;
      const segment = name.slice(0, -CLEANING.length);
      if (names.includes(segment)) rmSync(path.join(folder, name));
      else renameSync(path.join(folder, name), path.join(folder, segment));
    }
    for (const name of readdirSync(folder)) {
      const match = SEGMENT.exec(name);
      if (match !== null) files.push({ base: Number(match[1]), file: path.join(folder, name) });
    }
    return files.sort((a, b) => a.base - b.base);
  }

  /** The file a new segment of the partition starting at `base` goes in. */
  segmentFile(topic: string, partition: number, base: number): string {
    return path.join(this.partitionFolder(topic, partition), `${String(base).padStart(20, '0')}.log`);
  }

  /** Opens the segment's file for appending (creating it) and counts it as active. */
  activate(segment: Segment): void {
    this.attempt(() => {
      mkdirSync(path.dirname(segment.file!), { recursive: true });
      segment.fd = openSync(segment.file!, 'a');
    }, 0);
    this.active.add(segment);
  }

  /** Appends to the active segment's file; on failure the file is cut back and the error names the folder, the space needed and the fix. */
  append(segment: Segment, bytes: Buffer): void {
    this.attempt(() => writeAll(segment.fd!, bytes), bytes.length, () => ftruncateSync(segment.fd!, segment.fileBytes));
    segment.fileBytes += bytes.length;
  }

  /** Cuts the active segment's file back to `bytes` (a transaction whose journal entry could not be written). */
  truncate(segment: Segment, bytes: number): void {
    ftruncateSync(segment.fd!, bytes);
    segment.fileBytes = bytes;
  }

  /** Appends a journal entry: the point at which a transaction is committed. */
  record(entry: JournalEntry): void {
    const json = Buffer.from(JSON.stringify(entry), 'utf8');
    const bytes = Buffer.allocUnsafe(4 + json.length);
    bytes.writeUInt32LE(json.length, 0);
    json.copy(bytes, 4);
    this.attempt(() => writeAll(this.journal, bytes), bytes.length, () => ftruncateSync(this.journal, this.journalBytes));
    this.journalBytes += bytes.length;
  }

  read(segment: Segment): Buffer {
    return this.attempt(() => readFileSync(segment.file!), 0);
  }

  /** Replaces the segment's file with `bytes` (its compacted records), reopening it when it is the active one. */
  rewrite(segment: Segment, bytes: Buffer): void {
    const file = segment.file!;
    this.attempt(
      () => {
        const fd = openSync(file + CLEANING, 'w');
        try {
          writeAll(fd, bytes);
        } finally {
          closeSync(fd);
        }
        rmSync(file);
        renameSync(file + CLEANING, file);
      },
      bytes.length,
      // Once the old file is gone, the complete new one is all there is: kept.
      () => existsSync(file) && rmSync(file + CLEANING, { force: true }),
    );
    segment.fileBytes = bytes.length;
    if (segment.fd !== undefined) {
      closeSync(segment.fd);
      segment.fd = openSync(file, 'a');
    }
  }

  remove(segment: Segment): void {
    this.cached.delete(segment);
    this.active.delete(segment);
    if (segment.fd !== undefined) closeSync(segment.fd);
    rmSync(segment.file!, { force: true });
  }

  /** Seals the active segment: its file is closed and its columns may be dropped from memory. */
  seal(segment: Segment): void {
    if (segment.fd !== undefined) closeSync(segment.fd);
    segment.fd = undefined;
    segment.sealed = true;
    this.active.delete(segment);
    if (segment.columns !== undefined) this.cached.add(segment);
  }

  /** Marks a sealed segment's columns as just used (read back or read again). */
  touch(segment: Segment): void {
    if (!segment.sealed || segment.columns === undefined) return;
    this.cached.delete(segment);
    this.cached.add(segment);
  }

  /** Drops the columns of the least recently used sealed segments, then rolls the largest active ones, until the log is within its budget. */
  settle(): void {
    const bytesOf = (segments: Iterable<Segment>): number => {
      let bytes = 0;
      for (const s of segments) bytes += s.columns?.bytes ?? 0;
      return bytes;
    };
    let held = bytesOf(this.active) + bytesOf(this.cached);
    while (held > this.options.budgetBytes) {
      const oldest = this.cached.values().next().value;
      if (oldest !== undefined) {
        held -= oldest.columns?.bytes ?? 0;
        oldest.columns = undefined;
        this.cached.delete(oldest);
        continue;
      }
      let largest: Segment | undefined;
      for (const s of this.active) if (largest === undefined || (s.columns?.bytes ?? 0) > (largest.columns?.bytes ?? 0)) largest = s;
      if (largest === undefined || (largest.columns?.bytes ?? 0) === 0) return;
      this.seal(largest);
    }
  }

  close(): void {
    for (const segment of this.active) if (segment.fd !== undefined) closeSync(segment.fd);
    this.active.clear();
    this.cached.clear();
    closeSync(this.journal);
  }

  private partitionFolder(topic: string, partition: number): string {
    return path.join(this.options.dir, `${topic}-${partition}`);
  }

  /** Runs file work; a failure (after `undo`, best effort) becomes a TransportError naming the folder, the space needed and the fix. */
  private attempt<T>(work: () => T, needed: number, undo?: () => void): T {
    try {
      return work();
    } catch (error) {
      try {
        undo?.();
      } catch {
        // The journal still holds the last commit: reopening cuts the file back to it.
      }
      throw storageError(this.options.dir, error, needed);
    }
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}

/** The journal's complete entries and their length (a crash may have cut the last one short). */
function scanJournal(bytes: Buffer): { entries: JournalEntry[]; length: number } {
  const entries: JournalEntry[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const end = at + 4 + bytes.readUInt32LE(at);
    if (end > bytes.length) break;
    entries.push(JSON.parse(bytes.toString('utf8', at + 4, end)) as JournalEntry);
    at = end;
  }
  return { entries, length: at };
}

function storageError(dir: string, error: unknown, needed: number): TransportError {
  const code = (error as NodeJS.ErrnoException).code;
  const options = { cause: error };
  // EFBIG: the process's file size limit (ulimit -f), as final as a full disk.
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new TransportError(
      'log-storage',
      `the in-process log's folder ${dir} is out of space (${code}): writing a transaction needed ${size(needed)} more (${needed} bytes); it was not committed`,
      `free at least ${size(Math.max(needed, 2 ** 20))} on the disk holding ${dir}, or lift the file size limit, or run with a work folder on a disk with room`,
      options,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new TransportError('log-storage', `the in-process log cannot write to its folder ${dir} (${code})`, `make ${dir} writable by this user, or run with a work folder that is`, options);
  }
  return new TransportError('log-storage', `the in-process log failed on its folder ${dir}: ${(error as Error).message}`, `check that ${dir} is on a local disk this user can write, with free space`, options);
}
