import { RestError, type Client } from '@confluentinc/schemaregistry';
import { isRegistryOutage } from '../../schemas/registry-outage.ts';
import { isMedallionError } from '../../core/medallion-error.ts';
import { recordSerde, type RecordSerde } from '../../schemas/record-serde.ts';
import type { StoredRecord } from '../../transport/transport.ts';
import { WarehouseError } from '../warehouse-error.ts';
import { copyField, copyLineFields, copyValue, pgText } from './pg-text.ts';
import type { SinkTable } from './sink-tables.ts';

/** A record ready for its table: an upsert of the row in `line`, or a delete when the value was a tombstone. */
export interface TableChange {
  readonly source: StoredRecord;
  readonly table: SinkTable;
  /** Key columns' text, in key order. */
  readonly key: readonly (string | null)[];
  /**
   * Every written column (key columns first, then the values) as one line of
   * COPY text without its newline, or null for a tombstone: the form the batch
   * path sends, made once per record while the previous batch is being written.
   */
  readonly line: string | null;
}

/** A record that cannot become a change: its key or value does not decode, or it has no key. */
export interface UndecodableRecord {
  readonly source: StoredRecord;
  readonly table: SinkTable;
  readonly reason: string;
}

type Records = Record<string, Record<string, unknown>>;

/** Decodes keys and values (Confluent wire format, the topics' registered contracts) into table changes. */
export class RecordDecoder {
  private readonly keys: RecordSerde<Records>;
  private readonly values: RecordSerde<Records>;

  constructor(registry: Client, private readonly tables: ReadonlyMap<string, SinkTable>) {
    // Subjects are the contracts' (`<contract topic>-key`, `-value`), whatever prefix the topics read have.
    const topics = Object.fromEntries([...tables.values()].map((t) => [t.topic, t.contract.topic]));
    this.keys = recordSerde<Records>(registry, topics, 'key');
    this.values = recordSerde<Records>(registry, topics, 'value');
  }

  async decode(record: StoredRecord): Promise<TableChange | UndecodableRecord> {
    const table = this.tables.get(record.topic)!;
    if (record.key === null) return { source: record, table, reason: `a record of ${record.topic} has no key, so its row in ${table.layer}.${table.name} cannot be found` };
    let value: Record<string, unknown> | null;
    try {
      value = record.value === null ? null : await this.values.deserialize(record.topic, record.value);
    } catch (error) {
      if (isRegistryFailure(error)) throw error;
      return { source: record, table, reason: `its value does not decode with the registered ${table.contract.valueSubject} contract: ${(error as Error).message}` };
    }
    // The key fields are fields of the value (declared once, in the value schema): only a tombstone's key needs decoding.
    let key: Record<string, unknown> | null = value;
    if (key === null) {
      try {
        key = await this.keys.deserialize(record.topic, record.key);
      } catch (error) {
        if (isRegistryFailure(error)) throw error;
        return { source: record, table, reason: `its key does not decode with the registered ${table.contract.keySubject} contract: ${(error as Error).message}` };
      }
    }
    const keyText = table.keys.map((c) => pgText(key[c.name]));
    return { source: record, table, key: keyText, line: value === null ? null : copyLine(keyText, table, value) };
  }
}

function copyLine(keyText: readonly (string | null)[], table: SinkTable, value: Record<string, unknown>): string {
  const fields = keyText.map(copyField);
  for (const column of table.values) fields.push(copyValue(value[column.name]));
  return fields.join('\t');
}

/** Every written column's text (key columns first, then the values), or null for a tombstone: the row-by-row path's parameters. */
export function changeRow(change: TableChange): (string | null)[] | null {
  return change.line === null ? null : copyLineFields(change.line);
}

/**
 * The registry unreachable or failing, or a contract not registered, is no fault
 * of the record: the sink waits (an outage) or stops rather than dead-letter every record. Anything
 * else — bad framing, a schema id the registry does not know (404; the sink
 * checked at start that the contracts are there), bytes Avro cannot read — is the record's.
 */
function isRegistryFailure(error: unknown): boolean {
  if (error instanceof RestError) return error.status !== 404;
  return isRegistryOutage(error) || isMedallionError(error) || (error instanceof TypeError && /fetch/i.test(error.message));
}

/** Fails unless the registry holds the key and value contracts of every table (else every record would be dead-lettered). */
export async function assertContractsRegistered(registry: Client, tables: Iterable<SinkTable>): Promise<void> {
  for (const { contract } of tables) {
    for (const subject of [contract.keySubject, contract.valueSubject]) {
      try {
        await registry.getLatestSchemaMetadata(subject);
      } catch (error) {
        if (isRegistryOutage(error)) throw error;
        throw new WarehouseError('contracts-unregistered', `the schema registry has no subject ${subject}, so records of ${contract.topic} cannot be read (${(error as Error).message})`, 'register the contracts with `medallion schemas register`, and check MEDALLION_REGISTRY_URL points at the pipeline\'s registry', { cause: error });
      }
    }
  }
}

export function isChange(decoded: TableChange | UndecodableRecord): decoded is TableChange {
  return 'line' in decoded;
}

/**
 * The changes of a batch, per table, one per key: the latest (a key's records are
 * in one partition, in offset order, so the last one read is the latest).
 */
export function latestPerKey(changes: readonly TableChange[]): Map<SinkTable, TableChange[]> {
  const byTable = new Map<SinkTable, Map<string | null, TableChange>>();
  for (const change of changes) {
    let latest = byTable.get(change.table);
    if (latest === undefined) byTable.set(change.table, (latest = new Map()));
    // Every key of a table has the same columns: a one-column key is its own identity.
    latest.set(change.key.length === 1 ? (change.key[0] ?? null) : JSON.stringify(change.key), change);
  }
  return new Map([...byTable].map(([table, latest]) => [table, [...latest.values()]]));
}
