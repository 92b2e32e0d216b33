import { readFileSync } from 'node:fs';
import type avro from 'avsc';
import { avroType } from './avro/logical-types.ts';
import { BRONZE_ENTITIES, type BronzeEntity, type RecordSchema } from './bronze-contracts.ts';

/**
 * The dead-letter contract: every dlq.<entity> topic carries DeadLetter records
 * (schemas/dlq/dead-letter.avsc), each with the reason, the field and value that
 * broke the rule, where the input came from and the raw input itself.
 */
export interface DlqContract {
  readonly entity: BronzeEntity;
  readonly topic: `dlq.${BronzeEntity}`;
  /** The registry subject (TopicNameStrategy: `<topic>-value`). */
  readonly subject: `dlq.${BronzeEntity}-value`;
  readonly schema: RecordSchema;
  readonly type: avro.Type;
}

/** Where the warehouse sink puts records the warehouse refused (DeadLetter contract; entity = the table). */
export const WAREHOUSE_DLQ_TOPIC = 'dlq.warehouse';

export function readDeadLetterSchema(): RecordSchema {
  return JSON.parse(readFileSync(new URL('./dlq/dead-letter.avsc', import.meta.url), 'utf8')) as RecordSchema;
}

const schema = readDeadLetterSchema();
const type = avroType(schema as unknown as avro.Schema);
const contracts = new Map(BRONZE_ENTITIES.map((entity) => [entity, { entity, topic: `dlq.${entity}`, subject: `dlq.${entity}-value`, schema, type } as const]));

export function dlqContract(entity: BronzeEntity): DlqContract {
  return contracts.get(entity)!;
}

export function dlqContracts(): readonly DlqContract[] {
  return [...contracts.values()];
}
