import { resolveConnections } from '../../config/connections.ts';
import { SALES_PAGE, type AggregateTrace, type SalesPage } from '../../trace/aggregate-trace.ts';
import type { SaleTrace, SourceVersion } from '../../trace/sale-trace.ts';
import { TRACE_ERROR_CODES, TraceError, type TraceErrorCode } from '../../trace/trace-error.ts';
import { TRACED_TABLES, traceGold, type GoldTrace } from '../../trace/trace-gold.ts';
import { warehouseGoldRows } from '../../trace/warehouse-gold-rows.ts';
import type { Command } from '../command.ts';
import { integerOption, parseOptions } from '../options.ts';
import { openTransportTarget } from '../transport-target.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion trace <gold table> <key> [--json] [--after SALE_ID] [--limit N] [--dashboard URL] [--topic-prefix P]

Where a gold row came from: for a sale of fact_sales (key: its sale_id, e.g.
store-17 or online-3-44), the warehouse's row, its silver sale and every bronze
version of its source key with the file and line, blob, binlog position or API
page and cart line it came from — the version silver took marked ✔, older
corrections superseded. Reads Kafka (MEDALLION_KAFKA_*), the registry and the
warehouse (MEDALLION_WAREHOUSE_BI_URL); only the partitions the keys hash to.
Works without the processors running. Tables: ${TRACED_TABLES.join(', ')}.

For a row of an aggregate table (product_performance 9, employee_metrics 3,
customer_metrics 44, sales_daily 2018-02-05/store): each figure's formula over
its sales in gold.fact_sales, checked against the row, and a page of those
sales with their terms and the bronze versions each came from.

  --json            print the trace as JSON
  --after SALE_ID   an aggregate's sales after this sale_id (the next page)
  --limit N         an aggregate's sales per page (default ${SALES_PAGE.fallback}, at most ${SALES_PAGE.max})
  --dashboard URL   ask a running dashboard instead (embedded mode: the demo's,
                    whose pipeline lives in its own process), e.g. http://127.0.0.1:28080
  --topic-prefix P  the pipeline's topic prefix (side-by-side runs), default none`;

async function traceFromServices(table: string, key: string, topicPrefix: string | undefined, page: SalesPage): Promise<GoldTrace> {
  const { transport, registry } = await openTransportTarget();
  const gold = await warehouseGoldRows(resolveConnections().warehouseBiUrl).catch(() => undefined);
  try {
    return await traceGold({ transport, registry, ...(gold === undefined ? {} : { gold }), ...(topicPrefix === undefined ? {} : { topicPrefix }) }, table, key, page);
  } finally {
    await gold?.close();
    await transport.close();
  }
}

async function traceFromDashboard(url: string, table: string, key: string, page: SalesPage): Promise<GoldTrace> {
  const query = new URLSearchParams({ table, key, ...(page.after === undefined ? {} : { after: page.after }), ...(page.limit === undefined ? {} : { limit: String(page.limit) }) });
  const answer = await fetch(`${url.replace(/\/$/, '')}/api/trace?${query.toString()}`).catch((error: unknown) => {
    throw new UsageError('bad-option', `the dashboard at ${url} does not answer: ${(error as Error).message}`, 'start the demo (medallion demo) and pass the address it prints, or leave out --dashboard to read Kafka');
  });
  const body = (await answer.json()) as GoldTrace | { error: string; message: string; fix?: string };
  if (!('error' in body)) return body;
  const code = (TRACE_ERROR_CODES as readonly string[]).includes(body.error) ? (body.error as TraceErrorCode) : 'unknown-key';
  throw new TraceError(code, `${body.message} (dashboard ${url})`, body.fix ?? "see the dashboard's output");
}

function printVersion(v: SourceVersion, indent: string): void {
  const mark = v.status === 'winner' ? '✔' : v.status === 'deleted' ? '✘' : ' ';
  console.log(`${indent}${mark} ${v.status.padEnd(10)} ${v.sourceKind} ${v.sourceUri} ${v.sourcePosition}  (sequence ${v.sequence}, ingested ${v.ingestedAt}, ${v.bronze})`);
}

function printAggregate(trace: AggregateTrace): void {
  console.log(`gold.${trace.table} ${trace.key}: ${Object.entries(trace.gold).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  for (const f of trace.figures) console.log(`  ${f.equal ? '✔' : '✘'} ${f.figure} = ${f.formula} over its ${trace.salesTotal} sales = ${f.fromSales}${f.equal ? '' : `, but the row holds ${String(f.gold)}`}`);
  console.log(`  sales ${trace.sales[0]?.saleId ?? ''}…${trace.sales.at(-1)?.saleId ?? ''} (${trace.sales.length} of ${trace.salesTotal}):`);
  for (const sale of trace.sales) {
    console.log(`    ${sale.saleId}  ${Object.entries(sale.terms).filter(([k]) => k !== 'sale_id').map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
    for (const v of sale.versions) printVersion(v, '      ');
  }
  if (trace.after !== undefined) console.log(`  more: medallion trace ${trace.table} ${trace.key} --after ${trace.after}`);
  console.log(`  read: ${trace.read.map((r) => `${r.topic} partition ${r.partition} (${r.records} records)`).join(', ') || 'no topic'}`);
}

function printSale(trace: SaleTrace): void {
  const row = trace.warehouse ?? (trace.gold === undefined ? 'warehouse not asked' : trace.gold === null ? 'not in the warehouse (yet)' : Object.entries(trace.gold).map(([k, v]) => `${k}=${String(v)}`).join(' '));
  console.log(`gold.fact_sales ${trace.key}: ${row}`);
  console.log(trace.silver === null ? '  silver: no silver sale yet' : `  silver ${trace.silver.at}${trace.silver.values === null ? ' (deleted)' : ''}, built from ${trace.silver.origin ?? 'an unknown bronze record'}`);
  console.log(`  bronze versions (${trace.winnerBy === 'silver-origin' ? "the one silver's origin names wins" : 'no silver sale: the highest source sequence wins'}):`);
  for (const v of trace.versions) {
    printVersion(v, '  ');
    if (v.values !== null) console.log(`      ${Object.entries(v.values).map(([k, value]) => `${k}=${String(value)}`).join(' ')}`);
  }
  console.log(`  read: ${trace.read.map((r) => `${r.topic} partition ${r.partition} (${r.records} records)`).join(', ')}`);
}

export const traceCommand: Command = {
  name: 'trace',
  summary: 'where a gold row came from: its silver record and bronze sources, file and line, corrections marked',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' }, dashboard: { type: 'string' }, 'topic-prefix': { type: 'string' }, after: { type: 'string' }, limit: { type: 'string' } }, usage);
    const [table, key, ...extra] = positionals;
    if (table === undefined || key === undefined || extra.length > 0) throw new UsageError('bad-option', `medallion trace takes a gold table and a key, got ${positionals.length} argument(s)`, `e.g. medallion trace fact_sales store-17\n\n${usage}`);
    const page: SalesPage = { ...(values.after === undefined ? {} : { after: values.after }), limit: integerOption('limit', values.limit, SALES_PAGE.fallback, 1, SALES_PAGE.max) };
    const trace = values.dashboard === undefined ? await traceFromServices(table, key, values['topic-prefix'], page) : await traceFromDashboard(values.dashboard, table, key, page);
    if (values.json === true) console.log(JSON.stringify(trace, null, 2));
    else if (trace.table === 'fact_sales') printSale(trace);
    else printAggregate(trace);
    return 0;
  },
};
