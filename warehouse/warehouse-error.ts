import { MedallionError } from '../core/medallion-error.ts';

export const WAREHOUSE_ERROR_CODES = [
  /** A file in warehouse/migrations/ is not named NNNN_words.sql. */
  'bad-migration-name',
  /** An applied migration's file changed since it was applied. */
  'migration-changed',
  /** The warehouse recorded a migration this checkout does not have. */
  'migration-missing',
  /** A migration's SQL failed; nothing of it was applied. */
  'migration-failed',
  /** The warehouse lacks a table the caller needs (migrations not applied). */
  'not-migrated',
  /** A record does not fit the table it is written to (unknown key, missing column). */
  'record-mismatch',
  /** A file to load does not fit its table. */
  'bad-load-file',
  /** Another sink of the same name holds the warehouse's lock for it. */
  'sink-already-running',
  /** The registry lacks the contracts of a topic the sink reads. */
  'contracts-unregistered',
  /** The sink stopped on an error it cannot retry. */
  'sink-failed',
] as const;
export type WarehouseErrorCode = (typeof WAREHOUSE_ERROR_CODES)[number];

/** A warehouse failure: names the migration, table or record, the rule broken and the fix. */
export class WarehouseError extends MedallionError<WarehouseErrorCode> {
  readonly domain = 'warehouse';
}
