import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyField, copyLineFields, copyValue, pgText } from '../../../warehouse/sink/pg-text.ts';

describe('record values as PostgreSQL text', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['12.3400', '12.3400'],
    [42, '42'],
    [true, 't'],
    [false, 'f'],
    [new Date(Date.UTC(2018, 0, 2, 3, 4, 5, 6)), '2018-01-02 03:04:05.006'],
    [new Date(Date.UTC(12018, 0, 2, 3, 4, 5, 6)), '+012018-01-02 03:04:05.006'],
    ['2018-01-02', '2018-01-02'],
    [Buffer.from([0xde, 0xad]), '\\xdead'],
    [[], '{}'],
    [['product', 'city'], '{"product","city"}'],
    [['a,b', 'say "hi"', 'back\\slash', null, 7], '{"a,b","say \\"hi\\"","back\\\\slash",NULL,"7"}'],
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

  it('writes a record value as the COPY field of its text, escaping only what can hold an escape', () => {
    expect(copyValue(new Date(Date.UTC(2018, 0, 2)))).toBe('2018-01-02 00:00:00.000');
    expect(copyValue(-12)).toBe('-12');
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('a\tb')).toBe('a\\tb');
    expect(copyValue(Buffer.from([0xde, 0xad]))).toBe('\\\\xdead');
    expect(copyValue({ note: 'x\\y' })).toBe('{"note":"x\\\\\\\\y"}');
  });

  it('reads back the fields of any line of COPY fields', () => {
    const field = fc.option(fc.string({ unit: fc.constantFrom('a', '\\', '\n', '\r', '\t', 'N', 'é', ' ') }), { nil: null });
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
        expect(copyLineFields(fields.map(copyField).join('\t'))).toEqual(fields);
      }),
    );
  });
});
