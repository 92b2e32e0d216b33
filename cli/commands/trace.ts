import { resolveConnections } from '../../config/connections.ts';
import type { SaleTrace } from '../../trace/sale-trace.ts';
import { TRACE_ERROR_CODES, TraceError, type TraceErrorCode } from '../../trace/trace-error.ts';
import { TRACED_TABLES, traceGold, type GoldTrace } from '../../trace/trace-gold.ts';
import { warehouseGoldRows } from '../../trace/warehouse-gold-rows.ts';
import type { Command } from '../command.ts';
import { parseOptions } from '../options.ts';
import { openTransportTarget } from '../transport-target.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion trace <gold table> <key> [--json] [--dashboard URL] [--topic-prefix P]

Where a gold row came from: for a sale of fact_sales (key: its sale_id, e.g.
store-17 or online-3-44), the warehouse's row, its silver sale and every bronze
version of its source key with the file and line, blob, binlog position or API
page and cart line it came from — the version silver took marked ✔, older
corrections superseded. Reads Kafka (MEDALLION_KAFKA_*), the registry and the
warehouse (MEDALLION_WAREHOUSE_BI_URL); only the partitions the keys hash to.
Works without the processors running. Tables: ${TRACED_TABLES.join(', ')}.

  --json            print the trace as JSON
  --dashboard URL   ask a running dashboard instead (embedded mode: the demo's,
                    whose pipeline lives in its own process), e.g. http://127.0.0.1:28080
  --topic-prefix P  the pipeline's topic prefix (side-by-side runs), default none`;

async function traceFromServices(table: string, key: string, topicPrefix: string | undefined): Promise<GoldTrace> {
  const { transport, registry } = await openTransportTarget();
  const gold = await warehouseGoldRows(resolveConnections().warehouseBiUrl).catch(() => undefined);
  try {
    return await traceGold({ transport, registry, ...(gold === undefined ? {} : { gold }), ...(topicPrefix === undefined ? {} : { topicPrefix }) }, table, key);
  } finally {
    await gold?.close();
    await transport.close();
  }
}

async function traceFromDashboard(url: string, table: string, key: string): Promise<GoldTrace> {
  const answer = await fetch(`${url.replace(/\/$/, '')}/api/trace?${new URLSearchParams({ table, key }).toString()}`).catch((error: unknown) => {
    throw new UsageError('bad-option', `the dashboard at ${url} does not answer: ${(error as Error).message}`, 'start the demo (medallion demo) and pass the address it prints, or leave out --dashboard to read Kafka');
  });
  const body = (await answer.json()) as GoldTrace | { error: string; message: string; fix?: string };
  if (!('error' in body)) return body;
  const code = (TRACE_ERROR_CODES as readonly string[]).includes(body.error) ? (body.error as TraceErrorCode) : 'unknown-key';
  throw new TraceError(code, `${body.message} (dashboard ${url})`, body.fix ?? "see the dashboard's output");
}

function printSale(trace: SaleTrace): void {
  const row = trace.warehouse ?? (trace.gold === undefined ? 'warehouse not asked' : trace.gold === null ? 'not in the warehouse (yet)' : Object.entries(trace.gold).map(([k, v]) => `${k}=${String(v)}`).join(' '));
  console.log(`gold.fact_sales ${trace.key}: ${row}`);
  console.log(trace.silver === null ? '  silver: no silver sale yet' : `  silver ${trace.silver.at}${trace.silver.values === null ? ' (deleted)' : ''}, built from ${trace.silver.origin ?? 'an unknown bronze record'}`);
  console.log(`  bronze versions (${trace.winnerBy === 'silver-origin' ? "the one silver's origin names wins" : 'no silver sale: the highest source sequence wins'}):`);
  for (const v of trace.versions) {
    const mark = v.status === 'winner' ? '✔' : v.status === 'deleted' ? '✘' : ' ';
    console.log(`  ${mark} ${v.status.padEnd(10)} ${v.sourceKind} ${v.sourceUri} ${v.sourcePosition}  (sequence ${v.sequence}, ingested ${v.ingestedAt}, ${v.bronze})`);
    if (v.values !== null) console.log(`      ${Object.entries(v.values).map(([k, value]) => `${k}=${String(value)}`).join(' ')}`);
  }
  console.log(`  read: ${trace.read.map((r) => `${r.topic} partition ${r.partition} (${r.records} records)`).join(', ')}`);
}

export const traceCommand: Command = {
  name: 'trace',
  summary: 'where a gold row came from: its silver record and bronze sources, file and line, corrections marked',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' }, dashboard: { type: 'string' }, 'topic-prefix': { type: 'string' } }, usage);
    const [table, key, ...extra] = positionals;
    if (table === undefined || key === undefined || extra.length > 0) throw new UsageError('bad-option', `medallion trace takes a gold table and a key, got ${positionals.length} argument(s)`, `e.g. medallion trace fact_sales store-17\n\n${usage}`);
    const trace = values.dashboard === undefined ? await traceFromServices(table, key, values['topic-prefix']) : await traceFromDashboard(values.dashboard, table, key);
    if (values.json === true) console.log(JSON.stringify(trace, null, 2));
    else printSale(trace);
    return 0;
  },
};
