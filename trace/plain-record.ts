/** A record as a trace shows it and prints it as JSON: dates as ISO text, bytes as UTF-8 text, numbers and text as they are. */
export type PlainRecord = Readonly<Record<string, string | number | boolean | null>>;

export function plainRecord(record: object): PlainRecord {
  const plain: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(record)) {
    if (value === null || value === undefined) plain[name] = null;
    else if (value instanceof Date) plain[name] = value.toISOString();
    else if (Buffer.isBuffer(value)) plain[name] = value.toString('utf8');
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') plain[name] = value;
    else if (typeof value === 'bigint') plain[name] = value.toString();
    else plain[name] = JSON.stringify(value);
  }
  return plain;
}
