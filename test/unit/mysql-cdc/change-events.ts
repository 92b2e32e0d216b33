import type { Client } from '@confluentinc/schemaregistry';
import avro from 'avsc';
import type { ChangeEvent, ChangeRow } from '../../../processors/mysql-cdc/change-event.ts';

/** A Debezium change event of the operational database, as the decoder hands it over (longs as bigint). */
export function changeEvent(op: ChangeEvent['op'], rows: { before?: ChangeRow; after?: ChangeRow }, at: { pos?: bigint; row?: number; snapshot?: string; table?: string } = {}): ChangeEvent {
  return {
    op,
    before: rows.before ?? null,
    after: rows.after ?? null,
    source: { db: 'operational', table: at.table ?? 'categories', file: 'mariadb-bin.000004', pos: at.pos ?? 1666n, row: at.row ?? 0, snapshot: at.snapshot ?? 'false' },
    ts_ms: 1795496773642n,
  };
}

// The envelope Debezium's MariaDB connector writes for a table, trimmed to a few source fields.
export function envelopeSchema(valueFields: readonly object[]): object {
  const value = { type: 'record', name: 'Value', namespace: 'cdc.operational.categories', fields: valueFields };
  return {
    type: 'record',
    name: 'Envelope',
    namespace: 'cdc.operational.categories',
    fields: [
      { name: 'before', type: ['null', value], default: null },
      { name: 'after', type: ['null', 'cdc.operational.categories.Value'], default: null },
      {
        name: 'source',
        type: {
          type: 'record',
          name: 'Source',
          namespace: 'io.debezium.connector.mariadb',
          fields: [
            { name: 'db', type: 'string' },
            { name: 'table', type: ['null', 'string'], default: null },
            { name: 'file', type: 'string' },
            { name: 'pos', type: 'long' },
            { name: 'row', type: ['null', 'int'], default: null },
            { name: 'snapshot', type: ['null', 'string'], default: null },
            { name: 'ts_ns', type: ['null', 'long'], default: null },
          ],
        },
      },
      { name: 'op', type: 'string' },
      { name: 'ts_ms', type: ['null', 'long'], default: null },
    ],
  };
}

/** `value` in the wire format Connect's converter writes, its schema registered under `<topic>-value`. */
export async function framed(registry: Client, topic: string, schema: object, value: object): Promise<Buffer> {
  const id = await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) }, false);
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, avro.Type.forSchema(schema as avro.Schema).toBuffer(value)]);
}
