import type { Client } from '@confluentinc/schemaregistry';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { goldProcessor } from '../../../../processors/gold/gold-processor.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import { ProcessorHarness } from '../processor-harness.ts';
import { customer, employee, GoldDriver, product, rowsOf, storeSale } from './gold-fixtures.ts';

let registry: Client;
let harness: ProcessorHarness;
let gold: GoldDriver;
beforeAll(async () => {
  registry = await embeddedRegistry();
});
beforeEach(() => {
  harness = new ProcessorHarness(goldProcessor({ registry, partitions: 1 }));
  gold = new GoldDriver(harness, registry);
});

const sale = storeSale(1, 'T1', 5, 2);

describe('gold: late dimensions', () => {
  it('emits a sale before its product with nulls, counts it late, and corrects every row when the product comes', async () => {
    const first = await gold.send('sales', { sale_id: 'store-1' }, sale);
    expect(rowsOf(first, 'fact_sales')[0]!.value).toMatchObject({ sale_id: 'store-1', sale_date: '2018-02-05', unit_price: null, net_amount: null });
    expect(rowsOf(first, 'sales_daily')[0]!.value).toEqual({ sale_date: '2018-02-05', channel: 'store', orders: 1, quantity: 2, revenue: null });
    // No product, customer or employee yet: none of their rows exist.
    expect(first.map((r) => r.table).sort()).toEqual(['fact_sales', 'sales_daily']);
    expect(harness.counts.late).toBe(1);

    const priced = await gold.send('products', { product_id: 5 }, product(5, '2.5000'));
    expect(rowsOf(priced, 'fact_sales')[0]!.value).toMatchObject({ unit_price: '2.5000', net_amount: '5.00' });
    expect(rowsOf(priced, 'sales_daily')[0]!.value).toMatchObject({ revenue: '5.00' });
    expect(rowsOf(priced, 'product_performance')[0]!.value).toEqual({ product_id: 5, product_name: 'Product 5', category_name: null, orders: 1, quantity: 2, revenue: '5.00' });
    expect(rowsOf(priced, 'dim_product')[0]!.value).toMatchObject({ product_id: 5, category_name: null });

    const bought = await gold.send('customers', { customer_id: 1 }, customer(1));
    expect(rowsOf(bought, 'customer_metrics')[0]!.value).toMatchObject({ orders: 1, revenue: '5.00', first_purchase_at: sale.sold_at, last_purchase_at: sale.sold_at, city_name: null });
    const sold = await gold.send('employees', { employee_id: 1 }, employee(1));
    expect(rowsOf(sold, 'employee_metrics')[0]!.value).toEqual({ employee_id: 1, full_name: 'Bob C. Dean1', orders: 1, customers_served: 1, revenue: '5.00', avg_order_value: '5.00' });
  });

  it('resolves names when the city and country come after the people', async () => {
    await gold.send('customers', { customer_id: 1 }, customer(1, 7));
    await gold.send('employees', { employee_id: 1 }, employee(1, 7));
    const city = await gold.send('cities', { city_id: 7 }, { city_id: 7, city_name: 'Oslo', zipcode: '0150', country_id: 3 });
    expect(rowsOf(city, 'dim_customer')[0]!.value).toMatchObject({ city_name: 'Oslo', zipcode: '0150', country_id: 3, country_name: null });
    expect(rowsOf(city, 'dim_employee')[0]!.value).toMatchObject({ city_name: 'Oslo', country_name: null });
    const country = await gold.send('countries', { country_id: 3 }, { country_id: 3, country_name: 'Norway', country_code: 'NO' });
    expect(country.map((r) => r.table).sort()).toEqual(['customer_metrics', 'dim_customer', 'dim_employee']);
    expect(rowsOf(country, 'dim_customer')[0]!.value).toMatchObject({ country_name: 'Norway', country_code: 'NO' });
  });
});

describe('gold: corrections', () => {
  beforeEach(async () => {
    await gold.send('products', { product_id: 5 }, product(5, '2.5000'));
    await gold.send('customers', { customer_id: 1 }, customer(1));
    await gold.send('employees', { employee_id: 1 }, employee(1));
  });

  it('re-prices the sales without a price of their own when the product price changes, and leaves online sales alone', async () => {
    await gold.send('sales', { sale_id: 'store-1' }, sale);
    await gold.send('sales', { sale_id: 'online-9-5' }, { ...sale, sale_id: 'online-9-5', channel: 'online', order_id: 'online-9', employee_id: null, unit_price: '1.0000' });
    const repriced = await gold.send('products', { product_id: 5 }, product(5, '3.0000'));
    expect(rowsOf(repriced, 'fact_sales').map((r) => r.value)).toEqual([expect.objectContaining({ sale_id: 'store-1', unit_price: '3.0000', net_amount: '6.00' })]);
    expect(rowsOf(repriced, 'product_performance')[0]!.value).toMatchObject({ orders: 2, quantity: 4, revenue: '8.00' });
    expect(rowsOf(repriced, 'employee_metrics')[0]!.value).toMatchObject({ revenue: '6.00' });
    expect(rowsOf(repriced, 'customer_metrics')[0]!.value).toMatchObject({ revenue: '8.00' });
    expect(rowsOf(repriced, 'sales_daily').map((r) => r.value)).toEqual([expect.objectContaining({ channel: 'store', revenue: '6.00' })]);
  });

  it('takes the source total over the computed one, and rounds the computed one half away from zero', async () => {
    const total = await gold.send('sales', { sale_id: 'store-1' }, { ...sale, total_amount: '7.77' });
    expect(rowsOf(total, 'fact_sales')[0]!.value).toMatchObject({ unit_price: '2.5000', net_amount: '7.77' });
    // 3 × 2.5000 × (1 − 0.0500) = 7.125 → 7.13
    const rounded = await gold.send('sales', { sale_id: 'store-2' }, storeSale(2, 'T2', 5, 3, { discount: '0.0500' }));
    expect(rowsOf(rounded, 'fact_sales')[0]!.value).toMatchObject({ net_amount: '7.13' });
  });

  it('counts orders and customers distinctly, and a newer version of a sale retracts the old one', async () => {
    await gold.send('sales', { sale_id: 'store-1' }, sale);
    const sameOrder = await gold.send('sales', { sale_id: 'store-2' }, storeSale(2, 'T1', 5, 1));
    expect(rowsOf(sameOrder, 'employee_metrics')[0]!.value).toMatchObject({ orders: 1, customers_served: 1, revenue: '7.50', avg_order_value: '7.50' });
    const corrected = await gold.send('sales', { sale_id: 'store-2' }, storeSale(2, 'T2', 5, 2, { customer_id: 2 }));
    expect(rowsOf(corrected, 'employee_metrics')[0]!.value).toMatchObject({ orders: 2, customers_served: 2, revenue: '10.00', avg_order_value: '5.00' });
    expect(rowsOf(corrected, 'sales_daily')[0]!.value).toMatchObject({ orders: 2, quantity: 4, revenue: '10.00' });
    // Customer 1 lost a line, customer 2 is unknown as a dimension (no metrics row), so only customer 1's row changes.
    expect(rowsOf(corrected, 'customer_metrics').map((r) => r.value)).toEqual([expect.objectContaining({ customer_id: 1, revenue: '5.00' })]);
  });

  it('rounds the average order value half away from zero', async () => {
    for (const [id, quantity] of [[1, 1], [2, 1], [3, 2]] as const) await gold.send('sales', { sale_id: `store-${id}` }, storeSale(id, `T${id}`, 5, quantity, { total_amount: '3.33', ...(id === 3 ? { total_amount: '3.34' } : {}) }));
    const metrics = await gold.send('sales', { sale_id: 'store-4' }, storeSale(4, 'T1', 5, 1, { total_amount: '0.01' }));
    // 10.01 over 3 orders = 3.336… → 3.34
    expect(rowsOf(metrics, 'employee_metrics')[0]!.value).toMatchObject({ orders: 3, revenue: '10.01', avg_order_value: '3.34' });
  });

  it('retracts a deleted sale everywhere: its fact and an emptied day go, the dimensions stay with zeros', async () => {
    await gold.send('sales', { sale_id: 'store-1' }, sale);
    const deleted = await gold.send('sales', { sale_id: 'store-1' }, null);
    expect(rowsOf(deleted, 'fact_sales')).toEqual([{ table: 'fact_sales', key: { sale_id: 'store-1' }, value: null }]);
    expect(rowsOf(deleted, 'sales_daily')).toEqual([{ table: 'sales_daily', key: { sale_date: '2018-02-05', channel: 'store' }, value: null }]);
    expect(rowsOf(deleted, 'product_performance')[0]!.value).toMatchObject({ orders: 0, quantity: 0, revenue: '0.00' });
    expect(rowsOf(deleted, 'employee_metrics')[0]!.value).toMatchObject({ orders: 0, customers_served: 0, revenue: '0.00', avg_order_value: '0.00' });
    expect(rowsOf(deleted, 'customer_metrics')[0]!.value).toMatchObject({ orders: 0, first_purchase_at: null, last_purchase_at: null });
  });

  it('shows a deleted category as a null name on its products, and a deleted product leaves its sales unpriced', async () => {
    await gold.send('categories', { category_id: 1 }, { category_id: 1, category_name: 'Dairy' });
    await gold.send('sales', { sale_id: 'store-1' }, sale);
    const noCategory = await gold.send('categories', { category_id: 1 }, null);
    expect(rowsOf(noCategory, 'dim_product')[0]!.value).toMatchObject({ category_name: null });
    expect(rowsOf(noCategory, 'product_performance')[0]!.value).toMatchObject({ category_name: null });
    const noProduct = await gold.send('products', { product_id: 5 }, null);
    expect(rowsOf(noProduct, 'dim_product')[0]!.value).toBeNull();
    expect(rowsOf(noProduct, 'product_performance')[0]!.value).toBeNull();
    expect(rowsOf(noProduct, 'fact_sales')[0]!.value).toMatchObject({ unit_price: null, net_amount: null });
  });

  it('emits nothing when a record changes no gold row', async () => {
    await gold.send('sales', { sale_id: 'store-1' }, sale);
    expect(await gold.send('products', { product_id: 5 }, product(5, '2.5000'))).toEqual([]);
    expect(await gold.send('sales', { sale_id: 'store-1' }, sale)).toEqual([]);
  });
});

describe('gold: batches', () => {
  it('sends each changed row once per batch, with its value at the end of the batch', async () => {
    await gold.send('products', { product_id: 5 }, product(5, '2.5000'));
    await gold.send('customers', { customer_id: 1 }, customer(1));
    await gold.send('employees', { employee_id: 1 }, employee(1));
    const rows = await gold.sendBatch([1, 2, 3].map((id) => ({ entity: 'sales', key: { sale_id: `store-${id}` }, value: storeSale(id, `T${id}`, 5, id) })));
    expect(rows.map((r) => r.table).sort()).toEqual(['customer_metrics', 'employee_metrics', 'fact_sales', 'fact_sales', 'fact_sales', 'product_performance', 'sales_daily']);
    expect(rowsOf(rows, 'sales_daily')[0]!.value).toEqual({ sale_date: '2018-02-05', channel: 'store', orders: 3, quantity: 6, revenue: '15.00' });
    expect(rowsOf(rows, 'product_performance')[0]!.value).toMatchObject({ orders: 3, quantity: 6, revenue: '15.00' });
    expect(rowsOf(rows, 'customer_metrics')[0]!.value).toMatchObject({ orders: 3, revenue: '15.00' });
  });

  it('sends nothing for changes that cancel out within a batch', async () => {
    await gold.send('products', { product_id: 5 }, product(5, '2.5000'));
    const rows = await gold.sendBatch([
      { entity: 'sales', key: { sale_id: 'store-1' }, value: sale },
      { entity: 'sales', key: { sale_id: 'store-1' }, value: null },
    ]);
    expect(rows).toEqual([]);
  });
});

describe('gold: state after the runtime takes writes back', () => {
  it('rebuilds its aggregates from the stores after an aborted transaction, so a retried record counts once', async () => {
    await gold.send('products', { product_id: 5 }, product(5, '2.5000'));
    harness.commit();
    await gold.send('sales', { sale_id: 'store-1' }, sale);
    harness.abort();
    const retried = await gold.send('sales', { sale_id: 'store-1' }, sale);
    expect(rowsOf(retried, 'sales_daily')[0]!.value).toMatchObject({ orders: 1, quantity: 2, revenue: '5.00' });
    expect(rowsOf(retried, 'product_performance')[0]!.value).toMatchObject({ orders: 1, quantity: 2 });
  });
});
