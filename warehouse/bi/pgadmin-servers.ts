import type { WarehouseAddress } from './warehouse-address.ts';

/**
 * pgAdmin's servers.json (File → Import/Export Servers, or PGADMIN_SERVER_JSON_FILE
 * in its container): one server, the warehouse as the read-only BI role. pgAdmin
 * asks for the password at the first connection; it is never in the file.
 */
export function pgAdminServers(address: WarehouseAddress): object {
  return {
    Servers: {
      '1': {
        Name: `Medallion warehouse (${address.host}:${address.port})`,
        Group: 'Medallion',
        Host: address.host,
        Port: address.port,
        MaintenanceDB: address.database,
        Username: address.user,
        SSLMode: address.sslMode,
        Comment: 'The medallion warehouse: schema gold (facts, dimensions and aggregates). Read-only.',
      },
    },
  };
}
