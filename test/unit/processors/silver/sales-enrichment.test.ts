import type { Client } from '@confluentinc/schemaregistry';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { salesEnrichmentProcessor } from '../../../../processors/silver/sales-enrichment.ts';
import type { SilverKeys, SilverRecords, SilverSaleEnriched } from '../../../../schemas/generated/silver-types.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import { layerContract, type SilverEntity } from '../../../../schemas/layer-contracts.ts';
import { silverSerde } from '../../../../schemas/layer-serde.ts';
import { runProcessor } from '../../../../processors/runtime/processor-runtime.ts';
import { InProcessLog } from '../../../../transport/in-process/in-process-log.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import type { OutgoingRecord } from '../../../../transport/transport.ts';
import { customer, employee, product, storeSale } from '../gold/gold-fixtures.ts';
import { ProcessorHarness, sentOf } from '../processor-harness.ts';

interface Enriched {
  readonly saleId: string;
  readonly value: SilverSaleEnriched | null;
}

let registry: Client;
let harness: ProcessorHarness;
beforeAll(async () => {
  registry = await embeddedRegistry();
});
beforeEach(() => {
  harness = new ProcessorHarness(salesEnrichmentProcessor({ registry, partitions: 1 }));
});

async function encoded<E extends SilverEntity>(entity: E, key: SilverKeys[E], value: SilverRecords[E] | null) {
  const serde = silverSerde(registry);
  return { topic: layerContract('silver', entity).topic, key: await serde.key.serialize(entity, key), value: value === null ? null : await serde.value.serialize(entity, value) };
}

async function decoded(records: readonly OutgoingRecord[]): Promise<Enriched[]> {
  const serde = silverSerde(registry);
  expect(new Set(records.map((r) => r.topic))).toEqual(new Set(records.length === 0 ? [] : ['silver.sales_enriched']));
  return Promise.all(
    records.map(async (r) => ({
      saleId: (await serde.key.deserialize('sales_enriched', r.key!)).sale_id,
      value: r.value === null ? null : await serde.value.deserialize('sales_enriched', r.value),
    })),
  );
}

/** Feeds one silver record (a batch of its own) and returns the enriched sales it sent. */
async function send<E extends SilverEntity>(entity: E, key: SilverKeys[E], value: SilverRecords[E] | null): Promise<Enriched[]> {
  const { topic, key: keyBytes, value: valueBytes } = await encoded(entity, key, value);
  return decoded(sentOf(await harness.feed(topic, keyBytes, valueBytes)));
}

const saleIds = (sent: readonly Enriched[]) => sent.map((e) => e.saleId).sort();
const city = (id: number, name: string, country: number): SilverRecords['cities'] => ({ city_id: id, city_name: name, zipcode: null, country_id: country });
const country = (id: number, name: string): SilverRecords['countries'] => ({ country_id: id, country_name: name, country_code: null });

/** Every dimension of sales by customer 1 (city 7, Norway) and employee 1 of products 5 and 6 (category 1, Dairy). */
async function knownDimensions(): Promise<void> {
  await send('categories', { category_id: 1 }, { category_id: 1, category_name: 'Dairy' });
  await send('countries', { country_id: 3 }, country(3, 'Norway'));
  await send('cities', { city_id: 7 }, city(7, 'Oslo', 3));
  await send('customers', { customer_id: 1 }, customer(1, 7));
  await send('employees', { employee_id: 1 }, employee(1));
  await send('products', { product_id: 5 }, product(5, '2.5000'));
  await send('products', { product_id: 6 }, product(6, '1.0000'));
}

describe('sales enrichment: late dimensions', () => {
  it('emits a sale before its dimensions with nulls and every one missing, and re-emits it as each comes until it is complete', async () => {
    const [first] = await send('sales', { sale_id: 'store-1' }, storeSale(1, 'T1', 5, 2));
    expect(first!.value).toMatchObject({ sale_id: 'store-1', product_id: 5, quantity: 2, product_name: null, category_id: null, customer_name: null, city_id: null, employee_name: null });
    expect(first!.value!.missing).toEqual(['product', 'category', 'customer', 'city', 'country', 'employee']);

    expect((await send('products', { product_id: 5 }, product(5, '2.5000'))).map((e) => e.value)).toMatchObject([{ product_name: 'Product 5', category_id: 1, category_name: null, missing: ['category', 'customer', 'city', 'country', 'employee'] }]);
    expect((await send('categories', { category_id: 1 }, { category_id: 1, category_name: 'Dairy' })).map((e) => e.value)).toMatchObject([{ category_name: 'Dairy', missing: ['customer', 'city', 'country', 'employee'] }]);
    expect((await send('customers', { customer_id: 1 }, customer(1, 7))).map((e) => e.value)).toMatchObject([{ customer_name: 'Ann Cole1', city_id: 7, city_name: null, missing: ['city', 'country', 'employee'] }]);
    expect((await send('cities', { city_id: 7 }, city(7, 'Oslo', 3))).map((e) => e.value)).toMatchObject([{ city_name: 'Oslo', country_id: 3, country_name: null, missing: ['country', 'employee'] }]);
    expect((await send('countries', { country_id: 3 }, country(3, 'Norway'))).map((e) => e.value)).toMatchObject([{ country_name: 'Norway', missing: ['employee'] }]);
    const [complete] = await send('employees', { employee_id: 1 }, employee(1));
    expect(complete!.value).toEqual({
      ...storeSale(1, 'T1', 5, 2),
      product_name: 'Product 5',
      category_id: 1,
      category_name: 'Dairy',
      customer_name: 'Ann Cole1',
      city_id: 7,
      city_name: 'Oslo',
      country_id: 3,
      country_name: 'Norway',
      employee_name: 'Bob C. Dean1',
      missing: [],
    });
  });

  it('misses no employee on an online sale, which has none', async () => {
    await knownDimensions();
    const [online] = await send('sales', { sale_id: 'online-9-5' }, storeSale(9, '9', 5, 1, { sale_id: 'online-9-5', channel: 'online', order_id: 'online-9', employee_id: null, unit_price: '2.0000' }));
    expect(online!.value).toMatchObject({ sale_id: 'online-9-5', employee_name: null, missing: [] });
  });

  it('sends a sale once per batch, as it is at the end of the batch', async () => {
    const batch = await Promise.all([encoded('sales', { sale_id: 'store-1' }, storeSale(1, 'T1', 5, 2)), encoded('products', { product_id: 5 }, product(5, '2.5000')), encoded('products', { product_id: 5 }, { ...product(5, '2.5000'), product_name: 'Milk' })]);
    const sent = await decoded(await harness.feedBatch(batch));
    expect(sent.map((e) => [e.saleId, e.value?.product_name])).toEqual([['store-1', 'Milk']]);
  });
});

describe('sales enrichment: changes re-emit exactly the sales that show them', () => {
  beforeEach(async () => {
    await knownDimensions();
    await send('countries', { country_id: 4 }, country(4, 'Sweden'));
    await send('cities', { city_id: 8 }, city(8, 'Lund', 4));
    await send('customers', { customer_id: 2 }, customer(2, 8));
    await send('categories', { category_id: 2 }, { category_id: 2, category_name: 'Bakery' });
    await send('products', { product_id: 7 }, product(7, '3.0000', 2));
    await send('sales', { sale_id: 'store-1' }, storeSale(1, 'T1', 5, 2));
    await send('sales', { sale_id: 'store-2' }, storeSale(2, 'T2', 6, 1));
    await send('sales', { sale_id: 'store-3' }, storeSale(3, 'T3', 7, 1, { customer_id: 2 }));
    await send('sales', { sale_id: 'store-4' }, storeSale(4, 'T4', 5, 4, { customer_id: 2 }));
  });

  it('a product rename: the sales of that product', async () => {
    const sent = await send('products', { product_id: 5 }, { ...product(5, '2.5000'), product_name: 'Milk' });
    expect(saleIds(sent)).toEqual(['store-1', 'store-4']);
    expect(sent.every((e) => e.value?.product_name === 'Milk' && e.value.missing.length === 0)).toBe(true);
  });

  it('a category rename: the sales of its products', async () => {
    const sent = await send('categories', { category_id: 1 }, { category_id: 1, category_name: 'Dairy Products' });
    expect(saleIds(sent)).toEqual(['store-1', 'store-2', 'store-4']);
    expect(sent.every((e) => e.value?.category_name === 'Dairy Products')).toBe(true);
  });

  it("a customer's move to another city: that customer's sales, and the old city's rename no longer touches them", async () => {
    const moved = await send('customers', { customer_id: 1 }, customer(1, 8));
    expect(saleIds(moved)).toEqual(['store-1', 'store-2']);
    expect(moved.every((e) => e.value?.city_name === 'Lund' && e.value.country_name === 'Sweden')).toBe(true);
    expect(await send('cities', { city_id: 7 }, city(7, 'Bergen', 3))).toEqual([]);
  });

  it('a country rename: the sales of the customers of its cities', async () => {
    const sent = await send('countries', { country_id: 4 }, country(4, 'Sverige'));
    expect(saleIds(sent)).toEqual(['store-3', 'store-4']);
    expect(sent.every((e) => e.value?.country_name === 'Sverige')).toBe(true);
  });

  it('a change no sale shows (a price) sends nothing', async () => {
    expect(await send('products', { product_id: 5 }, product(5, '9.9900'))).toEqual([]);
  });

  it('a sale delete is a tombstone', async () => {
    expect(await send('sales', { sale_id: 'store-2' }, null)).toEqual([{ saleId: 'store-2', value: null }]);
    // Its product no longer shows it.
    expect(saleIds(await send('products', { product_id: 6 }, { ...product(6, '1.0000'), product_name: 'Eggs' }))).toEqual([]);
  });

  it('a dimension delete: its sales with the name null and the dimension missing', async () => {
    const sent = await send('employees', { employee_id: 1 }, null);
    expect(saleIds(sent)).toEqual(['store-1', 'store-2', 'store-3', 'store-4']);
    expect(sent.every((e) => e.value?.employee_name === null && e.value.missing.join() === 'employee')).toBe(true);
    const city7 = await send('cities', { city_id: 7 }, null);
    expect(saleIds(city7)).toEqual(['store-1', 'store-2']);
    expect(city7.map((e) => e.value?.missing)).toEqual([
      ['city', 'country', 'employee'],
      ['city', 'country', 'employee'],
    ]);
  });
});

describe('sales enrichment: state after the runtime takes writes back', () => {
  it('rebuilds its indexes after an aborted transaction, so a later change finds the sales the stores hold', async () => {
    await knownDimensions();
    await send('sales', { sale_id: 'store-1' }, storeSale(1, 'T1', 5, 2));
    harness.commit();
    // Moved to product 6, then taken back: the sale is product 5's again.
    await send('sales', { sale_id: 'store-1' }, storeSale(1, 'T1', 6, 2));
    harness.abort();
    expect(saleIds(await send('products', { product_id: 5 }, { ...product(5, '2.5000'), product_name: 'Milk' }))).toEqual(['store-1']);
    expect(await send('products', { product_id: 6 }, { ...product(6, '1.0000'), product_name: 'Eggs' })).toEqual([]);
  });
});

describe('sales enrichment: restart', () => {
  it('restores the sales and dimensions from its changelogs, so a change after a restart re-emits the sales seen before it', async () => {
    const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
    try {
      const processor = salesEnrichmentProcessor({ registry, partitions: 1 });
      const producer = await transport.producer('test-enrichment-writer');
      const write = async (records: readonly Promise<OutgoingRecord>[]) => producer.transaction(async (tx) => tx.send(await Promise.all(records)));
      const run = async () => {
        const running = await runProcessor(processor, { transport, registry, pollMs: 20 });
        await running.whenIdle();
        return running;
      };
      await transport.ensureTopics(processor.inputs.map((name) => ({ name, partitions: 1 })));
      // Written before each run starts, so the run's first idle moment comes after them.
      await write([encoded('sales', { sale_id: 'store-1' }, storeSale(1, 'T1', 5, 2)), encoded('sales', { sale_id: 'store-2' }, storeSale(2, 'T2', 6, 1)), encoded('products', { product_id: 5 }, product(5, '2.5000'))]);
      const first = await run();
      await first.stop();
      const output = async () => {
        const records: OutgoingRecord[] = [];
        await transport.readAll('silver.sales_enriched', (batch) => void records.push(...batch));
        return decoded(records);
      };
      const before = (await output()).length;

      await write([encoded('categories', { category_id: 1 }, { category_id: 1, category_name: 'Dairy' })]);
      const second = await run();
      await second.stop();
      const after = (await output()).slice(before);
      expect(after.map((e) => [e.saleId, e.value?.product_name, e.value?.category_name])).toEqual([['store-1', 'Product 5', 'Dairy']]);
      expect(second.snapshot()).toMatchObject({ recordsIn: 1, recordsOut: 1 });
    } finally {
      await transport.close();
    }
  });
});
