import { decimalPlaces, formatDecimal, parseDecimal } from '../../schemas/avro/decimal.ts';
import type { ValueCheck } from '../../schemas/bronze-contracts.ts';
import type { ColumnType, ContractColumn } from './contract-columns.ts';
import { parseDate, parseTimestamp } from './date-formats.ts';
import { BadValue } from './dead-letter-rules.ts';

/** A field's value in the form the bronze types use: decimals exact strings, timestamps Dates, dates `YYYY-MM-DD`. */
export type FieldValue = number | string | boolean | Date | null;

const INTEGER = /^[+-]?\d+$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * The value of one CSV cell for a contract column. Blank is null for a nullable
 * field and breaks `required` otherwise; strings are kept as spelled (silver trims
 * and cases them); numbers may carry surrounding spaces.
 */
export function coerceCell(text: string | undefined, column: ContractColumn): FieldValue | BadValue {
  if (text === undefined || isBlank(text)) return column.nullable ? null : BadValue.of['missing-required'];
  const { type, check } = column;
  if (type.kind === 'decimal') return coerceDecimal(text, type, check);
  const value = coerceText(text, type);
  if (value === null && !column.nullable) return BadValue.of['missing-required'];
  if (check === undefined || typeof value !== 'number') return value;
  return withinCheck(value, 0, 1, check) ? value : BadValue.outside[check];
}

function coerceText(text: string, type: Exclude<ColumnType, { kind: 'decimal' }>): FieldValue | BadValue {
  switch (type.kind) {
    case 'string':
      return text;
    case 'int':
      return coerceInteger(text, INT32_MIN, INT32_MAX);
    case 'long':
      return coerceInteger(text, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case 'timestamp': {
      const ms = parseTimestamp(text);
      return ms instanceof BadValue ? ms : new Date(ms);
    }
    case 'date':
      return parseDate(text);
    case 'boolean':
      return coerceBoolean(text);
  }
}

function coerceInteger(text: string, min: number, max: number): number | BadValue {
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return BadValue.of['malformed-number'];
  const n = Number(trimmed);
  return n >= min && n <= max ? n : BadValue.of['too-large'];
}

/**
 * Decimals stay exact: checked as unscaled integers against bounds at the same scale, never as
 * floats, and never rounded — a value with more decimals than the contract allows is refused.
 */
function coerceDecimal(text: string, type: Extract<ColumnType, { kind: 'decimal' }>, check: ValueCheck | undefined): string | BadValue {
  const unscaled = parseDecimal(text, type);
  if (unscaled === undefined) {
    const places = decimalPlaces(text);
    if (places === undefined) return BadValue.of['malformed-number'];
    return places > type.decimals ? BadValue.of['too-many-decimals'] : BadValue.of['too-large'];
  }
  if (type.decimals < type.scale && decimalPlaces(text)! > type.decimals) return BadValue.of['too-many-decimals'];
  if (check !== undefined && !withinCheck(unscaled, 0n, 10n ** BigInt(type.scale), check)) return BadValue.outside[check];
  return formatDecimal(unscaled, type.scale);
}

const BOOLEAN_WORDS: Readonly<Record<string, boolean | null>> = { true: true, false: false, unknown: null };

function coerceBoolean(text: string): boolean | null | BadValue {
  const value = BOOLEAN_WORDS[text.trim().toLowerCase()];
  return value === undefined ? BadValue.of['malformed-boolean'] : value;
}

function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

/** `one` is 1 at the value's scale. */
function withinCheck<N extends number | bigint>(n: N, zero: N, one: N, check: ValueCheck): boolean {
  switch (check) {
    case 'positive':
      return n > zero;
    case 'non-negative':
      return n >= zero;
    case 'fraction':
      return n >= zero && n <= one;
    case 'percent':
      return n >= zero && n <= (typeof one === 'bigint' ? one * 100n : (one as number) * 100);
  }
}
