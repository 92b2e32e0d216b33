import type { Client } from '@confluentinc/schemaregistry';
import type { SilverRecords, SilverSaleEnriched } from '../../../../schemas/generated/silver-types.ts';
import { layerContract, type LayerName } from '../../../../schemas/layer-contracts.ts';
import { silverSerde } from '../../../../schemas/layer-serde.ts';
import type { Transport } from '../../../../transport/transport.ts';
import { latestValues } from '../gold/table-csv.ts';

export interface EnrichedSales {
  /** silver.sales_enriched as an upsert sink holds it, by sale_id. */
  readonly actual: ReadonlyMap<string, SilverSaleEnriched>;
  /** silver.sales joined with the dimension topics as they are now (a plain left join), by sale_id. */
  readonly expected: ReadonlyMap<string, SilverSaleEnriched>;
}

/**
 * Test helper: the enriched sales a pipeline run ended with, beside what a plain
 * join of its silver topics gives, so a test asserts that they are equal and
 * that nothing stayed unenriched.
 */
export async function enrichedSales(transport: Transport, registry: Client, topicPrefix = ''): Promise<EnrichedSales> {
  const serde = silverSerde(registry);
  const latest = async <N extends LayerName<'silver'>>(name: N): Promise<SilverRecords[N][]> =>
    Promise.all((await latestValues(transport, `${topicPrefix}${layerContract('silver', name).topic}`)).map((value) => serde.value.deserialize(name, value)));
  const byId = <T, K>(rows: readonly T[], key: (row: T) => K) => new Map(rows.map((row) => [key(row), row]));
  const products = byId(await latest('products'), (p) => p.product_id);
  const categories = byId(await latest('categories'), (c) => c.category_id);
  const customers = byId(await latest('customers'), (c) => c.customer_id);
  const cities = byId(await latest('cities'), (c) => c.city_id);
  const countries = byId(await latest('countries'), (c) => c.country_id);
  const employees = byId(await latest('employees'), (e) => e.employee_id);
  const expected = (await latest('sales')).map((sale): SilverSaleEnriched => {
    const product = products.get(sale.product_id);
    const category = product === undefined ? undefined : categories.get(product.category_id);
    const customer = customers.get(sale.customer_id);
    const city = customer === undefined ? undefined : cities.get(customer.city_id);
    const country = city === undefined ? undefined : countries.get(city.country_id);
    const employee = sale.employee_id === null ? undefined : employees.get(sale.employee_id);
    const missing = [
      ['product', product],
      ['category', category],
      ['customer', customer],
      ['city', city],
      ['country', country],
      ['employee', sale.employee_id === null ? true : employee],
    ].flatMap(([name, found]) => (found === undefined ? [name as string] : []));
    return {
      ...sale,
      product_name: product?.product_name ?? null,
      category_id: product?.category_id ?? null,
      category_name: category?.category_name ?? null,
      customer_name: customer?.full_name ?? null,
      city_id: customer?.city_id ?? null,
      city_name: city?.city_name ?? null,
      country_id: city?.country_id ?? null,
      country_name: country?.country_name ?? null,
      employee_name: employee?.full_name ?? null,
      missing,
    };
  });
  return { actual: byId(await latest('sales_enriched'), (e) => e.sale_id), expected: byId(expected, (e) => e.sale_id) };
}
