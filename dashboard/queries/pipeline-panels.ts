import { GOLD_TABLE_NAMES, GOLD_TABLES } from '../../catalog/gold-tables.ts';
import type { Cell, PanelData } from '../api-types.ts';
import type { PipelineSection, PipelineStatus } from '../pipeline-status.ts';
import { alertsPanel } from './alerts-panel.ts';
import { column, type PagePanels, type PanelContext } from './panel.ts';

const MISSING_PROVIDER =
  'This dashboard was started without a pipeline, so it sees the warehouse only: records per layer, dead letters, consumer lag and connector states show when it runs inside the pipeline (medallion demo) or beside Kafka and Connect (medallion dashboard).';

async function withStatus(context: PanelContext, section: PipelineSection, columns: PanelData['columns'], rows: (status: PipelineStatus) => Record<string, Cell>[]): Promise<PanelData> {
  if (context.pipeline === undefined) return { columns, rows: [], unavailable: MISSING_PROVIDER };
  const status = await context.pipeline.status();
  const unavailable = status.unavailable?.[section];
  if (unavailable !== undefined) return { columns, rows: [], unavailable };
  const note = status.notes?.[section];
  return { columns, rows: rows(status), note: `Pipeline: ${status.mode}.${note === undefined ? '' : ` ${note}`}` };
}

export const pipelinePanels: PagePanels<'pipeline'> = {
  /** Rows, the newest business time and the last change the server heard of, per gold table. */
  async freshness({ db, changesSeen }) {
    // Per gold table, the column whose newest value says how recent its data is (the catalog's clock).
    const selects = GOLD_TABLE_NAMES.map((table) => [table, GOLD_TABLES[table].clock] as const).map(
      ([table, clock]) => `SELECT '${table}' AS table_name, count(*) AS rows, ${clock === null ? 'NULL' : `max(${clock})::text`} AS newest, ${clock === null ? 'NULL' : `'${clock}'`} AS newest_of FROM gold.${table}`,
    );
    const rows = await db.query<Record<string, Cell>>(selects.join('\nUNION ALL\n'), []);
    return {
      columns: [
        column('table_name', 'Gold table', 'text'),
        column('rows', 'Rows', 'int'),
        column('newest', 'Newest data', 'text'),
        column('newest_of', 'Newest of', 'text'),
        column('last_change', 'Last change seen', 'datetime'),
      ],
      rows: rows.map((row) => ({ ...row, last_change: changesSeen.get(String(row.table_name)) ?? null })),
      note: 'Last change seen: the newest gold_changed notification since this dashboard started.',
    };
  },

  /** What each processor and the sink is doing, and what it waits for when a service does not answer. */
  parts: (context) =>
    withStatus(context, 'parts', [column('part', 'Part', 'text'), column('state', 'State', 'text'), column('waiting_for', 'Waiting for', 'text')], (status) =>
      status.parts.map((p) => ({ part: p.part, state: p.state, waiting_for: p.waitingFor })),
    ),

  layers: (context) =>
    withStatus(context, 'layers', [column('layer', 'Layer', 'text'), column('entity', 'Entity', 'text'), column('topic', 'Topic', 'text'), column('records', 'Records', 'int')], (status) =>
      status.layers.map((l) => ({ layer: l.layer, entity: l.entity, topic: l.topic, records: l.records })),
    ),

  /** One row per sample dead letter; an entity with none gets one row with its count only. */
  'dead-letters': (context) =>
    withStatus(
      context,
      'deadLetters',
      [
        column('entity', 'Entity', 'text'),
        column('count', 'Dead letters', 'int'),
        column('stage', 'Stage', 'text'),
        column('reason', 'Reason', 'text'),
        column('field', 'Field', 'text'),
        column('value', 'Value', 'text'),
        column('source', 'Source', 'text'),
        column('raw', 'Raw input', 'text'),
        column('failed_at', 'Failed at', 'datetime'),
      ],
      (status) =>
        status.deadLetters.flatMap((d): Record<string, Cell>[] => {
          const entity = { entity: d.entity, count: d.count };
          if (d.samples.length === 0) return [{ ...entity, stage: null, reason: null, field: null, value: null, source: null, raw: null, failed_at: null }];
          return d.samples.map((s) => ({
            ...entity,
            stage: s.stage,
            reason: s.reason,
            field: s.field,
            value: s.value,
            source: `${s.sourceUri} ${s.sourcePosition}`,
            raw: s.raw,
            failed_at: s.failedAt.toISOString(),
          }));
        }),
    ),

  lag: (context) =>
    withStatus(context, 'lag', [column('processor', 'Processor', 'text'), column('group', 'Consumer group', 'text'), column('lag', 'Lag (records)', 'int')], (status) =>
      status.lag.map((l) => ({ processor: l.processor, group: l.group, lag: l.lag })),
    ),

  connectors: (context) =>
    withStatus(
      context,
      'connectors',
      [column('name', 'Connector', 'text'), column('type', 'Type', 'text'), column('state', 'State', 'text'), column('tasks', 'Tasks', 'text'), column('trace', 'First failure', 'text')],
      (status) =>
        status.connectors.map((c) => ({
          name: c.name,
          type: c.type,
          state: c.state,
          tasks: c.tasks.map((t) => `${t.id}: ${t.state}`).join(', '),
          trace: c.tasks.find((t) => t.trace !== undefined)?.trace?.split('\n', 1)[0] ?? null,
        })),
    ),

  alerts: alertsPanel,
};
