import type { EChartsOption } from 'echarts';
import type { PanelData } from '../../api-types.ts';
import { rankingBars } from '../charts/chart-builders.ts';
import { PALETTE } from '../charts/chart-theme.ts';
import type { PageSpec } from './page-spec.ts';

/** Records per entity, one bar per layer. */
function layerBars(data: PanelData): EChartsOption {
  const entities = [...new Set(data.rows.map((row) => String(row.entity)))];
  const layers = [...new Set(data.rows.map((row) => String(row.layer)))];
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: entities },
    yAxis: { type: 'value' },
    series: layers.map((layer) => ({
      type: 'bar' as const,
      name: layer,
      data: entities.map((entity) => Number(data.rows.find((row) => row.entity === entity && row.layer === layer)?.records ?? 0)),
    })),
  };
}

/** Dead letters per entity (the table repeats the count on each sample row). */
function deadLetterBars(data: PanelData): EChartsOption {
  const counts = new Map(data.rows.map((row) => [String(row.entity), Number(row.count)]));
  const rows = [...counts].map(([entity, count]) => ({ entity, count }));
  return rankingBars({ columns: [{ key: 'count', label: 'Dead letters', format: 'int' }], rows }, 'entity', 'count', 'int', PALETTE[3]);
}

export const pipelinePage: PageSpec<'pipeline'> = {
  page: 'pipeline',
  title: 'Pipeline',
  filters: false,
  controls: [],
  panels: [
    { id: 'freshness', title: 'Freshness of the gold tables', size: 'full', tableFirst: true },
    { id: 'parts', title: 'What each part is doing (and what it waits for)', size: 'full', tableFirst: true },
    { id: 'layers', title: 'Records per layer and entity', size: 'half', chart: layerBars },
    { id: 'dead-letters', title: 'Dead letters per entity, with samples and reasons', size: 'half', chart: deadLetterBars, tableFirst: true },
    { id: 'lag', title: 'Consumer lag per processor', size: 'half', chart: (data) => rankingBars(data, 'processor', 'lag', 'int', PALETTE[1]) },
    { id: 'connectors', title: 'Kafka Connect connectors', size: 'half', tableFirst: true },
    { id: 'alerts', title: 'Recent alerts from Airflow', size: 'full', tableFirst: true },
  ],
};
