import { goldKeyColumns } from '../catalog/gold-tables.ts';
import { bronzeContract } from '../schemas/bronze-contracts.ts';
import { bronzeSerde } from '../schemas/record-serde.ts';
import { keysRecords } from './key-records.ts';
import type { PlainRecord } from './plain-record.ts';
import { bronzeVersions, sourceOf, type SourceVersion, type TraceSources } from './sale-trace.ts';
import { TraceError } from './trace-error.ts';

/** Sales shown per page, unless asked otherwise; and the most one page may hold. */
export const SALES_PAGE = { fallback: 10, max: 100 } as const;

/** The figures of the aggregate tables, each as its formula over its sales (warehouse/reference/gold.sql). */
const FIGURES = {
  orders: { formula: 'count(DISTINCT order_id)', sql: 'count(DISTINCT order_id)::text' },
  quantity: { formula: 'sum(quantity)', sql: 'coalesce(sum(quantity), 0)::text' },
  revenue: { formula: 'sum(net_amount)', sql: 'coalesce(sum(net_amount), 0)::numeric(14,2)::text' },
} as const;
type Figure = keyof typeof FIGURES;

/** Which sales of gold.fact_sales make up a row of an aggregate table: its key (catalog/gold-tables.ts) parsed into the condition's parameters. */
interface Aggregate {
  /** How the key is written, for the message of one that does not parse. */
  readonly keyForm: string;
  parse(key: string): readonly unknown[] | undefined;
  /** The figures its rows hold (a figure the table has no column for is not checked). */
  readonly figures: readonly Figure[];
}

const wholeNumber = (key: string): readonly unknown[] | undefined => (/^\d{1,9}$/.test(key) ? [Number(key)] : undefined);

/** The aggregate tables a trace answers for, each keyed as the warehouse keys it (DESIGN's warehouse contract). */
export const AGGREGATES = {
  product_performance: { keyForm: 'a product_id, e.g. 9', parse: wholeNumber, figures: ['orders', 'quantity', 'revenue'] },
  employee_metrics: { keyForm: 'an employee_id, e.g. 3', parse: wholeNumber, figures: ['orders', 'revenue'] },
  customer_metrics: { keyForm: 'a customer_id, e.g. 44', parse: wholeNumber, figures: ['orders', 'revenue'] },
  sales_daily: {
    keyForm: 'a sale_date and channel, e.g. 2018-02-05/store',
    parse: (key) => {
      const match = /^(\d{4}-\d{2}-\d{2})\/(store|online)$/.exec(key);
      return match === null ? undefined : [match[1], match[2]];
    },
    figures: ['orders', 'quantity', 'revenue'],
  },
} as const satisfies Readonly<Record<string, Aggregate>>;
export type AggregateTable = keyof typeof AGGREGATES;

export interface FigureCheck {
  readonly figure: Figure;
  readonly formula: string;
  /** The formula over every contributing sale, as the warehouse computes it now. */
  readonly fromSales: string;
  /** The gold row's figure. */
  readonly gold: string | null;
  readonly equal: boolean;
}

export interface ContributingSale {
  readonly saleId: string;
  /** The sale's terms in the formulas: its order, quantity and net amount. */
  readonly terms: PlainRecord;
  /** The bronze versions of its source key, the one with the highest source sequence the winner. */
  readonly versions: readonly SourceVersion[];
}

export interface AggregateTrace {
  readonly table: AggregateTable;
  readonly key: string;
  readonly gold: PlainRecord;
  readonly figures: readonly FigureCheck[];
  /** How many sales contribute, all pages together. */
  readonly salesTotal: number;
  readonly sales: readonly ContributingSale[];
  /** The sale_id to pass as `after` for the next page; absent on the last. */
  readonly after?: string;
  /** What was read to find the page's sources: only the partitions their keys hash to. */
  readonly read: readonly { readonly topic: string; readonly partition: number; readonly records: number }[];
}

export interface SalesPage {
  /** The sale_id the page starts after (exclusive); default the first. */
  readonly after?: string;
  readonly limit?: number;
}

/**
 * Where a row of an aggregate gold table comes from: the formulas of its figures
 * over its contributing sales in gold.fact_sales, checked against the row, and a
 * page of those sales (by sale_id) with the bronze versions each came from —
 * file and line, blob, binlog position, cart and line. Reads the warehouse, and
 * of the bronze topics only the partitions the page's keys hash to.
 */
export async function traceAggregate(sources: TraceSources, table: AggregateTable, key: string, page: SalesPage = {}): Promise<AggregateTrace> {
  const aggregate: Aggregate = AGGREGATES[table];
  const params = aggregate.parse(key);
  if (params === undefined) throw new TraceError('bad-key', `"${key}" is not a key of gold.${table}`, `give ${aggregate.keyForm}`);
  const { gold } = sources;
  if (gold === undefined) throw new TraceError('no-warehouse', `gold.${table} is traced through the warehouse, which did not answer`, 'start it (medallion stack up) or point MEDALLION_WAREHOUSE_BI_URL at it');
  const keyColumns = goldKeyColumns(table);
  const where = keyColumns.map((column, i) => `${column} = $${i + 1}`).join(' AND ');
  const [row] = await gold.select(table, '*', where, params);
  if (row === undefined) {
    const examples = await gold.select(table, `${keyColumns.join(" || '/' || ")} AS key`, 'true', [], 'ORDER BY 1 LIMIT 3');
    throw new TraceError('unknown-key', `gold.${table} has no row ${key}`, examples.length > 0 ? `trace a row it holds, e.g. ${examples.map((e) => String(e.key)).join(', ')}` : 'run the pipeline first: the table is empty');
  }
  const limit = Math.min(page.limit ?? SALES_PAGE.fallback, SALES_PAGE.max);
  const [totals] = await gold.select('fact_sales', `count(*)::int AS sales, ${aggregate.figures.map((figure) => `${FIGURES[figure].sql} AS ${figure}`).join(', ')}`, where, params);
  const shown = await gold.select('fact_sales', 'sale_id, order_id, quantity, net_amount::text AS net_amount', `${where} AND sale_id > $${params.length + 1}`, [...params, page.after ?? ''], `ORDER BY sale_id LIMIT ${limit + 1}`);
  const sales = shown.slice(0, limit);
  const { versions, read } = await saleSources(sources, sales.map((s) => String(s.sale_id)));
  return {
    table,
    key,
    gold: row,
    figures: aggregate.figures.map((figure) => {
      const fromSales = String(totals![figure]);
      const value = row[figure] ?? null;
      return { figure, formula: FIGURES[figure].formula, fromSales, gold: value === null ? null : String(value), equal: value !== null && Number(value) === Number(fromSales) };
    }),
    salesTotal: Number(totals!.sales),
    sales: sales.map((s, i) => ({ saleId: String(s.sale_id), terms: s, versions: versions[i]! })),
    ...(shown.length > limit ? { after: String(sales.at(-1)!.sale_id) } : {}),
    read,
  };
}

/** Each sale's bronze versions, reading each bronze topic's partitions that the sales' keys hash to once for all of them. */
async function saleSources(sources: TraceSources, saleIds: readonly string[]): Promise<{ versions: SourceVersion[][]; read: AggregateTrace['read'] }> {
  const bronze = bronzeSerde(sources.registry);
  const of = saleIds.map(sourceOf);
  const versions: SourceVersion[][] = saleIds.map(() => []);
  const read: { topic: string; partition: number; records: number }[] = [];
  for (const entity of ['sales', 'carts'] as const) {
    const indexes = of.flatMap((s, i) => (s.entity === entity ? [i] : []));
    if (indexes.length === 0) continue;
    const topic = `${sources.topicPrefix ?? ''}${bronzeContract(entity).topic}`;
    const found = await keysRecords(sources.transport, topic, indexes.map((i) => Buffer.from(of[i]!.key, 'utf8')));
    for (const [n, i] of indexes.entries()) versions[i] = await bronzeVersions(bronze, of[i]!, found[n]!.records, undefined, false);
    for (const f of found) if (!read.some((r) => r.topic === topic && r.partition === f.partition)) read.push({ topic, partition: f.partition, records: f.scanned });
  }
  return { versions, read };
}
