import { CHANNELS, type Cell } from '../api-types.ts';
import { filteredSales, SqlParams } from './filtered-sales.ts';
import { column, type PanelContext, type PagePanels } from './panel.ts';
import { selectedPeriod } from './periods.ts';

const MOVING_AVERAGE_DAYS = 7;

/**
 * One row per day of the period and channel, days without sales as 0, with the
 * moving average of the last 7 days (fewer at the start of the period).
 */
async function daily({ db, filters, options }: PanelContext, measure: 'revenue' | 'quantity') {
  const columns = [
    column('sale_date', 'Date', 'date'),
    column('channel', 'Channel', 'text'),
    column(measure, measure === 'revenue' ? 'Revenue' : 'Quantity', measure === 'revenue' ? 'money' : 'int'),
    column('moving_average', `${MOVING_AVERAGE_DAYS}-day average`, measure === 'revenue' ? 'money' : 'decimal'),
  ];
  const period = selectedPeriod(filters, options);
  if (period === undefined) return { columns, rows: [] };
  const p = new SqlParams();
  const total = measure === 'revenue' ? 'sum(net_amount)' : 'sum(quantity)::bigint';
  const rows = await db.query<Record<string, Cell>>(
    `WITH sales AS (${filteredSales(filters, p)}),
          daily AS (SELECT sale_date, channel, ${total} AS amount FROM sales GROUP BY sale_date, channel),
          days AS (SELECT d::date AS day FROM generate_series(${p.add(period.from)}::date, ${p.add(period.to)}::date, interval '1 day') d),
          channels AS (SELECT unnest(${p.add(filters.channel === undefined ? [...CHANNELS] : [filters.channel])}::text[]) AS channel)
     SELECT days.day AS sale_date, channels.channel, coalesce(daily.amount, 0) AS ${measure},
            round(avg(coalesce(daily.amount, 0)) OVER (PARTITION BY channels.channel ORDER BY days.day ROWS BETWEEN ${MOVING_AVERAGE_DAYS - 1} PRECEDING AND CURRENT ROW), 2) AS moving_average
     FROM days CROSS JOIN channels
     LEFT JOIN daily ON daily.sale_date = days.day AND daily.channel = channels.channel
     ORDER BY days.day, channels.channel`,
    p.values,
  );
  return { columns, rows, note: `Every day from ${period.from} to ${period.to}; the average covers the ${MOVING_AVERAGE_DAYS} days up to each day.` };
}

export const trendsPanels: PagePanels<'trends'> = {
  'daily-revenue': (context) => daily(context, 'revenue'),
  'daily-quantity': (context) => daily(context, 'quantity'),

  async heatmap({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT to_char(sale_date, 'YYYY-MM') AS month, extract(isodow FROM sale_date)::int AS weekday,
              sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders
       FROM sales GROUP BY 1, 2 ORDER BY 1, 2`,
      p.values,
    );
    return {
      columns: [column('month', 'Month', 'text'), column('weekday', 'Weekday (1 = Monday)', 'int'), column('revenue', 'Revenue', 'money'), column('orders', 'Orders', 'int')],
      rows,
    };
  },
};
