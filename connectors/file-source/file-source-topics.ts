import type { TopicSpec } from '../../transport/transport.ts';
import { sourceTopics, sourceTopicSpecs, type SourceTopics } from '../contract/source-topics.ts';
import { FILE_ENTITIES, type FileEntity } from './entity-of-file.ts';

/** Where the sidecar writes. A prefix gives tests and side-by-side runs their own topics. */
export type FileSourceTopics = SourceTopics<FileEntity>;

export function fileSourceTopics(prefix = ''): FileSourceTopics {
  return sourceTopics('file-source', prefix);
}

/** The topics to create before the first write: checkpoints compacted, one partition (their order matters). */
export function fileSourceTopicSpecs(topics: FileSourceTopics, partitions: number): TopicSpec[] {
  return sourceTopicSpecs(FILE_ENTITIES, topics, partitions);
}
