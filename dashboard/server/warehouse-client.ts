import pg from 'pg';
import { DashboardError } from '../dashboard-error.ts';

/** Read-only access to the warehouse, as the panels use it. */
export interface WarehouseReader {
  query<R>(text: string, values: readonly unknown[]): Promise<R[]>;
}

const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

/**
 * Counts fit a JS number; numeric stays an exact string; dates and times stay
 * PostgreSQL's text, so no time zone of this process shifts them.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === OID.int8) return (text: string) => Number(text);
    if (oid === OID.date || oid === OID.timestamp || oid === OID.timestamptz) return (text: string) => text;
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export const CONNECT_TIMEOUT_MS = 3000;

/** host:port/database of a postgres:// URL: how messages name the warehouse (never with its password). */
export function warehouseName(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DashboardError('bad-warehouse-url', 'the warehouse URL is not a URL', 'pass a URL such as postgres://warehouse_bi:…@127.0.0.1:25432/warehouse (MEDALLION_WAREHOUSE_BI_URL)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DashboardError('bad-warehouse-url', `the warehouse URL's scheme ${parsed.protocol} is not postgres:`, 'pass a postgres:// URL (MEDALLION_WAREHOUSE_BI_URL)');
  }
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/** A server-reported error carries a severity; a lost or refused connection does not. */
function isConnectionError(error: unknown): boolean {
  return !(error instanceof Error && 'severity' in error);
}

/** The dashboard's pool of connections as the BI role. */
export class WarehouseClient implements WarehouseReader {
  readonly name: string;
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.name = warehouseName(url);
    this.pool = new pg.Pool({ connectionString: url, types, max: 4, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, idleTimeoutMillis: 30_000, application_name: 'medallion-dashboard' });
    // An idle connection the server drops is removed by the pool; the next query opens a new one.
    this.pool.on('error', () => {});
  }

  async query<R>(text: string, values: readonly unknown[]): Promise<R[]> {
    try {
      const result = await this.pool.query<R & pg.QueryResultRow>(text, [...values]);
      return result.rows;
    } catch (error) {
      const message = (error as Error).message;
      if (isConnectionError(error)) {
        throw new DashboardError('warehouse-unreachable', `warehouse ${this.name} is unreachable: ${message}`, 'start it (medallion stack up postgres) or point MEDALLION_WAREHOUSE_BI_URL at it; the dashboard reconnects by itself', { cause: error });
      }
      throw new DashboardError('query-failed', `warehouse ${this.name} refused a dashboard query: ${message}`, 'create the gold tables (medallion warehouse migrate) and grant the BI role SELECT on schema gold', { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
