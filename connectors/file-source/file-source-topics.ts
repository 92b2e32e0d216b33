import { bronzeContract } from '../../schemas/bronze-contracts.ts';
import type { TopicSpec } from '../../transport/transport.ts';
import { FILE_ENTITIES, type FileEntity } from './entity-of-file.ts';

/** Where the sidecar writes. A prefix gives tests and side-by-side runs their own topics. */
export interface FileSourceTopics {
  bronze(entity: FileEntity): string;
  deadLetters(entity: FileEntity): string;
  readonly checkpoints: string;
}

export function fileSourceTopics(prefix = ''): FileSourceTopics {
  return {
    bronze: (entity) => `${prefix}${bronzeContract(entity).topic}`,
    deadLetters: (entity) => `${prefix}${bronzeContract(entity).dlqTopic}`,
    checkpoints: `${prefix}_medallion.file-source.checkpoints`,
  };
}

/** The topics to create before the first write: checkpoints compacted, one partition (their order matters). */
export function fileSourceTopicSpecs(topics: FileSourceTopics, partitions: number): TopicSpec[] {
  return [
    ...FILE_ENTITIES.flatMap((entity) => [
      { name: topics.bronze(entity), partitions },
      { name: topics.deadLetters(entity), partitions },
    ]),
    { name: topics.checkpoints, partitions: 1, compacted: true },
  ];
}
