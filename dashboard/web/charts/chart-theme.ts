import * as echarts from 'echarts';

/** One palette for every chart; the channels keep their colours on every page. */
export const PALETTE = ['#2f6bd8', '#e0823d', '#1fa598', '#c8435a', '#7b61c9', '#d9a520', '#4aa3df', '#7fa83a', '#a0522d', '#5f6b7a'] as const;
export const CHANNEL_COLORS: Readonly<Record<string, string>> = { store: '#2f6bd8', online: '#e0823d' };

export const THEME = 'medallion';

const TEXT = '#334155';
const AXIS = '#cbd5e1';
const GRID = '#e2e8f0';

echarts.registerTheme(THEME, {
  color: [...PALETTE],
  backgroundColor: 'transparent',
  textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', color: TEXT },
  categoryAxis: { axisLine: { lineStyle: { color: AXIS } }, axisTick: { show: false }, axisLabel: { color: TEXT }, splitLine: { show: false } },
  valueAxis: { axisLine: { show: false }, axisLabel: { color: '#64748b' }, splitLine: { lineStyle: { color: GRID } } },
  legend: { textStyle: { color: TEXT } },
  tooltip: { backgroundColor: '#0f172a', borderWidth: 0, textStyle: { color: '#f8fafc' } },
});
