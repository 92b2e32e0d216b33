import { describe, expect, it } from 'vitest';
import { copyField, pgText } from '../../../warehouse/sink/pg-text.ts';

describe('record values as PostgreSQL text', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['12.3400', '12.3400'],
    [42, '42'],
    [true, 't'],
    [false, 'f'],
    [new Date(Date.UTC(2018, 0, 2, 3, 4, 5, 6)), '2018-01-02 03:04:05.006'],
    ['2018-01-02', '2018-01-02'],
    [Buffer.from([0xde, 0xad]), '\\xdead'],
  ])('writes %o as %o', (value, text) => {
    expect(pgText(value)).toBe(text);
  });

  it('escapes what COPY text format gives a meaning: backslash, newline, carriage return, tab', () => {
    expect(copyField('a\\b\nc\rd\te')).toBe('a\\\\b\\nc\\rd\\te');
    expect(copyField("O'Neil, \"Rose\"")).toBe("O'Neil, \"Rose\"");
  });

  it('writes null as \\N, and an empty string as nothing', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('')).toBe('');
  });
});
