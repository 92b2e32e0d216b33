import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import type { GoldDimProduct, GoldFactSales } from '../../../schemas/generated/gold-types.ts';
import type { SilverCustomer, SilverSaleEnriched } from '../../../schemas/generated/silver-types.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { goldSerde, silverSerde } from '../../../schemas/layer-serde.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { waitUntil } from '../../../stack/wait.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { withWarehouse } from '../../../pipeline/warehouse-connection.ts';
import type { OutgoingRecord } from '../../../transport/transport.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import type { ConnectorEvent } from '../../../connect-config/connector-events.ts';
import { loadConnectorSpecs } from '../../../connect-config/connector-files.ts';
import { placeholderValues } from '../../../connect-config/placeholders.ts';
import { ConnectSinks } from '../../../pipeline/connect-sinks.ts';
import { connect, hex, medallion, TestConnectorFolder } from './connectors-kit.ts';
import { TcpProxy } from './tcp-proxy.ts';
import { sendCommitted, sinkOverrides, WarehouseCopy } from './warehouse-copy.ts';

/*
 * connect-config/warehouse-{gold,silver}-sink.json on the real stack, pointed at
 * topics and copies of the warehouse tables of the test's own.
 */
const sale: GoldFactSales = {
  sale_id: 'store-1',
  channel: 'store',
  order_id: 'store-T1',
  sold_at: new Date('2018-02-05T07:38:25.430Z'),
  sale_date: '2018-02-05',
  customer_id: 11,
  employee_id: 3,
  product_id: 5,
  quantity: 2,
  unit_price: '4.7500',
  discount: '0.1000',
  net_amount: '8.55',
};

const product: GoldDimProduct = {
  product_id: 5,
  product_name: 'Sourdough Loaf',
  price: '4.7500',
  category_id: 1,
  category_name: 'Bakery',
  class: 'Medium',
  modify_date: null,
  resistant: 'Durable',
  is_allergic: false,
  vitality_days: 3,
};

const customer: SilverCustomer = { customer_id: 11, first_name: 'Ada', middle_initial: null, last_name: 'Lovelace', full_name: 'Ada Lovelace', city_id: 10, address: '12 Analytical Row' };

const registry = registryClient(resolveConnections().registry);
let transport: KafkaTransport;

beforeAll(async () => {
  await registerSchemas(registry, contractSubjects());
  // The copies are made LIKE the migrated tables; on a fresh stack nothing else may have migrated yet.
  await withWarehouse(resolveConnections().warehouseOwnerUrl, migrateWarehouse);
  transport = await KafkaTransport.open({ kafka: resolveConnections().kafka });
});

afterAll(async () => {
  await transport?.close();
});

describe('the JDBC sink from gold topics into the warehouse', () => {
  const topicPrefix = `test.sink.${hex()}.`;
  // The sink reaches PostgreSQL through a proxy the test can cut, so the warehouse goes away for this connector only.
  const postgres = stackEndpoints().postgres;
  const proxy = new TcpProxy({ host: postgres.host, port: postgres.port });
  let env: NodeJS.ProcessEnv;
  const topic = (table: string): string => `${topicPrefix}gold.${table}`;
  const copy = new WarehouseCopy('gold', ['fact_sales', 'dim_product']);
  const folder = new TestConnectorFolder('gold-sink', 'warehouse-gold-sink');
  const serde = goldSerde(registry);
  const saleRecord = async (value: GoldFactSales | null, key = value?.sale_id ?? ''): Promise<OutgoingRecord> => ({
    topic: topic('fact_sales'),
    key: await serde.key.serialize('fact_sales', { sale_id: key }),
    value: value === null ? null : await serde.value.serialize('fact_sales', value),
  });

  beforeAll(async () => {
    await copy.create();
    await proxy.open();
    env = { MEDALLION_WAREHOUSE_URL: `postgres://${postgres.writer.user}:${postgres.writer.password}@${postgres.host}:${proxy.port}/${postgres.database}` };
    await transport.ensureTopics(['fact_sales', 'dim_product'].map((table) => ({ name: topic(table), partitions: 1 })));
    folder.write(sinkOverrides('gold', topicPrefix, copy));
    const applied = await medallion(['connectors', 'apply', '--dir', folder.dir], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  });

  afterAll(async () => {
    await folder.remove();
    await proxy.cut();
    await transport.deleteTopics(['fact_sales', 'dim_product'].map(topic));
    await copy.drop();
  });

  it('upserts gold records into their tables, column for column', async () => {
    await sendCommitted(transport, [
      await saleRecord(sale),
      { topic: topic('dim_product'), key: await serde.key.serialize('dim_product', { product_id: 5 }), value: await serde.value.serialize('dim_product', product) },
    ]);
    expect(await waitUntil(async () => (await copy.rows('fact_sales')).length === 1 && (await copy.rows('dim_product')).length === 1, 60_000)).toBe(true);
    expect((await copy.rows('fact_sales'))[0]).toEqual({ ...sale });
    expect((await copy.rows('dim_product'))[0]).toEqual({ ...product });
  });

  it('updates a row by its key, changes nothing when a record is delivered again, and deletes on a tombstone', async () => {
    const corrected = { ...sale, quantity: 3, net_amount: '12.83' };
    await sendCommitted(transport, [await saleRecord(corrected), await saleRecord(corrected), await saleRecord({ ...sale, sale_id: 'store-2' })]);
    expect(await waitUntil(async () => (await copy.rows('fact_sales')).length === 2, 60_000)).toBe(true);
    expect((await copy.rows('fact_sales')).map((row) => [row.sale_id, row.quantity, row.net_amount])).toEqual([
      ['store-1', 3, '12.83'],
      ['store-2', 2, '8.55'],
    ]);

    await sendCommitted(transport, [await saleRecord(null, 'store-2')]);
    expect(await waitUntil(async () => (await copy.rows('fact_sales')).length === 1, 60_000)).toBe(true);
    expect((await copy.rows('fact_sales'))[0]?.sale_id).toBe('store-1');
  });

  it('retries while PostgreSQL is away, shows why in status, and catches up without loss once it is back', async () => {
    await proxy.cut();
    await sendCommitted(transport, [await saleRecord({ ...sale, sale_id: 'store-3' }), await saleRecord({ ...sale, sale_id: 'store-4' })]);
    const status = await medallion(['connectors', 'status', '--dir', folder.dir, folder.name], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`database 127.0.0.1:${proxy.port} does not answer`);
    // Longer than a write attempt takes to fail: the sink is retrying, not idle.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await proxy.open();
    expect(await waitUntil(async () => (await copy.rows('fact_sales')).length === 3, 120_000)).toBe(true);
    expect((await copy.rows('fact_sales')).map((row) => row.sale_id)).toEqual(['store-1', 'store-3', 'store-4']);
    expect((await medallion(['connectors', 'status', '--dir', folder.dir, folder.name], env)).code).toBe(0);
  });
});

describe('the JDBC sink from silver topics into the warehouse', () => {
  const topicPrefix = `test.sink.${hex()}.`;
  const copy = new WarehouseCopy('silver', ['customers', 'sales_enriched']);
  const folder = new TestConnectorFolder('silver-sink', 'warehouse-silver-sink');
  const serde = silverSerde(registry);

  beforeAll(async () => {
    await copy.create();
    await transport.ensureTopics(['customers', 'sales_enriched'].map((name) => ({ name: `${topicPrefix}silver.${name}`, partitions: 1 })));
    folder.write(sinkOverrides('silver', topicPrefix, copy));
    const applied = await medallion(['connectors', 'apply', '--dir', folder.dir]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  });

  afterAll(async () => {
    await folder.remove();
    await transport.deleteTopics(['customers', 'sales_enriched'].map((name) => `${topicPrefix}silver.${name}`));
    await copy.drop();
  });

  it('writes the silver columns the warehouse has, leaving out full_name, which silver derives for gold', async () => {
    await sendCommitted(transport, [{ topic: `${topicPrefix}silver.customers`, key: await serde.key.serialize('customers', { customer_id: 11 }), value: await serde.value.serialize('customers', customer) }]);
    expect(await waitUntil(async () => (await copy.rows('customers')).length === 1, 60_000)).toBe(true);
    expect((await copy.rows('customers'))[0]).toEqual({ customer_id: 11, first_name: 'Ada', middle_initial: null, last_name: 'Lovelace', city_id: 10, address: '12 Analytical Row' });
  });

  it('writes an enriched sale, its missing dimensions into the text[] column', async () => {
    const enriched: SilverSaleEnriched = {
      sale_id: 'store-1', channel: 'store', order_id: 'store-T1', sold_at: new Date('2018-02-05T07:38:25.430Z'), customer_id: 11, employee_id: 3, product_id: 5, quantity: 2, unit_price: null, discount: '0.1000', total_amount: null,
      product_name: 'Sourdough Loaf', category_id: 2, category_name: null, customer_name: 'Ada Lovelace', city_id: 10, city_name: 'London', country_id: 4, country_name: null, employee_name: null,
      missing: ['category', 'country', 'employee'],
    };
    await sendCommitted(transport, [{ topic: `${topicPrefix}silver.sales_enriched`, key: await serde.key.serialize('sales_enriched', { sale_id: 'store-1' }), value: await serde.value.serialize('sales_enriched', enriched) }]);
    expect(await waitUntil(async () => (await copy.rows('sales_enriched')).length === 1, 60_000)).toBe(true);
    expect((await copy.rows('sales_enriched'))[0]).toMatchObject({ sale_id: 'store-1', product_name: 'Sourdough Loaf', customer_name: 'Ada Lovelace', employee_name: null, missing: ['category', 'country', 'employee'] });
  });
});

describe("the pipeline's watch over its JDBC sinks", () => {
  const topicPrefix = `test.sink.${hex()}.`;
  const postgres = stackEndpoints().postgres;
  const proxy = new TcpProxy({ host: postgres.host, port: postgres.port });
  const copy = new WarehouseCopy('gold', ['fact_sales']);
  const folder = new TestConnectorFolder('sink-restarts', 'warehouse-gold-sink');
  const serde = goldSerde(registry);
  const topic = `${topicPrefix}gold.fact_sales`;
  const events: ConnectorEvent[] = [];
  let sinks: ConnectSinks;
  const saleRecord = async (saleId: string): Promise<OutgoingRecord> => ({
    topic,
    key: await serde.key.serialize('fact_sales', { sale_id: saleId }),
    value: await serde.value.serialize('fact_sales', { ...sale, sale_id: saleId }),
  });

  beforeAll(async () => {
    await copy.create();
    await proxy.open();
    await transport.ensureTopics([{ name: topic, partitions: 1 }]);
    // Few flush retries: the task fails within seconds of losing its database, as it does for good on a lost table check.
    folder.write({ ...sinkOverrides('gold', topicPrefix, copy), 'connection.url': `jdbc:postgresql://${postgres.host}:${proxy.port}/${postgres.database}`, 'flush.max.retries': '1', 'flush.retry.delay.ms': '500' });
    const [spec] = loadConnectorSpecs(placeholderValues(resolveConnections()), folder.dir);
    sinks = await ConnectSinks.start(connect, transport, [{ spec: spec!, topics: [topic] }], { timeoutMs: 120_000, onEvent: (event) => events.push(event) });
  });

  afterAll(async () => {
    await sinks?.stop();
    await folder.remove();
    await proxy.cut();
    await transport.deleteTopics([topic]);
    await copy.drop();
  });

  it('restarts a task failed by its lost database with backoff, says so, and delivers everything once the database is back', async () => {
    await sendCommitted(transport, [await saleRecord('store-1')]);
    await sinks.settled();
    expect((await copy.rows('fact_sales')).map((row) => row.sale_id)).toEqual(['store-1']);

    await proxy.cut();
    await sendCommitted(transport, [await saleRecord('store-2'), await saleRecord('store-3')]);
    const restarted = (): Extract<ConnectorEvent, { kind: 'restarting' }>[] => events.filter((e): e is Extract<ConnectorEvent, { kind: 'restarting' }> => e.kind === 'restarting');
    // Two restarts: the task failed again while the database was still away, and the watch kept waiting.
    expect(await waitUntil(async () => restarted().length >= 2, 180_000)).toBe(true);
    expect(restarted()[0]).toMatchObject({ connector: folder.name, attempt: 1 });
    expect(restarted()[1]).toMatchObject({ connector: folder.name, attempt: 2 });
    expect(restarted()[0]!.cause).toMatch(/refused|closed|I\/O error|reset|terminating/i);

    await proxy.open();
    await sinks.settled();
    expect((await copy.rows('fact_sales')).map((row) => row.sale_id)).toEqual(['store-1', 'store-2', 'store-3']);
    expect((await connect.status(folder.name))?.tasks.map((t) => t.state)).toEqual(['RUNNING']);
  }, 420_000);
});
