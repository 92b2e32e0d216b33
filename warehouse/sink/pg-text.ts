/**
 * Record values as PostgreSQL text input, the one form both COPY and bound
 * parameters take. Decoded Avro values are exact decimal strings, Dates
 * (timestamp-millis, written as UTC wall time for `timestamp` columns), dates as
 * 'YYYY-MM-DD', numbers, booleans, strings and arrays of them (Avro arrays, for
 * array columns such as silver.sales_enriched.missing).
 */
export function pgText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return timestampText(value);
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return arrayText(value);
  return JSON.stringify(value);
}

/** A one-dimensional array literal, '{"a","b"}': every element quoted (so commas, braces and blanks stay inside), NULL for null. */
function arrayText(values: readonly unknown[]): string {
  const element = (v: unknown): string => {
    const text = pgText(v);
    return text === null ? 'NULL' : `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  };
  return `{${values.map(element).join(',')}}`;
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' from the ISO form; years past 9999 (ISO's ±YYYYYY) keep their sign and digits. */
function timestampText(date: Date): string {
  const iso = date.toISOString();
  return iso.length === 24 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.replace('T', ' ').replace('Z', '');
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const COPY_UNESCAPES: Readonly<Record<string, string>> = { '\\\\': '\\', '\\n': '\n', '\\r': '\r', '\\t': '\t' };

/** One field of COPY's text format: backslash escapes, \N for null. */
export function copyField(text: string | null): string {
  if (text === null) return '\\N';
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!) : text;
}

/**
 * A record value as one field of COPY's text format. Numbers, booleans and
 * Dates never hold a character COPY gives a meaning, so only the other values'
 * text is escaped: most columns of a row skip the scan.
 */
export function copyValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value instanceof Date) return pgText(value)!;
  return copyField(pgText(value));
}

/** The fields of a COPY text line (without its newline), as copyField wrote them: the inverse of `fields.map(copyField).join('\t')`. */
export function copyLineFields(line: string): (string | null)[] {
  return line.split('\t').map((field) => (field === '\\N' ? null : field.includes('\\') ? field.replace(/\\[\\nrt]/g, (e) => COPY_UNESCAPES[e]!) : field));
}
