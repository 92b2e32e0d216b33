import { isUtf8 } from 'node:buffer';

/** One complete CSV record of a file. */
export class CsvRow {
  constructor(
    readonly cells: string[],
    /** The 1-based physical line where the record starts (a quoted newline makes a record span lines). */
    readonly line: number,
    /** The byte offset in the file just past the record and its line break: where a resume starts. */
    readonly end: number,
    /** The physical line at `end`. */
    readonly endLine: number,
    private readonly block: Buffer,
    private readonly rawFrom: number,
    private readonly rawTo: number,
  ) {}

  /** The record's bytes as the file has them, without the line break (cut only when asked: most rows never are). */
  get raw(): Buffer {
    return this.block.subarray(this.rawFrom, this.rawTo);
  }
}

/** The complete records of a range of a file, and where reading goes on. */
export interface CsvChunk {
  readonly kind: 'rows';
  readonly rows: readonly CsvRow[];
  /** The byte offset after the last complete record (after everything, when `final`). */
  readonly end: number;
  /** The physical line at `end`. */
  readonly line: number;
  /** `final` only: the rest of the file after an opening quote that never closes. */
  readonly unclosed: { readonly line: number; readonly raw: Buffer } | undefined;
}

export const UNREADABLE_REASONS = ['binary', 'encoding'] as const;
export type UnreadableReason = (typeof UNREADABLE_REASONS)[number];

export type CsvReadResult = CsvChunk | { readonly kind: 'unreadable'; readonly reason: UnreadableReason; readonly offset: number };

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Parses `bytes`, the part of a file from byte `start` (which is `line`), as
 * RFC 4180 CSV (quoted fields with `""`, commas and line breaks; LF or CRLF; a
 * quote inside an unquoted field is a plain character), and keeps only complete
 * records: a record counts once its line break is there, so a writer's
 * unfinished last line waits for the next read. `final` says the file is
 * finished: its last record needs no line break. Byte positions count from the
 * start of the file, so a resume begins exactly after the last record used.
 * Text must be UTF-8 (a BOM is skipped) without NUL bytes, else the range is
 * unreadable. Blank lines are no records.
 *
 * Written here rather than taken from csv-parse: byte positions and "complete
 * up to here" come out of the scan itself, and it runs several times faster,
 * which the sidecar's throughput needs (see bench/ingest.ts).
 */
export function readCsv(bytes: Buffer, start: number, line: number, final: boolean): CsvReadResult {
  const from = start === 0 && bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  const text = bytes.toString('utf8', from);
  const scan = new Scan(text, final);
  const offsets = new ByteOffsets(text, from, text.length === bytes.length - from);
  const rows: CsvRow[] = [];
  let current = line;
  /** Blank lines before the record at the cursor. */
  let blankLines: number;
  for (;;) {
    blankLines = scan.skipBlankLines();
    const recordStart = scan.at;
    if (recordStart >= text.length) break;
    const cells = scan.record();
    if (cells === undefined) break;
    current += blankLines;
    const startByte = offsets.at(recordStart);
    const contentEnd = offsets.at(scan.contentEnd);
    const end = start + offsets.at(scan.at);
    rows.push(new CsvRow(cells, current, end, current + scan.lineFeeds, bytes, startByte, contentEnd));
    current += scan.lineFeeds;
  }
  const consumed = rows.length === 0 ? 0 : rows[rows.length - 1]!.end - start;
  const checked = final ? bytes.length : consumed;
  const nul = bytes.subarray(0, checked).indexOf(0);
  if (nul !== -1) return { kind: 'unreadable', reason: 'binary', offset: start + nul };
  if (!isUtf8(bytes.subarray(0, checked))) return { kind: 'unreadable', reason: 'encoding', offset: start };
  if (!final) return { kind: 'rows', rows, end: start + consumed, line: current, unclosed: undefined };
  // A finished file: what is left after the last record is blank lines, or a quoted field that never closes.
  const unclosed = scan.at < text.length ? { line: current + blankLines, raw: bytes.subarray(offsets.at(scan.at)) } : undefined;
  return { kind: 'rows', rows, end: start + bytes.length, line: current + countLineFeeds(bytes, consumed, bytes.length), unclosed };
}

/** Byte offsets of string indexes, asked for in increasing order; free when the text is ASCII. */
class ByteOffsets {
  private char = 0;
  private byte: number;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly ascii: boolean,
  ) {
    this.byte = from;
  }

  at(index: number): number {
    if (this.ascii) return this.from + index;
    this.byte += Buffer.byteLength(this.text.slice(this.char, index));
    this.char = index;
    return this.byte;
  }
}

/** A cursor over CSV text that reads one record at a time. */
class Scan {
  at = 0;
  /** After record(): where its content ends (before the line break), and the line feeds inside it and its break. */
  contentEnd = 0;
  lineFeeds = 0;

  constructor(
    private readonly text: string,
    private readonly final: boolean,
  ) {}

  /** Skips empty lines; returns how many lines they were. */
  skipBlankLines(): number {
    let lines = 0;
    for (let c = this.text.charCodeAt(this.at); c === LF || c === CR; c = this.text.charCodeAt(++this.at)) if (c === LF) lines++;
    return lines;
  }

  /** The cells of the record at the cursor, moving past it; undefined (cursor unmoved) when it is not complete. */
  record(): string[] | undefined {
    const { text } = this;
    const n = text.length;
    const begin = this.at;
    const cells: string[] = [];
    let i = begin;
    let lineFeeds = 0;
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        const fieldStart = i;
        cell = '';
        let segment = i + 1;
        for (;;) {
          const quote = text.indexOf('"', segment);
          if (quote === -1) return undefined;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            cell += text.slice(segment, quote + 1);
            segment = quote + 2;
            continue;
          }
          // Another character may follow a quote only once the data goes on.
          if (quote + 1 === n && !this.final) return undefined;
          cell += text.slice(segment, quote);
          i = quote + 1;
          break;
        }
        for (let q = text.indexOf('\n', fieldStart); q !== -1 && q < i; q = text.indexOf('\n', q + 1)) lineFeeds++;
        // Text after the closing quote (`"a"b`) is kept as written.
        const after = i;
        while (i < n && !isBreak(text.charCodeAt(i))) i++;
        if (i > after) cell += text.slice(after, i);
      } else {
        const cellStart = i;
        while (i < n && !isBreak(text.charCodeAt(i))) i++;
        cell = text.slice(cellStart, i);
      }
      cells.push(cell);
      if (i >= n) {
        if (!this.final) return undefined;
        this.contentEnd = this.at = n;
        this.lineFeeds = lineFeeds;
        return cells;
      }
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      this.contentEnd = i;
      if (c === CR) {
        // A CR at the very end may be half of a CRLF still being written.
        if (i + 1 === n && !this.final) return undefined;
        if (text.charCodeAt(i + 1) === LF) i++;
      }
      if (text.charCodeAt(i) === LF) lineFeeds++;
      this.at = i + 1;
      this.lineFeeds = lineFeeds;
      return cells;
    }
  }
}

function isBreak(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}

function countLineFeeds(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = bytes.indexOf(LF, from); i !== -1 && i < to; i = bytes.indexOf(LF, i + 1)) count++;
  return count;
}
