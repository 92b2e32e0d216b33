import type { OutgoingRecord, Transport } from '../../transport/transport.ts';
import { checkpointRecord, restoreCheckpoints } from '../contract/source-checkpoints.ts';
import { CartsSourceError } from './carts-source-error.ts';

/** How far the API has been read; written in the same transaction as the carts of each page. */
export interface CartsCheckpoint {
  readonly version: 1;
  readonly source: string;
  /** The `skip` of the next page to ask for: every cart before it has been produced (or dead-lettered). */
  readonly nextSkip: number;
  /** The highest cart id produced: a page that repeats carts up to it adds nothing. */
  readonly lastCartId: number;
  /** The API's `total` on the last page read; null before the first. */
  readonly total: number | null;
  /** The source_sequence the next record of this source gets. */
  readonly nextSequence: number;
}

/** One API per source: its checkpoint's id. */
const CHECKPOINT_ID = 'carts';

export const FIRST_CHECKPOINT = (source: string): CartsCheckpoint => ({ version: 1, source, nextSkip: 0, lastCartId: 0, total: null, nextSequence: 1 });

export function cartsCheckpointRecord(topic: string, checkpoint: CartsCheckpoint): OutgoingRecord {
  return checkpointRecord(topic, checkpoint.source, CHECKPOINT_ID, checkpoint);
}

/** The source's committed checkpoint, or the first one when it has none. */
export async function restoreCartsCheckpoint(transport: Transport, topic: string, source: string): Promise<CartsCheckpoint> {
  const checkpoints = await restoreCheckpoints(transport, topic, source, {
    isCheckpoint: (value): value is CartsCheckpoint => {
      const v = value as Partial<CartsCheckpoint> | undefined;
      return v?.version === 1 && Number.isInteger(v.nextSkip) && Number.isInteger(v.lastCartId) && Number.isInteger(v.nextSequence);
    },
    refuse: (at) =>
      new CartsSourceError(
        'bad-checkpoint',
        `the checkpoint at ${at} is not a carts-source checkpoint of version 1`,
        'checkpoints are written only by the carts source; give this API its own sourceName, or remove the key from the topic with a tombstone',
      ),
  });
  return checkpoints.get(CHECKPOINT_ID) ?? FIRST_CHECKPOINT(source);
}
