import type { Cell, PanelData } from '../api-types.ts';
import type { AggregateTrace } from '../../trace/aggregate-trace.ts';
import type { SourceVersion } from '../../trace/sale-trace.ts';
import type { GoldTrace } from '../../trace/trace-gold.ts';
import { answered, column, type PagePanels, type PanelContext } from './panel.ts';

const MISSING_TRACER = 'This dashboard was started without the topics, so it cannot trace a row: open the dashboard of medallion demo or medallion dashboard, or run medallion trace <table> <key>.';

/** An aggregate trace's page of sales from the URL: after a sale_id, and how many (a limit that is not a whole number from 1 is left to the default). */
export function tracePage(params: URLSearchParams): { after?: string; limit?: number } {
  const after = params.get('after') ?? '';
  const limit = params.get('limit') ?? '';
  return { ...(after === '' ? {} : { after }), ...(/^[1-9]\d{0,2}$/.test(limit) ? { limit: Number(limit) } : {}) };
}

/** The trace the page's URL asks for, or why there is none; one trace per request, shared by the page's two panels through the provider. */
async function traced(context: PanelContext, columns: PanelData['columns'], rows: (trace: GoldTrace) => Omit<PanelData, 'columns'>): Promise<PanelData> {
  if (context.trace === undefined) return { columns, rows: [], unavailable: MISSING_TRACER };
  const table = context.params.get('table') ?? '';
  const key = context.params.get('key') ?? '';
  if (table === '' || key === '') return { columns, rows: [], unavailable: 'Pick a row to trace: the ↳ beside a row of the Products, Employees, Customers or Sales trends tables, or give table and key in the URL (e.g. /trace?table=product_performance&key=9).' };
  const provider = context.trace;
  return answered(columns, async () => ({ columns, ...rows((await provider.trace(table, key, tracePage(context.params))) as GoldTrace) }));
}

const source = (v: SourceVersion): string => `${v.sourceKind} ${v.sourceUri} ${v.sourcePosition}`;

function versionRows(saleId: string, terms: Readonly<Record<string, Cell | boolean>>, versions: readonly SourceVersion[]): Record<string, Cell>[] {
  const sale = { sale_id: saleId, order_id: (terms.order_id ?? null) as Cell, quantity: (terms.quantity ?? null) as Cell, net_amount: (terms.net_amount ?? null) as Cell };
  if (versions.length === 0) return [{ ...sale, status: 'no bronze record found', source: null, bronze: null }];
  return versions.map((v) => ({ ...sale, status: v.status, source: source(v), bronze: v.bronze }));
}

export const tracePanels: PagePanels<'trace'> = {
  /** Each figure of the row as its formula over its sales, and whether they agree. */
  figures: (context) =>
    traced(context, [column('figure', 'Figure', 'text'), column('formula', 'Formula over its sales', 'text'), column('from_sales', 'From its sales', 'text'), column('gold', 'In gold', 'text'), column('equal', 'Equal', 'text')], (trace) => {
      if (trace.table === 'fact_sales') {
        return { rows: Object.entries(trace.gold ?? {}).map(([figure, value]) => ({ figure, formula: 'as the sale has it', from_sales: null, gold: value === null ? null : String(value), equal: null })), note: `gold.fact_sales ${trace.key}: one sale; its sources below.` };
      }
      const row = trace as AggregateTrace;
      return {
        rows: row.figures.map((f) => ({ figure: f.figure, formula: f.formula, from_sales: f.fromSales, gold: f.gold, equal: f.equal ? 'yes' : 'no' })),
        note: `gold.${row.table} ${row.key} (${Object.entries(row.gold).map(([k, v]) => `${k} ${String(v)}`).join(', ')}): ${row.salesTotal} sales in gold.fact_sales.`,
      };
    }),

  /** The sales behind the row, a page at a time, each with the bronze versions it came from. */
  sales: (context) =>
    traced(
      context,
      [column('sale_id', 'Sale', 'text'), column('order_id', 'Order', 'text'), column('quantity', 'Quantity', 'int'), column('net_amount', 'Net amount', 'money'), column('status', 'Version', 'text'), column('source', 'Source: file and line, blob, binlog, cart', 'text'), column('bronze', 'Bronze record', 'text')],
      (trace) => {
        if (trace.table === 'fact_sales') return { rows: versionRows(trace.key, trace.gold ?? {}, trace.versions), note: `Read ${trace.read.map((r) => `${r.topic} partition ${r.partition}`).join(', ')}.` };
        const row = trace as AggregateTrace;
        const next = new URLSearchParams({ table: row.table, key: row.key, ...(row.after === undefined ? {} : { after: row.after }) });
        return {
          rows: row.sales.flatMap((s) => versionRows(s.saleId, s.terms, s.versions)),
          note: `${row.sales.length} of ${row.salesTotal} sales, by sale id; sources read from ${row.read.map((r) => `${r.topic} partition ${r.partition}`).join(', ') || 'no topic'}.`,
          ...(row.after === undefined ? {} : { nextPage: next.toString() }),
        };
      },
    ),
};
