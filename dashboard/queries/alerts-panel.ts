import type { Cell, PanelData } from '../api-types.ts';
import { column, type PanelContext } from './panel.ts';

/** How many of the newest alerts the Pipeline page lists. */
const NEWEST = 20;

const COLUMNS = [
  column('raised_at', 'Raised at', 'datetime'),
  column('dag_id', 'DAG', 'text'),
  column('task_id', 'Check', 'text'),
  column('message', 'Message', 'text'),
  column('run_id', 'Run', 'text'),
];

/** The newest rows of meta.alerts (migration 0009), which the Airflow DAGs' failure callback writes. */
export async function alertsPanel({ db }: PanelContext): Promise<PanelData> {
  const [table] = await db.query<{ present: boolean }>("SELECT to_regclass('meta.alerts') IS NOT NULL AS present", []);
  if (table?.present !== true) {
    return { columns: COLUMNS, rows: [], unavailable: 'This warehouse has no meta.alerts table yet: run medallion warehouse migrate (migration 0009).' };
  }
  const rows = await db.query<Record<string, Cell>>(
    `SELECT to_char(raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS raised_at, dag_id, task_id, message, run_id
       FROM meta.alerts ORDER BY alert_id DESC LIMIT ${NEWEST}`,
    [],
  );
  return { columns: COLUMNS, rows, note: `The newest ${NEWEST} alerts raised by the Airflow DAGs (a failed check, its own message).` };
}
