import { writeFileSync } from 'node:fs';
import { resolveConnections } from '../../config/connections.ts';
import { warehouseAddress } from '../../warehouse/bi/warehouse-address.ts';
import { pgAdminServers } from '../../warehouse/bi/pgadmin-servers.ts';
import type { Command } from '../command.ts';
import { noPositionals, parseOptions } from '../options.ts';

const DEFAULT_OUT = 'servers.json';

const usage = `usage: medallion pgadmin [--out FILE]

Writes a pgAdmin servers.json with the warehouse (MEDALLION_WAREHOUSE_BI_URL, default
the local stack) as the read-only BI role. Import it with Tools → Import/Export Servers,
or mount it as PGADMIN_SERVER_JSON_FILE in pgAdmin's container. pgAdmin asks for the
password at the first connection.

  --out FILE   where to write it (default ${DEFAULT_OUT})`;

export const pgadminCommand: Command = {
  name: 'pgadmin',
  summary: 'write a pgAdmin servers.json that connects to the warehouse',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { out: { type: 'string' } }, usage);
    noPositionals('pgadmin', positionals, usage);
    const address = warehouseAddress(resolveConnections().warehouseBiUrl);
    const out = values.out ?? DEFAULT_OUT;
    writeFileSync(out, `${JSON.stringify(pgAdminServers(address), null, 2)}\n`);
    console.log(`wrote ${out}: ${address.user}@${address.host}:${address.port}/${address.database}`);
    return 0;
  },
};
