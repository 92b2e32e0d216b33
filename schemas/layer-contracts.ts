import { readFileSync } from 'node:fs';
import type avro from 'avsc';
import { avroType } from './avro/logical-types.ts';
import { SILVER_ENTITY_NAMES, type SilverEntityName } from '../catalog/entities.ts';
import { GOLD_TABLE_NAMES, type GoldTableName } from '../catalog/gold-tables.ts';
import type { RecordSchema } from './bronze-contracts.ts';

/**
 * The silver and gold contracts: one topic per silver entity or gold table,
 * Avro values (schemas/<layer>/<name>.avsc) and Avro record keys. A key schema is
 * derived from its value schema's "medallion.key" (one field or several), so the
 * key fields are declared once; its subject is `<topic>-key`, which is what lets
 * Kafka Connect's JDBC sink upsert by record key.
 *
 * SILVER_ENTITIES are the conformed entities (the catalog's): each the silver of
 * bronze entities (reconciled against them), and each an input of gold.
 */
export const SILVER_ENTITIES = SILVER_ENTITY_NAMES;
export type SilverEntity = SilverEntityName;

/** Silver topics derived from the conformed ones (no bronze entity's silver, no input of gold), e.g. the enriched sales. */
export const DERIVED_SILVER_TOPICS = ['sales_enriched'] as const;

// The gold tables are the catalog's; here for the code that reads them with their contracts.
export { GOLD_TABLE_NAMES, type GoldTableName };

/** Every topic of each layer: the sinks, the registry and the counts mean all of them. */
export const LAYERS = { silver: [...SILVER_ENTITIES, ...DERIVED_SILVER_TOPICS], gold: GOLD_TABLE_NAMES } as const;
export type Layer = keyof typeof LAYERS;
export type LayerName<L extends Layer> = (typeof LAYERS)[L][number];

/** A silver or gold value schema: a record whose "medallion.key" names its key field(s). */
export interface KeyedRecordSchema extends Omit<RecordSchema, 'medallion.key'> {
  readonly 'medallion.key': string | readonly string[];
}

export interface LayerContract<L extends Layer = Layer> {
  readonly layer: L;
  readonly name: LayerName<L>;
  readonly topic: `${L}.${LayerName<L>}`;
  readonly valueSubject: string;
  readonly keySubject: string;
  readonly keyFields: readonly string[];
  readonly schema: KeyedRecordSchema;
  readonly keySchema: RecordSchema;
  readonly type: avro.Type;
  readonly keyType: avro.Type;
}

export function readLayerSchema(layer: Layer, name: string): KeyedRecordSchema {
  return JSON.parse(readFileSync(new URL(`./${layer}/${name}.avsc`, import.meta.url), 'utf8')) as KeyedRecordSchema;
}

/** `<Name>Key` in the value's namespace, with the key fields as the value declares them. */
export function keySchemaOf(schema: KeyedRecordSchema, where: string): RecordSchema {
  const declared = schema['medallion.key'];
  const names = typeof declared === 'string' ? [declared] : declared;
  const fields = names.map((name) => {
    const field = schema.fields.find((f) => f.name === name);
    if (field === undefined) throw new Error(`${where}: "medallion.key" names '${name}', which is not one of its fields`);
    return { name: field.name, type: field.type, ...(field.doc === undefined ? {} : { doc: field.doc }) };
  });
  if (fields.length === 0) throw new Error(`${where}: "medallion.key" must name at least one field`);
  return { type: 'record', name: `${schema.name}Key`, ...(schema.namespace === undefined ? {} : { namespace: schema.namespace }), doc: `The key of ${schema.name} records.`, fields };
}

function loadContract<L extends Layer>(layer: L, name: LayerName<L>): LayerContract<L> {
  const schema = readLayerSchema(layer, name);
  const keySchema = keySchemaOf(schema, `schemas/${layer}/${name}.avsc`);
  const topic = `${layer}.${name}` as const;
  return {
    layer,
    name,
    topic,
    valueSubject: `${topic}-value`,
    keySubject: `${topic}-key`,
    keyFields: keySchema.fields.map((f) => f.name),
    schema,
    keySchema,
    type: avroType(schema as unknown as avro.Schema),
    keyType: avroType(keySchema as unknown as avro.Schema),
  };
}

const contracts = {
  silver: new Map(LAYERS.silver.map((name) => [name, loadContract('silver', name)])),
  gold: new Map(GOLD_TABLE_NAMES.map((name) => [name, loadContract('gold', name)])),
} as { readonly [L in Layer]: ReadonlyMap<LayerName<L>, LayerContract<L>> };

export function layerContract<L extends Layer>(layer: L, name: LayerName<L>): LayerContract<L> {
  return (contracts[layer] as ReadonlyMap<LayerName<L>, LayerContract<L>>).get(name)!;
}

export function layerContracts<L extends Layer>(layer: L): readonly LayerContract<L>[] {
  return [...(contracts[layer] as ReadonlyMap<LayerName<L>, LayerContract<L>>).values()];
}

/** A conformed entity's contract (SILVER_ENTITIES). */
export type SilverEntityContract = LayerContract<'silver'> & { readonly name: SilverEntity; readonly topic: `silver.${SilverEntity}` };

/** The conformed entities' contracts only: what gold reads and reconciliation counts, without the derived silver topics. */
export function silverEntityContracts(): readonly SilverEntityContract[] {
  return SILVER_ENTITIES.map((name) => layerContract('silver', name) as SilverEntityContract);
}
