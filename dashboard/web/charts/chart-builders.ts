import type { EChartsOption } from 'echarts';
import type { PanelData } from '../../api-types.ts';
import { formatInt, formatMoney, formatMoneyShort, formatShort } from '../format.ts';
import { CHANNEL_COLORS, PALETTE } from './chart-theme.ts';

export type Measure = 'money' | 'int';

const axisFormatter = (measure: Measure) => (value: number) => (measure === 'money' ? formatMoneyShort(value) : formatShort(value));
/** A value axis of the measure: counts step by whole numbers. */
const valueAxis = (measure: Measure) => ({ type: 'value' as const, axisLabel: { formatter: axisFormatter(measure) }, ...(measure === 'int' ? { minInterval: 1 } : {}) });
const valueFormatter = (measure: Measure) => (value: unknown) => (measure === 'money' ? formatMoney(Number(value)) : formatInt(Number(value)));
const numbers = (data: PanelData, key: string): number[] => data.rows.map((row) => Number(row[key] ?? 0));
const labels = (data: PanelData, key: string): string[] => data.rows.map((row) => String(row[key] ?? 'unknown'));

/** Horizontal bars, largest first at the top: rankings of names with long labels. */
export function rankingBars(data: PanelData, label: string, value: string, measure: Measure, color: string = PALETTE[0]): EChartsOption {
  return {
    grid: { left: 16, right: 24, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: valueFormatter(measure) },
    xAxis: valueAxis(measure),
    yAxis: { type: 'category', inverse: true, data: labels(data, label), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [{ type: 'bar', name: data.columns.find((c) => c.key === value)?.label ?? value, data: numbers(data, value), itemStyle: { color, borderRadius: [0, 3, 3, 0] }, barMaxWidth: 22 }],
  };
}

/** Vertical bars over ordered categories (months, years), optionally several stacked series. */
export function columns(data: PanelData, label: string, series: readonly { key: string; name: string; measure: Measure }[], stacked = false): EChartsOption {
  const twoAxes = !stacked && new Set(series.map((s) => s.measure)).size > 1;
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: { top: 0, show: series.length > 1 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels(data, label) },
    yAxis: (twoAxes ? (['money', 'int'] as const) : ([series[0]?.measure ?? 'int'] as const)).map(valueAxis),
    series: series.map((s, i) => ({
      type: i > 0 && twoAxes ? ('line' as const) : ('bar' as const),
      name: s.name,
      data: numbers(data, s.key),
      yAxisIndex: twoAxes && s.measure === 'int' ? 1 : 0,
      tooltip: { valueFormatter: valueFormatter(s.measure) },
      barMaxWidth: 36,
      ...(stacked ? { stack: 'total' } : {}),
    })),
  };
}

/** A donut of shares, channels in their own colours. */
export function donut(data: PanelData, label: string, value: string, measure: Measure): EChartsOption {
  return {
    tooltip: { trigger: 'item', valueFormatter: valueFormatter(measure) },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['50%', '45%'],
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { formatter: '{b}: {d}%' },
        data: data.rows.map((row, i) => {
          const name = String(row[label] ?? 'unknown');
          return { name, value: Number(row[value] ?? 0), itemStyle: { color: CHANNEL_COLORS[name] ?? PALETTE[i % PALETTE.length] ?? PALETTE[0] } };
        }),
      },
    ],
  };
}

/** Daily values per channel as bars, with each channel's moving average as a line. */
export function dailyByChannel(data: PanelData, value: string, measure: Measure): EChartsOption {
  const days = [...new Set(labels(data, 'sale_date'))];
  const channels = [...new Set(labels(data, 'channel'))];
  const byDay = new Map(data.rows.map((row) => [`${String(row.sale_date)}|${String(row.channel)}`, row]));
  const lookup = (channel: string, key: string) => days.map((day) => Number(byDay.get(`${day}|${channel}`)?.[key] ?? 0));
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 48, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: valueFormatter(measure) },
    dataZoom: [{ type: 'slider', bottom: 4, height: 20 }, { type: 'inside' }],
    xAxis: { type: 'category', data: days },
    yAxis: valueAxis(measure),
    series: channels.flatMap((channel) => {
      const color = CHANNEL_COLORS[channel] ?? PALETTE[0];
      return [
        { type: 'bar' as const, name: channel, data: lookup(channel, value), itemStyle: { color, opacity: 0.45 }, stack: 'day', barMaxWidth: 12 },
        { type: 'line' as const, name: `${channel} 7-day average`, data: lookup(channel, 'moving_average'), showSymbol: false, smooth: true, lineStyle: { color, width: 2.5 }, itemStyle: { color } },
      ];
    }),
  };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Months down, weekdays (ISO, Monday first) across, revenue as colour. */
export function monthWeekdayHeatmap(data: PanelData): EChartsOption {
  const months = [...new Set(labels(data, 'month'))];
  const values = numbers(data, 'revenue');
  return {
    grid: { left: 8, right: 96, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { position: 'top', formatter: (p: unknown) => {
      const { value } = p as { value: [number, number, number] };
      return `${months[value[1]] ?? ''} · ${WEEKDAYS[value[0]] ?? ''}<br/>${formatMoney(value[2])}`;
    } },
    xAxis: { type: 'category', data: WEEKDAYS, splitArea: { show: true } },
    yAxis: { type: 'category', data: months, inverse: true, splitArea: { show: true } },
    visualMap: { min: Math.min(...values, 0), max: Math.max(...values, 1), calculable: true, orient: 'vertical', right: 0, top: 'middle', inRange: { color: ['#eef4ff', '#2f6bd8', '#1e3a8a'] }, formatter: (v: unknown) => formatMoneyShort(Number(v)) },
    series: [{ type: 'heatmap', data: data.rows.map((row) => [Number(row.weekday) - 1, months.indexOf(String(row.month)), Number(row.revenue)]), label: { show: false }, emphasis: { itemStyle: { borderColor: '#0f172a', borderWidth: 1 } } }],
  };
}

/** Revenue per product, largest first, and the cumulative share of all revenue on a second axis, with the 80% line. */
export function pareto(data: PanelData): EChartsOption {
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels(data, 'product_name'), axisLabel: { show: false }, axisTick: { show: false } },
    yAxis: [
      { type: 'value', axisLabel: { formatter: axisFormatter('money') } },
      { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: 'Revenue', data: numbers(data, 'revenue'), tooltip: { valueFormatter: valueFormatter('money') }, barCategoryGap: '10%' },
      {
        type: 'line',
        name: 'Cumulative share',
        yAxisIndex: 1,
        data: numbers(data, 'cumulative_share'),
        showSymbol: false,
        tooltip: { valueFormatter: (v: unknown) => `${(Number(v) * 100).toFixed(1)}%` },
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#c8435a' }, data: [{ yAxis: 0.8, label: { formatter: '80%' } }] },
      },
    ],
  };
}
