import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { WAREHOUSE_DLQ_TOPIC } from '../../../schemas/dlq-contract.ts';
import { goldSerde } from '../../../schemas/layer-serde.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { startWarehouseSink } from '../../../warehouse/sink/warehouse-sink.ts';
import { expectedFactSales, factSale, factSaleChange, factSalesRows } from './sink-harness.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';

const connections = resolveConnections();
const registry = registryClient(connections.registry);
const prefix = `test.sinkcrash.${randomBytes(4).toString('hex')}.`;
const factsTopic = `${prefix}gold.fact_sales`;
const ROWS = 20_000;

describe('a sink process killed mid-run', () => {
  let transport: KafkaTransport;
  let warehouse: ScratchWarehouse;
  let writer: pg.Client;

  beforeAll(async () => {
    await registerSchemas(registry, contractSubjects());
    transport = await KafkaTransport.open({ kafka: connections.kafka });
    await transport.ensureTopics([{ name: factsTopic, partitions: 3 }]);
    warehouse = await scratchWarehouse();
    writer = await warehouse.connect('writer');
    await migrateWarehouse(await warehouse.connect('owner'));
  });
  afterAll(async () => {
    await transport.deleteTopics([factsTopic, `${prefix}${WAREHOUSE_DLQ_TOPIC}`]);
    await transport.close();
    await warehouse.drop();
  });

  it('leaves whole batches only, and its successor finishes the job exactly once', async () => {
    const serde = goldSerde(registry);
    const sales = Array.from({ length: ROWS }, (_, i) => factSale(i + 1));
    const producer = await transport.producer(`${prefix}producer`);
    const records = await Promise.all(sales.map(async (s) => ({ topic: factsTopic, key: await serde.key.serialize('fact_sales', { sale_id: s.sale_id }), value: await serde.value.serialize('fact_sales', s) })));
    for (let i = 0; i < records.length; i += 5000) await producer.transaction((tx) => tx.send(records.slice(i, i + 5000)));
    await producer.close();

    // The child commits batches of 500; it is killed (SIGKILL: no cleanup) after its second commit, mid-way through the rest.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/warehouse/sink-process.ts'], {
      env: { ...process.env, MEDALLION_TEST_PREFIX: prefix, MEDALLION_TEST_WAREHOUSE_URL: warehouse.url('writer') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let commits = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      if ((JSON.parse(line) as { kind: string }).kind === 'batch-committed') commits += 1;
      if (commits === 2) break;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    // Whatever the kill interrupted: the rows in the warehouse are exactly the records before the stored positions.
    const { rows } = await writer.query<{ rows: number; positions: number }>("SELECT (SELECT count(*)::int FROM gold.fact_sales) AS rows, (SELECT coalesce(sum(next_offset), 0)::int FROM meta.sink_positions WHERE sink = 'crash-sink') AS positions");
    expect(rows[0]!.rows).toBe(rows[0]!.positions);
    expect(rows[0]!.rows).toBeGreaterThan(0);
    expect(rows[0]!.rows).toBeLessThan(ROWS);

    const successor = await startWarehouseSink({ transport, registry, warehouseUrl: warehouse.url('writer'), name: 'crash-sink', topics: ['gold.fact_sales'], topicPrefix: prefix, maxBatch: 5000 });
    await successor.settled();
    await successor.stop();
    expect(await factSalesRows(writer)).toEqual(expectedFactSales(sales.map(factSaleChange)));
    expect(successor.snapshot().tables['gold.fact_sales']).toEqual({ upserted: ROWS - rows[0]!.rows, deleted: 0, unchanged: 0, refused: 0 });
  });
});
