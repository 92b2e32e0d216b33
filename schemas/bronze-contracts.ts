import { readFileSync } from 'node:fs';
import type avro from 'avsc';
import { ENTITY_NAMES, type EntityName } from '../catalog/entities.ts';
import { avroType } from './avro/logical-types.ts';

/** The bronze entities, one topic each: the catalog's entities. */
export const BRONZE_ENTITIES = ENTITY_NAMES;
export type BronzeEntity = EntityName;

/** A record schema as it is written in schemas/bronze/<entity>.avsc. */
export interface RecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  /** The field whose value keys the record on its topic. */
  readonly 'medallion.key'?: string;
  readonly fields: readonly FieldSchema[];
}

export interface FieldSchema {
  readonly name: string;
  readonly type: unknown;
  readonly doc?: string;
  readonly default?: unknown;
  readonly aliases?: readonly string[];
  /** A value rule beyond the Avro type, checked where records are made. */
  readonly 'medallion.check'?: ValueCheck;
  /** A decimal's most fraction digits in the source, when fewer than its Avro scale (a Discount written with 2 and kept with 4). */
  readonly 'medallion.decimals'?: number;
}

export const VALUE_CHECKS = ['positive', 'non-negative', 'fraction', 'percent'] as const;
export type ValueCheck = (typeof VALUE_CHECKS)[number];

/** Everything a source or processor needs to know about one bronze entity. */
export interface BronzeContract {
  readonly entity: BronzeEntity;
  readonly topic: `bronze.${BronzeEntity}`;
  readonly dlqTopic: `dlq.${BronzeEntity}`;
  /** The registry subject (TopicNameStrategy: `<topic>-value`). */
  readonly subject: `bronze.${BronzeEntity}-value`;
  readonly keyField: string;
  readonly schema: RecordSchema;
  readonly type: avro.Type;
}

export function readSchemaFile(entity: BronzeEntity): RecordSchema {
  return JSON.parse(readFileSync(new URL(`./bronze/${entity}.avsc`, import.meta.url), 'utf8')) as RecordSchema;
}

function loadContract(entity: BronzeEntity): BronzeContract {
  const schema = readSchemaFile(entity);
  const keyField = schema['medallion.key'];
  if (keyField === undefined || !schema.fields.some((f) => f.name === keyField)) {
    throw new Error(`schemas/bronze/${entity}.avsc: "medallion.key" must name one of its fields`);
  }
  return {
    entity,
    topic: `bronze.${entity}`,
    dlqTopic: `dlq.${entity}`,
    subject: `bronze.${entity}-value`,
    keyField,
    schema,
    type: avroType(schema as unknown as avro.Schema),
  };
}

const contracts = new Map(BRONZE_ENTITIES.map((entity) => [entity, loadContract(entity)]));

export function bronzeContract(entity: BronzeEntity): BronzeContract {
  return contracts.get(entity)!;
}

export function bronzeContracts(): readonly BronzeContract[] {
  return [...contracts.values()];
}

export function isBronzeEntity(value: string): value is BronzeEntity {
  return (BRONZE_ENTITIES as readonly string[]).includes(value);
}
