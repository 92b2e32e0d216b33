import { writeFileSync } from 'node:fs';
import { resolveConnections } from '../../config/connections.ts';
import { warehouseAddress } from '../../warehouse/bi/warehouse-address.ts';
import { POWERBI_MODES, powerBiDataSource } from '../../warehouse/bi/pbids.ts';
import type { Command } from '../command.ts';
import { choiceOption, noPositionals, parseOptions } from '../options.ts';

const DEFAULT_OUT = 'medallion-warehouse.pbids';

const usage = `usage: medallion powerbi [--out FILE] [--mode Import|DirectQuery]

Writes a Power BI data source file for the warehouse (server and database from
MEDALLION_WAREHOUSE_BI_URL, default the local stack). Open it in Power BI Desktop,
sign in as the read-only BI role, and pick the gold tables; warehouse/README.md has
the star schema, the relationships to set and suggested DAX measures.

  --out FILE    where to write it (default ${DEFAULT_OUT})
  --mode MODE   Import (default: a copy, refreshed on schedule) or DirectQuery (live queries)`;

export const powerbiCommand: Command = {
  name: 'powerbi',
  summary: 'write a Power BI .pbids file that connects to the warehouse',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { out: { type: 'string' }, mode: { type: 'string' } }, usage);
    noPositionals('powerbi', positionals, usage);
    const mode = choiceOption('mode', values.mode, POWERBI_MODES, 'Import');
    const address = warehouseAddress(resolveConnections().warehouseBiUrl);
    const out = values.out ?? DEFAULT_OUT;
    writeFileSync(out, `${JSON.stringify(powerBiDataSource(address, mode), null, 2)}\n`);
    console.log(`wrote ${out}: PostgreSQL ${address.host}:${address.port}, database ${address.database}, ${mode} mode; sign in as ${address.user}`);
    return 0;
  },
};
