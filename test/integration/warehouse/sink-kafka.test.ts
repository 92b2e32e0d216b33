import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { WAREHOUSE_DLQ_TOPIC } from '../../../schemas/dlq-contract.ts';
import type { DeadLetter } from '../../../schemas/generated/bronze-types.ts';
import { goldSerde } from '../../../schemas/layer-serde.ts';
import { recordSerde } from '../../../schemas/record-serde.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import type { TransactionalProducer } from '../../../transport/transport.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { startWarehouseSink, type WarehouseSink } from '../../../warehouse/sink/warehouse-sink.ts';
import { expectedFactSales, factSale, factSaleChange, factSalesRows, type Change } from './sink-harness.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';

const connections = resolveConnections();
const registry = registryClient(connections.registry);
const serde = goldSerde(registry);
const prefix = `test.sink.${randomBytes(4).toString('hex')}.`;
const factsTopic = `${prefix}gold.fact_sales`;

describe('the warehouse sink on Kafka', () => {
  let transport: KafkaTransport;
  let producer: TransactionalProducer;
  let warehouse: ScratchWarehouse;
  let writer: pg.Client;
  const sinks: WarehouseSink[] = [];

  const produce = async (changes: readonly Change[]): Promise<void> => {
    const records = await Promise.all(
      changes.map(async (c) => {
        if (!('gold' in c) || c.gold !== 'fact_sales') throw new Error('this test produces fact_sales only');
        return { topic: factsTopic, key: await serde.key.serialize('fact_sales', c.key), value: c.value === null ? null : await serde.value.serialize('fact_sales', c.value) };
      }),
    );
    await producer.transaction((tx) => tx.send(records));
  };
  const startSink = async (): Promise<WarehouseSink> => {
    const sink = await startWarehouseSink({ transport, registry, warehouseUrl: warehouse.url('writer'), name: 'kafka-sink', topics: ['gold.fact_sales'], topicPrefix: prefix, maxBatch: 100, pollMs: 100 });
    sinks.push(sink);
    return sink;
  };

  beforeAll(async () => {
    await registerSchemas(registry, contractSubjects());
    transport = await KafkaTransport.open({ kafka: connections.kafka });
    await transport.ensureTopics([{ name: factsTopic, partitions: 3 }]);
    producer = await transport.producer(`${prefix}producer`);
    warehouse = await scratchWarehouse();
    writer = await warehouse.connect('writer');
    await migrateWarehouse(await warehouse.connect('owner'));
  });
  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.stop()));
    await producer.close();
    await transport.deleteTopics([factsTopic, `${prefix}${WAREHOUSE_DLQ_TOPIC}`]);
    await transport.close();
    await warehouse.drop();
  });

  const first: Change[] = [
    ...Array.from({ length: 150 }, (_, i) => factSaleChange(factSale(i + 1))),
    factSaleChange(factSale(10, { quantity: 77 })),
    { gold: 'fact_sales', key: { sale_id: 'store-11' }, value: null },
    factSaleChange(factSale(900, { discount: '1.5000' })),
  ];

  it('upserts, deletes and dead-letters from Kafka topics, exactly as on the in-process log', async () => {
    await produce(first);
    const sink = await startSink();
    await sink.settled();
    expect(await factSalesRows(writer)).toEqual(expectedFactSales(first.slice(0, -1)));

    const letters: DeadLetter[] = [];
    const dlq = recordSerde<{ warehouse: DeadLetter }>(registry, { warehouse: WAREHOUSE_DLQ_TOPIC });
    await transport.readAll(`${prefix}${WAREHOUSE_DLQ_TOPIC}`, async (batch) => {
      for (const r of batch) letters.push(await dlq.deserialize('warehouse', r.value!));
    });
    expect(letters.map((l) => [l.entity, l.source_uri, l.reason.includes('fact_sales_discount_fraction')])).toEqual([['fact_sales', factsTopic, true]]);
    await sink.stop();
  });

  it('resumes from the positions in the warehouse after a restart, reading only what is new', async () => {
    const more = Array.from({ length: 40 }, (_, i) => factSaleChange(factSale(1000 + i)));
    await produce(more);
    const sink = await startSink();
    await sink.settled();
    expect(await factSalesRows(writer)).toEqual(expectedFactSales([...first.slice(0, -1), ...more]));
    expect(sink.snapshot().records).toBe(more.length);
  });
});
