import type { OutgoingRecord, Transport } from '../../transport/transport.ts';
import { checkpointRecord, restoreCheckpoints } from '../contract/source-checkpoints.ts';
import { MysqlSnapshotError } from './mysql-snapshot-error.ts';

/** How far one table of one dump has been produced; written in the same transaction as its rows. */
export interface TableCheckpoint {
  readonly version: 1;
  readonly source: string;
  readonly table: string;
  /** SHA-256 of the dump: a changed dump is a new snapshot, loaded again as newer versions. */
  readonly dump: string;
  /** Rows of the table read (produced or dead-lettered). */
  readonly rowsDone: number;
  readonly done: boolean;
  /** The source_sequence the next record of this source gets. */
  readonly nextSequence: number;
}

export function tableCheckpointRecord(topic: string, checkpoint: TableCheckpoint): OutgoingRecord {
  return checkpointRecord(topic, checkpoint.source, checkpoint.table, checkpoint);
}

/** The latest checkpoint of every table of `source`, by table name. */
export function restoreTableCheckpoints(transport: Transport, topic: string, source: string): Promise<Map<string, TableCheckpoint>> {
  return restoreCheckpoints(transport, topic, source, {
    isCheckpoint: (value): value is TableCheckpoint => {
      const v = value as Partial<TableCheckpoint> | undefined;
      return v?.version === 1 && typeof v.dump === 'string' && Number.isInteger(v.rowsDone) && typeof v.done === 'boolean' && Number.isInteger(v.nextSequence);
    },
    refuse: (at) =>
      new MysqlSnapshotError(
        'bad-checkpoint',
        `the checkpoint at ${at} is not a mysql-snapshot checkpoint of version 1`,
        'checkpoints are written only by the MySQL snapshot; give it its own sourceName, or remove the key from the topic with a tombstone',
      ),
  });
}
