import path from 'node:path';
import { describeOutage } from '../../core/outage.ts';
import { resolveConnections } from '../../config/connections.ts';
import { withWarehouse } from '../../pipeline/warehouse-connection.ts';
import { registryClient } from '../../schemas/registry-client.ts';
import { openTransport } from '../../transport/open-transport.ts';
import { loadExpectedGold, loadExpectedSilver } from '../../generator/load-csv.ts';
import { migrateWarehouse, readMigrations } from '../../warehouse/migrate.ts';
import type { SinkEvent } from '../../warehouse/sink/sink-events.ts';
import { SINK_DEFAULTS } from '../../warehouse/sink/sink-options.ts';
import { startWarehouseSink } from '../../warehouse/sink/warehouse-sink.ts';
import type { Command } from '../command.ts';
import { registerContracts } from '../transport-target.ts';
import { integerOption, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion warehouse <migrate|load|sink> [options]

The PostgreSQL warehouse (default the local stack's): migrate as its owner (MEDALLION_WAREHOUSE_OWNER_URL),
load and sink as its writer (MEDALLION_WAREHOUSE_URL).

  migrate                apply warehouse/migrations/*.sql not applied yet (schemas gold, silver, meta;
                         indexes, comments, roles, the gold_changed trigger); safe to run again
  load --dataset DIR     replace silver.* and gold.* with DIR/expected/clean and DIR/expected/gold
                         (a dataset from \`medallion generate\`): a warehouse to explore without the pipeline
  sink [--name N] [--batch N]
                         the TypeScript sink: silver.* and gold.* topics from Kafka into the warehouse,
                         exactly once (positions in meta.sink_positions); runs until Ctrl-C
                         --name N   its positions, lock and consumer group (default ${SINK_DEFAULTS.name})
                         --batch N  most records per warehouse transaction (default ${SINK_DEFAULTS.maxBatch})`;

const count = (n: number): string => n.toLocaleString('en-US');

function printSinkEvent(event: SinkEvent): void {
  switch (event.kind) {
    case 'started':
      console.log(`sink ${event.sink} reading ${event.topics.length} topics, resuming ${event.resumedFrom.length} partitions from meta.sink_positions`);
      break;
    case 'batch-committed': {
      const tables = Object.entries(event.tables).map(([t, c]) => `${t} +${count(c.upserted)}/-${count(c.deleted)}${c.unchanged > 0 ? ` =${count(c.unchanged)}` : ''}`);
      console.log(`✔ ${count(event.records)} records: ${tables.join(', ')}; lag ${count(event.lag)}`);
      break;
    }
    case 'dead-lettered':
      console.log(`✘ ${event.topic} partition ${event.partition} offset ${event.offset} → dlq.warehouse: ${event.table} ${event.constraint}`);
      break;
    case 'waiting':
      console.log(`⚠ ${describeOutage(event.outage)} (attempt ${event.outage.attempt}, next in ${(event.outage.retryInMs / 1000).toFixed(1)}s)`);
      break;
    case 'resumed':
      console.log(`✔ ${event.outage.service} back after ${(event.downMs / 1000).toFixed(1)}s; catching up`);
      break;
    case 'idle':
      console.log('= caught up');
      break;
    case 'stopped':
      console.log(`sink ${event.sink} stopped`);
      break;
    case 'failed':
      break;
  }
}

async function runSink(args: readonly string[]): Promise<number> {
  const { values } = parseOptions(args, { name: { type: 'string' }, batch: { type: 'string' } }, usage);
  const maxBatch = integerOption('batch', values.batch, SINK_DEFAULTS.maxBatch, 1, 1_000_000);
  const connections = resolveConnections();
  const registry = registryClient(connections.registry);
  await registerContracts(registry);
  const transport = await openTransport({ kind: 'kafka', kafka: connections.kafka });
  try {
    const sink = await startWarehouseSink({ transport, registry, warehouseUrl: connections.warehouseUrl, maxBatch, ...(values.name === undefined ? {} : { name: values.name }), onEvent: printSinkEvent });
    const stop = (): void => void sink.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await sink.done;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    const { records, deadLettered } = sink.snapshot();
    console.log(`${count(records)} records applied, ${count(deadLettered)} dead-lettered`);
    return 0;
  } finally {
    await transport.close();
  }
}

export const warehouseCommand: Command = {
  name: 'warehouse',
  summary: 'migrate the PostgreSQL warehouse, load a dataset\'s expected tables into it, or run the TypeScript sink',
  usage,
  async run(args) {
    const [action, ...rest] = args;
    switch (action) {
      case 'migrate': {
        parseOptions(rest, {}, usage);
        const { applied } = await withWarehouse(resolveConnections().warehouseOwnerUrl, (client) => migrateWarehouse(client));
        for (const name of applied) console.log(`✔ applied ${name}`);
        console.log(applied.length === 0 ? `up to date (${readMigrations().length} migrations)` : `${applied.length} migration(s) applied`);
        return 0;
      }
      case 'load': {
        const { values } = parseOptions(rest, { dataset: { type: 'string' } }, usage);
        if (values.dataset === undefined) throw new UsageError('missing-option', 'warehouse load needs --dataset, a folder written by `medallion generate`.', `pass --dataset DIR.\n${usage}`);
        const dir = values.dataset;
        const loaded = await withWarehouse(resolveConnections().warehouseUrl, async (client) => ({
          ...prefixed('silver', await loadExpectedSilver(client, path.join(dir, 'expected/clean'))),
          ...prefixed('gold', await loadExpectedGold(client, path.join(dir, 'expected/gold'))),
        }));
        for (const [table, rows] of Object.entries(loaded)) console.log(`✔ ${table.padEnd(28)} ${count(rows).padStart(12)} rows`);
        return 0;
      }
      case 'sink':
        return runSink(rest);
      default:
        throw new UsageError('bad-option', `'${action ?? ''}' is not a warehouse action.`, `use one of: migrate, load, sink.\n${usage}`);
    }
  },
};

function prefixed(schema: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([table, rows]) => [`${schema}.${table}`, rows]));
}
