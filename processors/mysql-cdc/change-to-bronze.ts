import { bronzeContract } from '../../schemas/bronze-contracts.ts';
import type { BronzeRecords, Lineage } from '../../schemas/generated/bronze-types.ts';
import { RecordRuleError } from '../runtime/processor-error.ts';
import { extrasKey } from '../../connectors/contract/extras-key.ts';
import type { ChangeEvent, ChangeRow } from './change-event.ts';
import type { CdcTable } from './cdc-topics.ts';

/** What one change event becomes in bronze: a record (a row as it now is), or a delete of its key. */
export type BronzeChange<T extends CdcTable = CdcTable> =
  | { readonly kind: 'upsert'; readonly record: BronzeRecords[T] }
  | { readonly kind: 'delete'; readonly key: string; readonly lineage: Lineage }
  | { readonly kind: 'none'; readonly reason: string };

// Fields every bronze record has beyond the table's columns.
const ENVELOPE_FIELDS = new Set(['extras', 'lineage']);

/**
 * A Debezium change event of `table` under its bronze contract: each contract
 * field from its source column (by the field's name or its aliases, e.g.
 * CategoryID → category_id), columns the contract does not know into `extras`
 * as text, and the lineage. A delete becomes a delete of the row's key (a
 * tombstone on the bronze topic). `sequence` orders versions of a key: the
 * event's offset on its change topic, where Debezium writes in binlog order.
 */
export function changeToBronze<T extends CdcTable>(table: T, event: ChangeEvent, sequence: number): BronzeChange<T> {
  const lineage: Lineage = {
    source_kind: 'mysql',
    source_uri: `${event.source.db}.${event.source.table ?? table}`,
    source_position: position(event),
    source_sequence: sequence,
    ingested_at: new Date(Number(event.ts_ms)),
  };
  switch (event.op) {
    case 't':
      // A TRUNCATE carries no keys; Debezium skips them by default (skipped.operations=t).
      return { kind: 'none', reason: 'truncate' };
    case 'd': {
      if (event.before === null) throw new RecordRuleError('not-a-change-event', 'before', null, 'a delete event without the row it deleted');
      return { kind: 'delete', key: keyText(table, event.before), lineage };
    }
    default: {
      if (event.after === null) throw new RecordRuleError('not-a-change-event', 'after', null, `a ${event.op} event without the row`);
      return { kind: 'upsert', record: rowToRecord(table, event.after, lineage) };
    }
  }
}

/** The binlog position, and the row within a multi-row event; snapshot rows say so (they share the snapshot's position). */
function position(event: ChangeEvent): string {
  const at = `${event.source.file}:${event.source.pos}`;
  if (event.source.snapshot !== null && event.source.snapshot !== 'false') return `${at} snapshot`;
  return event.source.row > 0 ? `${at} row ${event.source.row}` : at;
}

function rowToRecord<T extends CdcTable>(table: T, row: ChangeRow, lineage: Lineage): BronzeRecords[T] {
  const contract = bronzeContract(table);
  const record: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const field of contract.schema.fields) {
    if (ENVELOPE_FIELDS.has(field.name)) continue;
    const column = [field.name, ...(field.aliases ?? [])].find((name) => name in row);
    if (column === undefined) {
      if (!('default' in field)) throw new RecordRuleError('missing-column', field.name, null);
      record[field.name] = field.default;
      continue;
    }
    used.add(column);
    record[field.name] = asContractValue(row[column]);
  }
  const extras: Record<string, string> = {};
  for (const [i, [column, value]] of Object.entries(row).entries()) {
    if (used.has(column) || value === null || value === undefined) continue;
    extras[extrasKey(column, i + 1)] = asText(value);
  }
  record.extras = extras;
  record.lineage = lineage;
  let broken: { path: string; value: unknown } | undefined;
  contract.type.isValid(record, { errorHook: (path, value) => (broken ??= { path: path.join('.'), value }) });
  if (broken !== undefined) throw new RecordRuleError('wrong-type', broken.path, broken.value === null || broken.value === undefined ? null : asText(broken.value));
  return record as unknown as BronzeRecords[T];
}

/** A long (bigint) as a number when it is exact as one, so an INT column widened to BIGINT still fits an int field; else as text, which no numeric field takes. */
function asContractValue(value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}

function keyText(table: CdcTable, row: ChangeRow): string {
  const contract = bronzeContract(table);
  const field = contract.schema.fields.find((f) => f.name === contract.keyField)!;
  const column = [field.name, ...(field.aliases ?? [])].find((name) => name in row);
  const value = column === undefined ? undefined : row[column];
  if (value === undefined || value === null) throw new RecordRuleError('missing-column', field.name, null);
  return asText(value);
}

/** A column value as text in `extras`: binary as base64, everything else as it prints. */
function asText(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
