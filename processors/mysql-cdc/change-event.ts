import { RecordRuleError } from '../runtime/processor-error.ts';

/** A table row as Debezium writes it: source column names, values as decoded (longs as bigint). */
export type ChangeRow = Readonly<Record<string, unknown>>;

/** Debezium's operations: create, update, delete, read (a snapshot row), truncate. */
export const CHANGE_OPS = ['c', 'u', 'd', 'r', 't'] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/** The parts of Debezium's `source` block the adapter uses (io.debezium.connector.mariadb.Source). */
export interface ChangeSource {
  readonly db: string;
  readonly table: string | null;
  readonly file: string;
  readonly pos: bigint;
  /** The row's index within its binlog event (several rows share one event). */
  readonly row: number;
  /** 'false' outside the snapshot; 'true', 'first', 'last', … during it. */
  readonly snapshot: string | null;
}

/** A Debezium change event (the envelope), as far as the adapter reads it. */
export interface ChangeEvent {
  readonly op: ChangeOp;
  readonly before: ChangeRow | null;
  readonly after: ChangeRow | null;
  readonly source: ChangeSource;
  /** When the connector processed the event, epoch milliseconds. */
  readonly ts_ms: bigint;
}

/** Checks a decoded value is a Debezium envelope; a record that is not is refused, naming the field. */
export function asChangeEvent(value: unknown): ChangeEvent {
  const envelope = record(value, 'envelope');
  const op = envelope.op;
  if (typeof op !== 'string' || !(CHANGE_OPS as readonly string[]).includes(op)) throw notAnEvent('op', op);
  const source = record(envelope.source, 'source');
  if (typeof source.db !== 'string') throw notAnEvent('source.db', source.db);
  if (typeof source.file !== 'string') throw notAnEvent('source.file', source.file);
  if (typeof source.pos !== 'bigint') throw notAnEvent('source.pos', source.pos);
  if (typeof envelope.ts_ms !== 'bigint') throw notAnEvent('ts_ms', envelope.ts_ms);
  return {
    op: op as ChangeOp,
    before: envelope.before === null ? null : record(envelope.before, 'before'),
    after: envelope.after === null ? null : record(envelope.after, 'after'),
    source: {
      db: source.db,
      table: typeof source.table === 'string' ? source.table : null,
      file: source.file,
      pos: source.pos,
      row: typeof source.row === 'number' ? source.row : 0,
      snapshot: typeof source.snapshot === 'string' ? source.snapshot : null,
    },
    ts_ms: envelope.ts_ms,
  };
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) throw notAnEvent(field, value);
  return value as Record<string, unknown>;
}

function notAnEvent(field: string, value: unknown): RecordRuleError {
  return new RecordRuleError('not-a-change-event', field, value === undefined ? null : String(value));
}
