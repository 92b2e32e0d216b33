import type { WarehouseAddress } from './warehouse-address.ts';

/** How Power BI reads the warehouse: a copy refreshed on schedule, or every visual querying PostgreSQL live. */
export const POWERBI_MODES = ['Import', 'DirectQuery'] as const;
export type PowerBiMode = (typeof POWERBI_MODES)[number];

/**
 * A Power BI data source file (.pbids): opening it in Power BI Desktop starts
 * "Get data" on the warehouse's PostgreSQL database, so the user only picks the
 * gold tables and signs in (as the read-only BI role; credentials are never in the file).
 */
export function powerBiDataSource(address: WarehouseAddress, mode: PowerBiMode = 'Import'): object {
  return {
    version: '0.1',
    connections: [
      {
        details: {
          protocol: 'postgresql',
          address: { server: `${address.host}:${address.port}`, database: address.database },
        },
        options: {},
        mode,
      },
    ],
  };
}
