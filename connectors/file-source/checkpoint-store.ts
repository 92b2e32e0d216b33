import type { OutgoingRecord, Transport } from '../../transport/transport.ts';
import type { StoredLayout } from '../contract/stored-layout.ts';
import { checkpointRecord as sourceCheckpointRecord, restoreCheckpoints as restoreSourceCheckpoints } from '../contract/source-checkpoints.ts';
import type { FileEntity } from './entity-of-file.ts';
import type { Fingerprint } from './file-identity.ts';
import { FileSourceError } from './file-source-error.ts';

/** A quarantined file has no state of its own: moved back in, it resumes from its last checkpoint. */
export const FILE_STATES = ['reading', 'finished', 'duplicate'] as const;
export type FileState = (typeof FILE_STATES)[number];

/**
 * How far one file has been produced. Written in the same transaction as the
 * rows it covers, so after a crash the records and the checkpoint agree.
 */
export interface FileCheckpoint {
  readonly version: 1;
  /** The sidecar instance (one per landing folder): checkpoints of others are ignored. */
  readonly source: string;
  /** The file's identity (device:inode). */
  readonly file: string;
  /** The file's path when first seen: the lineage's source_uri of all its rows. */
  readonly uri: string;
  readonly entity: FileEntity;
  /** Byte offset after the last record produced. */
  readonly position: number;
  /** The physical line at `position`. */
  readonly line: number;
  readonly layout: StoredLayout | null;
  /** The first bytes already read, to tell this file from a later one reusing its inode. */
  readonly head: Fingerprint | null;
  /** The source_sequence the next record of this source gets. */
  readonly nextSequence: number;
  readonly state: FileState;
  /** The whole file, once finished: a re-drop of identical content is recognised by it. */
  readonly content: Fingerprint | null;
}

export function checkpointRecord(topic: string, checkpoint: FileCheckpoint): OutgoingRecord {
  return sourceCheckpointRecord(topic, checkpoint.source, checkpoint.file, checkpoint);
}

/** The latest checkpoint of every file of `source`, by file identity, as committed in the topic. */
export function restoreCheckpoints(transport: Transport, topic: string, source: string): Promise<Map<string, FileCheckpoint>> {
  return restoreSourceCheckpoints(transport, topic, source, {
    isCheckpoint: (value): value is FileCheckpoint => {
      const v = value as Partial<FileCheckpoint> | undefined;
      return v?.version === 1 && typeof v.position === 'number' && typeof v.nextSequence === 'number' && typeof v.uri === 'string';
    },
    refuse: (at) =>
      new FileSourceError(
        'bad-checkpoint',
        `the checkpoint at ${at} is not a file-source checkpoint of version 1`,
        'checkpoints are written only by the file source; give this landing folder its own --source-name, or remove the key from the topic with a tombstone',
      ),
  });
}
