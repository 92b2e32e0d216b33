import type { OutgoingRecord, Transport } from '../../transport/transport.ts';
import { checkpointRecord, restoreCheckpoints } from '../contract/source-checkpoints.ts';
import type { StoredLayout } from '../contract/stored-layout.ts';
import type { BlobEntity } from './blob-entity.ts';
import { BlobSourceError } from './blob-source-error.ts';

/**
 * `reading`: rows of this version produced up to `position`; `done`: all of it;
 * `duplicate`: a new etag over the same bytes as the version before, nothing
 * produced; `unreadable`: not UTF-8 text, skipped until the blob changes.
 */
export const BLOB_STATES = ['reading', 'done', 'duplicate', 'unreadable'] as const;
export type BlobState = (typeof BLOB_STATES)[number];

/** How far one blob has been produced, by version (etag); written in the same transaction as its rows. */
export interface BlobCheckpoint {
  readonly version: 1;
  readonly source: string;
  /** The blob's name in the container. */
  readonly blob: string;
  readonly etag: string;
  /** The blob's URL: the lineage's source_uri of its rows. */
  readonly url: string;
  readonly entity: BlobEntity;
  /** Byte offset in this version after the last record produced, and its physical line. */
  readonly position: number;
  readonly line: number;
  readonly layout: StoredLayout | null;
  /** The source_sequence the next record of this source gets. */
  readonly nextSequence: number;
  readonly state: BlobState;
  /** SHA-256 of this version's bytes: the same bytes uploaded again (a new etag) produce nothing. */
  readonly content: string;
}

export function blobCheckpointRecord(topic: string, checkpoint: BlobCheckpoint): OutgoingRecord {
  return checkpointRecord(topic, checkpoint.source, checkpoint.blob, checkpoint);
}

/** The latest checkpoint of every blob of `source`, by blob name. */
export function restoreBlobCheckpoints(transport: Transport, topic: string, source: string): Promise<Map<string, BlobCheckpoint>> {
  return restoreCheckpoints(transport, topic, source, {
    isCheckpoint: (value): value is BlobCheckpoint => {
      const v = value as Partial<BlobCheckpoint> | undefined;
      return v?.version === 1 && typeof v.etag === 'string' && typeof v.position === 'number' && typeof v.nextSequence === 'number' && BLOB_STATES.includes(v.state!);
    },
    refuse: (at) =>
      new BlobSourceError(
        'bad-checkpoint',
        `the checkpoint at ${at} is not a blob-source checkpoint of version 1`,
        'checkpoints are written only by the blob source; give this container its own sourceName, or remove the key from the topic with a tombstone',
      ),
  });
}
