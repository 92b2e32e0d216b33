import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvChunk, type CsvRow } from '../../../connectors/contract/csv-reader.ts';

function rows(text: string | Buffer, final: boolean, start = 0, line = 1): CsvChunk {
  const result = readCsv(Buffer.isBuffer(text) ? text : Buffer.from(text), start, line, final);
  if (result.kind !== 'rows') throw new Error(`unreadable: ${result.reason}`);
  return result;
}

const summary = (chunk: CsvChunk) => chunk.rows.map((r) => ({ cells: r.cells, line: r.line, end: r.end, raw: r.raw.toString() }));

describe('CSV reading', () => {
  it('skips a UTF-8 BOM and reads CRLF and quoted newlines, with the line each record starts on', () => {
    const chunk = rows('\ufeffa,b\r\n1,"two\r\nlines"\r\n\r\n3,"say ""hi"", ok"\r\n', false);
    expect(summary(chunk)).toEqual([
      { cells: ['a', 'b'], line: 1, end: 8, raw: 'a,b' },
      { cells: ['1', 'two\r\nlines'], line: 2, end: 24, raw: '1,"two\r\nlines"' },
      { cells: ['3', 'say "hi", ok'], line: 5, end: 46, raw: '3,"say ""hi"", ok"' },
    ]);
    expect([chunk.end, chunk.line]).toEqual([46, 6]);
  });

  it('keeps a last line without a line break for later, unless the file is finished', () => {
    const text = 'a,b\n1,2\n3,4';
    expect(summary(rows(text, false)).map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
    expect(rows(text, false).end).toBe(8);
    expect(summary(rows(text, true)).map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(rows(text, true).end).toBe(text.length);
  });

  it('waits for a quoted field that is still open, and a CR that may be half of a CRLF', () => {
    expect(rows('1,2\n3,"open\nstill', false).end).toBe(4);
    expect(rows('1,2\r\n3,4\r', false).end).toBe(5);
  });

  it('counts byte positions and lines from where the read started, with multi-byte text', () => {
    const chunk = rows('Zoë,Ünal\nJosé,Núñez\n', false, 1000, 40);
    expect(chunk.rows.map((r) => [r.line, r.end])).toEqual([
      [40, 1000 + Buffer.byteLength('Zoë,Ünal\n')],
      [41, 1000 + Buffer.byteLength('Zoë,Ünal\nJosé,Núñez\n')],
    ]);
  });

  it('at the end of a finished file, turns an unclosed quote into one broken record', () => {
    const chunk = rows('1,2\n3,"never closed\n4,5\n', true);
    expect(chunk.rows.map((r) => r.cells)).toEqual([['1', '2']]);
    expect(chunk.unclosed && [chunk.unclosed.line, chunk.unclosed.raw.toString()]).toEqual([2, '3,"never closed\n4,5\n']);
  });

  it('calls binary data and text that is not UTF-8 unreadable', () => {
    expect(readCsv(Buffer.from('a,b\n1,\u0000\n'), 0, 1, false)).toMatchObject({ kind: 'unreadable', reason: 'binary', offset: 6 });
    expect(readCsv(Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]), 0, 1, false)).toMatchObject({ kind: 'unreadable', reason: 'encoding' });
  });
});

describe('CSV reading, for any RFC 4180 text', () => {
  const cell = fc.stringMatching(/^[a-zé€ ,"\n\r]{0,6}$/);
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 });
  const quoted = (value: string): string => (/[,"\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value);
  const write = (rows: string[][], crlf: boolean): Buffer => Buffer.from(rows.map((r) => r.map(quoted).join(',') + (crlf ? '\r\n' : '\n')).join(''));

  it('reads back what was written, as csv-parse does', () => {
    fc.assert(
      fc.property(table, fc.boolean(), (rows, crlf) => {
        const bytes = write(rows, crlf);
        const read = rows_(readCsv(bytes, 0, 1, true));
        expect(read.map((r) => r.cells)).toEqual(rows);
        expect(read.map((r) => r.cells)).toEqual(parse(bytes, { relax_column_count: true, skip_empty_lines: true }));
        // Each record starts on the line after the line feeds before it.
        expect(read.map((r) => r.line)).toEqual(read.map((r) => 1 + countLf(bytes.subarray(0, r.end - r.raw.length - (crlf ? 2 : 1)))));
      }),
    );
  });

  it('reads the same records when the text arrives in two parts at any byte, resuming where it stopped', () => {
    fc.assert(
      fc.property(table, fc.boolean(), fc.nat(), (rows, crlf, cut) => {
        const bytes = write(rows, crlf);
        const k = cut % (bytes.length + 1);
        const first = rows_(readCsv(bytes.subarray(0, k), 0, 1, false));
        const resumeAt = first.length === 0 ? 0 : first[first.length - 1]!.end;
        const line = first.length === 0 ? 1 : first[first.length - 1]!.endLine;
        const second = rows_(readCsv(bytes.subarray(resumeAt), resumeAt, line, true));
        const whole = rows_(readCsv(bytes, 0, 1, true));
        const summary = (r: CsvRow) => [r.cells, r.line, r.end, r.raw.toString()];
        expect([...first, ...second].map(summary)).toEqual(whole.map(summary));
      }),
    );
  });
});

function rows_(result: ReturnType<typeof readCsv>): readonly CsvRow[] {
  if (result.kind !== 'rows') throw new Error(`unreadable: ${result.reason}`);
  return result.rows;
}

function countLf(bytes: Buffer): number {
  return bytes.filter((b) => b === 0x0a).length;
}
