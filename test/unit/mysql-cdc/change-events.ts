import type { ChangeEvent, ChangeRow } from '../../../connectors/mysql-cdc/change-event.ts';

/** A Debezium change event of the operational database, as the decoder hands it over (longs as bigint). */
export function changeEvent(op: ChangeEvent['op'], rows: { before?: ChangeRow; after?: ChangeRow }, at: { pos?: bigint; row?: number; snapshot?: string; table?: string } = {}): ChangeEvent {
  return {
    op,
    before: rows.before ?? null,
    after: rows.after ?? null,
    source: { db: 'operational', table: at.table ?? 'categories', file: 'mariadb-bin.000004', pos: at.pos ?? 1666n, row: at.row ?? 0, snapshot: at.snapshot ?? 'false' },
    ts_ms: 1795496773642n,
  };
}
