import type { Client } from '@confluentinc/schemaregistry';
import type { DeadLetter, DeadLetterStage } from '../../schemas/generated/bronze-types.ts';
import { recordSerde, type RecordSerde } from '../../schemas/record-serde.ts';
import type { OutgoingRecord, StoredRecord } from '../../transport/transport.ts';
import type { RecordRuleError } from './processor-error.ts';

/** Encodes dead letters for the processors' dead-letter topics (DeadLetter contract, subject `<topic>-value`). */
export type DeadLetterSerde = Pick<RecordSerde<Record<string, DeadLetter>>, 'serialize'>;

export function deadLetterTopicsSerde(registry: Client, topics: readonly string[]): DeadLetterSerde {
  return recordSerde<Record<string, DeadLetter>>(registry, Object.fromEntries(topics.map((t) => [t, t])));
}

/**
 * The dead letter of a record a processor refused: the rule, field and value, the
 * input topic and position, and the record's value bytes as they were. A record
 * read from silver was refused on its way to gold; anything else on its way to silver.
 */
export async function deadLetterOf(serde: DeadLetterSerde, topic: string, record: StoredRecord, error: RecordRuleError, stage?: DeadLetterStage): Promise<OutgoingRecord> {
  const letter: DeadLetter = {
    entity: topic.replace(/^dlq\./, ''),
    stage: stage ?? (record.topic.startsWith('silver.') ? 'gold' : 'silver'),
    reason: error.reason,
    field: error.field,
    value: error.value,
    source_uri: record.topic,
    source_position: `partition ${record.partition} offset ${record.offset}`,
    raw: record.value ?? Buffer.alloc(0),
    failed_at: new Date(),
  };
  return { topic, key: record.key, value: await serde.serialize(topic, letter) };
}
