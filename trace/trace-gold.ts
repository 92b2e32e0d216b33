import { GOLD_TABLE_NAMES } from '../schemas/layer-contracts.ts';
import { AGGREGATES, traceAggregate, type AggregateTable, type AggregateTrace, type SalesPage } from './aggregate-trace.ts';
import { traceSale, type SaleTrace, type TraceSources } from './sale-trace.ts';
import { TraceError } from './trace-error.ts';

/** The gold tables a trace answers for: a sale, or an aggregate of sales. */
export const TRACED_TABLES = ['fact_sales', ...(Object.keys(AGGREGATES) as AggregateTable[])] as const;
export type TracedTable = (typeof TRACED_TABLES)[number];

export type GoldTrace = SaleTrace | AggregateTrace;

/** Where a row of a gold table came from; a table trace does not answer for is refused with the ones it does. `page` pages an aggregate's sales. */
export async function traceGold(sources: TraceSources, table: string, key: string, page: SalesPage = {}): Promise<GoldTrace> {
  if (!(TRACED_TABLES as readonly string[]).includes(table)) {
    const known = (GOLD_TABLE_NAMES as readonly string[]).includes(table);
    throw new TraceError(
      'unknown-table',
      known ? `gold.${table} cannot be traced yet` : `"${table}" is not a gold table (they are ${GOLD_TABLE_NAMES.join(', ')})`,
      `trace a row of ${TRACED_TABLES.join(', ')}`,
    );
  }
  return table === 'fact_sales' ? traceSale(sources, key) : traceAggregate(sources, table as AggregateTable, key, page);
}
