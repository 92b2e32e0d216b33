import { describe, expect, it } from 'vitest';
import { CLEAN_TABLES, type CleanType } from '../../../../generator/clean-tables.ts';
import { DERIVED_SILVER_TOPICS, layerContract, layerContracts, SILVER_ENTITIES, silverEntityContracts } from '../../../../schemas/layer-contracts.ts';

/** The Avro type a clean column has in silver (nullable or not). */
const AVRO_OF: Readonly<Record<CleanType, unknown>> = {
  int: 'int',
  text: 'string',
  'numeric(12,4)': { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 4 },
  'numeric(5,4)': { type: 'bytes', logicalType: 'decimal', precision: 5, scale: 4 },
  'numeric(14,2)': { type: 'bytes', logicalType: 'decimal', precision: 14, scale: 2 },
  'timestamp(3)': { type: 'long', logicalType: 'timestamp-millis' },
  date: { type: 'int', logicalType: 'date' },
  boolean: 'boolean',
};

describe('silver contracts', () => {
  it('hold every column of the clean tables, by name and type, keyed by the clean key', () => {
    expect(silverEntityContracts().map((c) => c.name)).toEqual([...SILVER_ENTITIES]);
    expect(layerContracts('silver').map((c) => c.name)).toEqual([...SILVER_ENTITIES, ...DERIVED_SILVER_TOPICS]);
    for (const entity of SILVER_ENTITIES) {
      const contract = layerContract('silver', entity);
      expect(contract.keyFields).toEqual([CLEAN_TABLES[entity].key]);
      for (const [column, type] of CLEAN_TABLES[entity].columns) {
        const field = contract.schema.fields.find((f) => f.name === column);
        expect(field, `${entity}.${column}`).toBeDefined();
        expect([field!.type, ['null', field!.type].flat().at(-1)], `${entity}.${column}`).toContainEqual(AVRO_OF[type]);
      }
    }
  });

  it('give the enriched sales every field of silver.sales, as silver.sales types it, keyed by sale_id, and the names as nullable fields', () => {
    const sales = layerContract('silver', 'sales');
    const enriched = layerContract('silver', 'sales_enriched');
    expect(enriched.keyFields).toEqual(['sale_id']);
    expect(enriched.schema.fields.slice(0, sales.schema.fields.length)).toEqual(sales.schema.fields);
    const names = ['product_name', 'category_id', 'category_name', 'customer_name', 'city_id', 'city_name', 'country_id', 'country_name', 'employee_name'];
    for (const name of names) expect(enriched.schema.fields.find((f) => f.name === name)?.type, name).toContain('null');
    expect(enriched.schema.fields.at(-1)).toMatchObject({ name: 'missing', type: { type: 'array', items: 'string' } });
  });

  it('derive key schemas from the value schema, with subjects <topic>-key and <topic>-value', () => {
    const daily = layerContract('gold', 'sales_daily');
    expect(daily.keySchema).toMatchObject({ type: 'record', name: 'SalesDailyKey', namespace: 'medallion.gold', fields: [{ name: 'sale_date' }, { name: 'channel' }] });
    expect([daily.keySubject, daily.valueSubject]).toEqual(['gold.sales_daily-key', 'gold.sales_daily-value']);
    expect(daily.keyType.isValid({ sale_date: '2018-02-05', channel: 'store' })).toBe(true);
  });
});
