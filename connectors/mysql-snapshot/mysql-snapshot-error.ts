import { MedallionError } from '../../core/medallion-error.ts';

export const MYSQL_SNAPSHOT_ERROR_CODES = ['dump-missing', 'bad-dump', 'bad-option', 'bad-checkpoint'] as const;
export type MysqlSnapshotErrorCode = (typeof MYSQL_SNAPSHOT_ERROR_CODES)[number];

/** The MySQL snapshot cannot load its dump: names the file, the line and what it expected, and the fix. */
export class MysqlSnapshotError extends MedallionError<MysqlSnapshotErrorCode> {
  readonly domain = 'mysql-snapshot';
}
