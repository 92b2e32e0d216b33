import { describe, expect, it } from 'vitest';
import { powerBiDataSource } from '../../../warehouse/bi/pbids.ts';
import { pgAdminServers } from '../../../warehouse/bi/pgadmin-servers.ts';
import { warehouseAddress } from '../../../warehouse/bi/warehouse-address.ts';

const address = warehouseAddress('postgres://warehouse_bi:s3cret@db.example.com:6543/warehouse?sslmode=require');

describe('files for the user\'s BI tools', () => {
  it('read server, database, user and sslmode from the BI URL', () => {
    expect(address).toEqual({ host: 'db.example.com', port: 6543, database: 'warehouse', user: 'warehouse_bi', sslMode: 'require' });
    expect(warehouseAddress('postgresql://bi@localhost/wh')).toMatchObject({ port: 5432, sslMode: 'prefer' });
  });

  it('refuse a URL without a database, naming the setting', () => {
    expect(() => warehouseAddress('postgres://bi@localhost')).toThrow(/MEDALLION_WAREHOUSE_BI_URL/);
  });

  it('write a .pbids for PostgreSQL in Import mode by default, without the password', () => {
    const pbids = powerBiDataSource(address);
    expect(pbids).toEqual({
      version: '0.1',
      connections: [{ details: { protocol: 'postgresql', address: { server: 'db.example.com:6543', database: 'warehouse' } }, options: {}, mode: 'Import' }],
    });
    expect(JSON.stringify(pbids)).not.toContain('s3cret');
    expect(powerBiDataSource(address, 'DirectQuery')).toMatchObject({ connections: [{ mode: 'DirectQuery' }] });
  });

  it('write a pgAdmin servers.json with the BI role, without the password', () => {
    const servers = pgAdminServers(address) as { Servers: Record<string, Record<string, unknown>> };
    expect(servers.Servers['1']).toMatchObject({ Host: 'db.example.com', Port: 6543, MaintenanceDB: 'warehouse', Username: 'warehouse_bi', SSLMode: 'require' });
    expect(JSON.stringify(servers)).not.toContain('s3cret');
  });
});
