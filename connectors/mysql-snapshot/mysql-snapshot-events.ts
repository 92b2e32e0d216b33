import type { TransportKind } from '../../transport/transport.ts';
import type { RejectedRow } from '../contract/row-encoder.ts';
import type { MysqlEntity } from './mysql-tables.ts';

/**
 * What the MySQL snapshot reports, as it happens. Only the CLI prints them.
 * `stand-in` says plainly that this is embedded mode's snapshot in place of
 * change data capture: changes made in a database later are not seen.
 */
export type MysqlSnapshotEvent =
  | { readonly kind: 'started'; readonly transport: TransportKind; readonly dump: string; readonly checkpoints: number }
  | { readonly kind: 'stand-in'; readonly dump: string; readonly detail: string }
  | {
      readonly kind: 'batch-committed';
      readonly table: string;
      readonly entity: MysqlEntity;
      readonly rowsRead: number;
      readonly produced: number;
      readonly deadLettered: number;
      /** Rows of the table done after the batch. */
      readonly rowsDone: number;
    }
  | ({ readonly kind: 'row-dead-lettered'; readonly table: string; readonly entity: MysqlEntity } & RejectedRow)
  | { readonly kind: 'table-loaded'; readonly table: string; readonly entity: MysqlEntity; readonly rows: number }
  /** The checkpoint says this dump's table was loaded before: nothing produced. */
  | { readonly kind: 'table-unchanged'; readonly table: string; readonly entity: MysqlEntity; readonly rows: number }
  | { readonly kind: 'table-ignored'; readonly table: string; readonly detail: string }
  | { readonly kind: 'finished'; readonly produced: number; readonly deadLettered: number }
  | { readonly kind: 'stopped' };

export type MysqlSnapshotEventKind = MysqlSnapshotEvent['kind'];
