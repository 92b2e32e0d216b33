import pg from 'pg';
import { layerContracts, type Layer, type LayerContract } from '../../schemas/layer-contracts.ts';
import { WarehouseError } from '../warehouse-error.ts';

const { escapeIdentifier: id } = pg;

export interface SinkColumn {
  readonly name: string;
  /** PostgreSQL's name of the column's type, e.g. numeric(12,4), as a cast target. */
  readonly type: string;
}

/** Where the records of one topic land: the table of the same schema and name (silver.sales → silver.sales). */
export interface SinkTable {
  /** The topic read: the contract's topic, after the sink's topic prefix. */
  readonly topic: string;
  readonly layer: Layer;
  /** The table's name without schema (fact_sales), also the name dead letters give. */
  readonly name: string;
  /** schema.table, quoted for SQL. */
  readonly qualified: string;
  readonly contract: LayerContract;
  /** The key columns, in key order: the fields of the record key. */
  readonly keys: readonly SinkColumn[];
  /** The other columns written: the value's fields that are columns of the table, in table order. */
  readonly values: readonly SinkColumn[];
}

/** Every silver and gold topic: what the sink reads unless told otherwise. */
export function warehouseTopics(): readonly string[] {
  return [...layerContracts('silver'), ...layerContracts('gold')].map((c) => c.topic);
}

interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly not_null: boolean;
}

async function catalogColumns(client: pg.ClientBase, schema: string, table: string): Promise<CatalogColumn[] | undefined> {
  const exists = await client.query<{ oid: string | null }>('SELECT to_regclass($1)::oid::text AS oid', [`${id(schema)}.${id(table)}`]);
  const oid = exists.rows[0]?.oid;
  if (oid === null || oid === undefined) return undefined;
  const { rows } = await client.query<CatalogColumn>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null
     FROM pg_attribute WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [oid],
  );
  return rows;
}

/**
 * Reads each topic's table from the catalog and checks that its records fit: every
 * key field is a column, and every NOT NULL column is a field of the records (else
 * every record would be refused). Fields the table lacks (silver's full_name) are
 * not written.
 */
export async function sinkTables(client: pg.ClientBase, topics: readonly string[], topicPrefix = ''): Promise<SinkTable[]> {
  const contracts = new Map([...layerContracts('silver'), ...layerContracts('gold')].map((c) => [c.topic as string, c as LayerContract]));
  const tables: SinkTable[] = [];
  for (const topic of topics) {
    const contract = contracts.get(topic);
    if (contract === undefined) {
      throw new WarehouseError('record-mismatch', `topic ${topic} is not a silver or gold topic, so the warehouse has no table for it`, `sink only the topics of schemas/silver and schemas/gold: ${[...contracts.keys()].join(', ')}`);
    }
    const columns = await catalogColumns(client, contract.layer, contract.name);
    const where = `${contract.layer}.${contract.name}`;
    if (columns === undefined) throw new WarehouseError('not-migrated', `the warehouse has no table ${where} for topic ${topic}`, 'run `medallion warehouse migrate` first');
    const fields = new Set(contract.schema.fields.map((f) => f.name));
    const byName = new Map(columns.map((c) => [c.name, c]));
    const keys = contract.keyFields.map((name) => {
      const column = byName.get(name);
      if (column === undefined) throw new WarehouseError('record-mismatch', `${where} has no column ${name}, the key field of topic ${topic}`, 'add the column in a new migration, or fix the topic\'s "medallion.key"');
      return { name, type: column.type };
    });
    const unfilled = columns.filter((c) => c.not_null && !fields.has(c.name)).map((c) => c.name);
    if (unfilled.length > 0) {
      throw new WarehouseError('record-mismatch', `${where} requires column(s) ${unfilled.join(', ')}, which records of ${topic} do not have`, `add the field(s) to schemas/${contract.layer}/${contract.name}.avsc or make the column(s) nullable in a new migration`);
    }
    const values = columns.filter((c) => fields.has(c.name) && !contract.keyFields.includes(c.name)).map(({ name, type }) => ({ name, type }));
    tables.push({ topic: `${topicPrefix}${topic}`, layer: contract.layer, name: contract.name, qualified: `${id(contract.layer)}.${id(contract.name)}`, contract, keys, values });
  }
  return tables;
}
