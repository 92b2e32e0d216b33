import { GOLD_TABLE_NAMES } from '../schemas/layer-contracts.ts';
import { traceSale, type SaleTrace, type TraceSources } from './sale-trace.ts';
import { TraceError } from './trace-error.ts';

/** The gold tables a trace answers for, each with how. */
const TRACERS = {
  fact_sales: traceSale,
} as const satisfies Readonly<Record<string, (sources: TraceSources, key: string) => Promise<unknown>>>;
export type TracedTable = keyof typeof TRACERS;
export const TRACED_TABLES = Object.keys(TRACERS) as TracedTable[];

export type GoldTrace = SaleTrace;

/** Where a row of a gold table came from; a table trace does not answer for is refused with the ones it does. */
export async function traceGold(sources: TraceSources, table: string, key: string): Promise<GoldTrace> {
  if (!(TRACED_TABLES as readonly string[]).includes(table)) {
    const known = (GOLD_TABLE_NAMES as readonly string[]).includes(table);
    throw new TraceError(
      'unknown-table',
      known ? `gold.${table} cannot be traced yet` : `"${table}" is not a gold table (they are ${GOLD_TABLE_NAMES.join(', ')})`,
      `trace a row of ${TRACED_TABLES.join(', ')}`,
    );
  }
  return TRACERS[table as TracedTable](sources, key);
}
