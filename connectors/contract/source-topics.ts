import { bronzeContract, type BronzeEntity } from '../../schemas/bronze-contracts.ts';
import type { TopicSpec } from '../../transport/transport.ts';

/** Where a source writes. A prefix gives tests and side-by-side runs their own topics. */
export interface SourceTopics<E extends BronzeEntity = BronzeEntity> {
  bronze(entity: E): string;
  deadLetters(entity: E): string;
  /** The compacted topic of the source's checkpoints, written in the same transactions as its records. */
  readonly checkpoints: string;
}

/** The topics of the source named `source` (file-source, blob-source, …): bronze.<entity>, dlq.<entity>, _medallion.<source>.checkpoints. */
export function sourceTopics<E extends BronzeEntity>(source: string, prefix = ''): SourceTopics<E> {
  return {
    bronze: (entity) => `${prefix}${bronzeContract(entity).topic}`,
    deadLetters: (entity) => `${prefix}${bronzeContract(entity).dlqTopic}`,
    checkpoints: `${prefix}_medallion.${source}.checkpoints`,
  };
}

/** The topics to create before the first write: checkpoints compacted, one partition (their order matters). */
export function sourceTopicSpecs<E extends BronzeEntity>(entities: readonly E[], topics: SourceTopics<E>, partitions: number): TopicSpec[] {
  return [
    ...entities.flatMap((entity) => [
      { name: topics.bronze(entity), partitions },
      { name: topics.deadLetters(entity), partitions },
    ]),
    { name: topics.checkpoints, partitions: 1, compacted: true },
  ];
}
