import { BadValue } from './dead-letter-rules.ts';

/**
 * The date and time spellings landing files use. Times without a zone are UTC.
 *   2018-02-05 07:38:25.430    2018-02-05T07:38:25.430Z (or +01:00)
 *   02/05/2018 07:38:25 (US: month/day/year)    05.02.2018 07:38:25 (day.month.year)
 * and each date alone. Seconds and 1–3 fraction digits are optional.
 */
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]${TIME}(Z|[+-]\d{2}:?\d{2})?)?$`);
const US = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?: ${TIME})?$`);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: ${TIME})?$`);

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly time: readonly (string | undefined)[];
  readonly zone: string | undefined;
}

function parts(text: string): Parts | undefined {
  let m = ISO.exec(text);
  if (m !== null) return { year: +m[1]!, month: +m[2]!, day: +m[3]!, time: m.slice(4, 8), zone: m[8] };
  m = US.exec(text);
  if (m !== null) return { year: +m[3]!, month: +m[1]!, day: +m[2]!, time: m.slice(4, 8), zone: undefined };
  m = DAY_FIRST.exec(text);
  if (m !== null) return { year: +m[3]!, month: +m[2]!, day: +m[1]!, time: m.slice(4, 8), zone: undefined };
  return undefined;
}

/** Epoch milliseconds of a timestamp (a date alone is its midnight, UTC). */
export function parseTimestamp(text: string): number | BadValue {
  const fast = fullIsoTimestamp(text);
  if (fast !== undefined) return fast;
  const p = parts(text.trim());
  if (p === undefined) return BadValue.of['malformed-date'];
  const [hour = '0', minute = '0', second = '0', fraction = ''] = p.time;
  const h = +hour;
  const mi = +minute;
  const s = +second;
  if (!isCalendarDate(p.year, p.month, p.day) || h > 23 || mi > 59 || s > 59) return BadValue.of['impossible-date'];
  const ms = Date.UTC(p.year, p.month - 1, p.day, h, mi, s, +fraction.padEnd(3, '0'));
  return ms - zoneOffsetMs(p.zone);
}

/** A calendar date as `YYYY-MM-DD`; a timestamp is accepted only at exactly midnight. */
export function parseDate(text: string): string | BadValue {
  const ms = parseTimestamp(text);
  if (ms instanceof BadValue) return ms;
  if (ms % 86_400_000 !== 0) return BadValue.of['malformed-date'];
  return new Date(ms).toISOString().slice(0, 10);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/**
 * `2018-02-05 07:38:25.430` and `2018-02-05T07:38:25.430Z`, the spellings most
 * rows use, read by position: the general path's regular expression costs more
 * than the rest of a row's typing.
 */
function fullIsoTimestamp(text: string): number | BadValue | undefined {
  const n = text.length;
  if (n !== 23 && !(n === 24 && text.charCodeAt(23) === 0x5a /* Z */)) return undefined;
  const separator = text.charCodeAt(10);
  if (text[4] !== '-' || text[7] !== '-' || (separator !== 0x20 && separator !== 0x54) || text[13] !== ':' || text[16] !== ':' || text[19] !== '.') return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const ms = digitsAt(text, 20, 3);
  if ((year | month | day | hour | minute | second | ms) < 0) return undefined;
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return BadValue.of['impossible-date'];
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The number written by `length` digits at `from`, or -1 when one is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
}
