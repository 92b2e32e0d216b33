import { randomUUID } from 'node:crypto';
import type { Client } from '@confluentinc/schemaregistry';
import { BRONZE_ENTITIES, bronzeContract, type BronzeEntity } from '../schemas/bronze-contracts.ts';
import { deadLetterSerde } from '../schemas/record-serde.ts';
import type { Transport } from '../transport/transport.ts';
import { readToEnds } from './read-to-ends.ts';

/** Dead letters of one entity that broke one rule, at one stage, since a time. */
export interface DeadLetterGroup {
  readonly entity: BronzeEntity;
  readonly stage: string;
  /** The rule broken, as the dead letter names it (e.g. missing-field, bad-number). */
  readonly reason: string;
  readonly count: number;
  /** The first field and value at fault, and where it came from: one example of the group. */
  readonly example: { readonly field: string | null; readonly value: string | null; readonly source: string };
  readonly firstAt: string;
  readonly lastAt: string;
}

export interface DeadLetterSummary {
  readonly groups: readonly DeadLetterGroup[];
  /** The dlq.<entity> topics not on the log: nothing was ever dead-lettered there (the pipeline has not run on this Kafka yet). */
  readonly absent: readonly string[];
}

/**
 * The dead letters written to the dlq.<entity> topics at or after `since` (by
 * record timestamp), grouped by entity, stage and rule; read to the topics' ends
 * as of the call by a consumer of its own that commits nothing.
 */
export async function summariseDeadLetters(transport: Transport, registry: Client, since: number): Promise<DeadLetterSummary> {
  const existing = new Set(await transport.topicNames());
  const all: string[] = BRONZE_ENTITIES.map((entity) => bronzeContract(entity).dlqTopic);
  const topics = all.filter((topic) => existing.has(topic));
  const absent = all.filter((topic) => !existing.has(topic));
  if (topics.length === 0) return { groups: [], absent };
  const entityOf = new Map(BRONZE_ENTITIES.map((entity) => [bronzeContract(entity).dlqTopic as string, entity]));
  const starts = await transport.offsetsAt(topics, since);
  const consumer = await transport.consumer({ groupId: `medallion.dead-letters.${randomUUID()}`, topics, startOffsets: async () => starts });
  const serde = deadLetterSerde(registry);
  const groups = new Map<string, { -readonly [K in keyof DeadLetterGroup]: DeadLetterGroup[K] }>();
  try {
    await readToEnds(consumer, async (records) => {
      for (const record of records) {
        const entity = entityOf.get(record.topic);
        if (entity === undefined || record.value === null || record.timestamp < since) continue;
        const letter = await serde.deserialize(entity, record.value);
        const at = letter.failed_at.toISOString();
        const key = `${entity}\0${letter.stage}\0${letter.reason}`;
        const group = groups.get(key);
        if (group === undefined) {
          groups.set(key, {
            entity,
            stage: letter.stage,
            reason: letter.reason,
            count: 1,
            example: { field: letter.field, value: letter.value, source: `${letter.source_uri} ${letter.source_position}` },
            firstAt: at,
            lastAt: at,
          });
        } else {
          group.count += 1;
          if (at < group.firstAt) group.firstAt = at;
          if (at > group.lastAt) group.lastAt = at;
        }
      }
    });
  } finally {
    await consumer.close();
  }
  return { groups: [...groups.values()].sort((a, b) => a.entity.localeCompare(b.entity) || b.count - a.count || a.reason.localeCompare(b.reason)), absent };
}
