import { ConfigError } from '../../config/config-error.ts';

/** Where a BI tool finds the warehouse: the parts of a postgres:// URL it asks for (never the password). */
export interface WarehouseAddress {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** libpq's sslmode from the URL's query, else prefer. */
  readonly sslMode: string;
}

/** `key` names the setting the URL came from, for the error. */
export function warehouseAddress(url: string, key = 'MEDALLION_WAREHOUSE_BI_URL'): WarehouseAddress {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || parsed.hostname === '') {
    throw new ConfigError(key, `${parsed.protocol}//${parsed.host}${parsed.pathname}`, 'a URL with a host and a database, postgres://user:password@host:port/database');
  }
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    database,
    user: decodeURIComponent(parsed.username),
    sslMode: parsed.searchParams.get('sslmode') ?? 'prefer',
  };
}
