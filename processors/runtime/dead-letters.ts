import type { Client } from '@confluentinc/schemaregistry';
import { deadLetter, refusedRecordInput } from '../../schemas/dead-letter.ts';
import type { DeadLetter } from '../../schemas/generated/bronze-types.ts';
import { recordSerde, type RecordSerde } from '../../schemas/record-serde.ts';
import type { OutgoingRecord, StoredRecord } from '../../transport/transport.ts';
import type { RecordRuleError } from './processor-error.ts';
import type { DeadLetterTarget } from './processor.ts';

/** Encodes dead letters for the processors' dead-letter topics (DeadLetter contract, subject `<topic>-value`). */
export type DeadLetterSerde = Pick<RecordSerde<Record<string, DeadLetter>>, 'serialize'>;

export function deadLetterTopicsSerde(registry: Client, topics: readonly string[]): DeadLetterSerde {
  return recordSerde<Record<string, DeadLetter>>(registry, Object.fromEntries(topics.map((t) => [t, t])));
}

/** The dead letter of a record a processor refused, on its dead-letter topic: the rule, field and value, where the record was and its value's bytes as they were. */
export async function deadLetterOf(serde: DeadLetterSerde, target: DeadLetterTarget, record: StoredRecord, error: RecordRuleError): Promise<OutgoingRecord> {
  const letter = deadLetter(target, { reason: error.reason, field: error.field, value: error.value, ...refusedRecordInput(record) });
  return { topic: target.topic, key: record.key, value: await serde.serialize(target.topic, letter) };
}
