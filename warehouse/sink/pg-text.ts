/**
 * Record values as PostgreSQL text input, the one form both COPY and bound
 * parameters take. Decoded Avro values are exact decimal strings, Dates
 * (timestamp-millis, written as UTC wall time for `timestamp` columns), dates as
 * 'YYYY-MM-DD', numbers, booleans and strings.
 */
export function pgText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  return JSON.stringify(value);
}

const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field of COPY's text format: backslash escapes, \N for null. */
export function copyField(text: string | null): string {
  return text === null ? '\\N' : text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!);
}
