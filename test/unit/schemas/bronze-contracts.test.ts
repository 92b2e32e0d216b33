import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BRONZE_ENTITIES, bronzeContract, bronzeContracts, VALUE_CHECKS } from '../../../schemas/bronze-contracts.ts';
import { GENERATED_TYPES } from '../../../schemas/codegen.ts';
import { lineage, sampleSale } from './bronze-fixtures.ts';


describe('bronze contracts', () => {
  it('has one contract per entity with its topic, DLQ, subject and key', () => {
    expect(bronzeContracts().map((c) => c.entity)).toEqual([...BRONZE_ENTITIES]);
    for (const contract of bronzeContracts()) {
      expect(contract.topic).toBe(`bronze.${contract.entity}`);
      expect(contract.dlqTopic).toBe(`dlq.${contract.entity}`);
      expect(contract.subject).toBe(`bronze.${contract.entity}-value`);
      expect(contract.schema.fields.map((f) => f.name)).toContain(contract.keyField);
      expect(contract.schema.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['extras', 'lineage']));
      for (const field of contract.schema.fields) {
        if (field['medallion.check'] !== undefined) expect(VALUE_CHECKS).toContain(field['medallion.check']);
      }
    }
  });

  it('round-trips a typed record: exact decimals, Dates, nulls and extras', () => {
    const { type } = bronzeContract('sales');
    expect(type.fromBuffer(type.toBuffer(sampleSale))).toEqual(sampleSale);
  });

  it('refuses a record that breaks the Avro types', () => {
    const { type } = bronzeContract('products');
    const product = { product_id: 1, product_name: 'Flour', price: '1.5000', category_id: 2, class: null, modify_date: null, resistant: null, is_allergic: null, vitality_days: null, extras: {}, lineage };
    expect(type.isValid(product)).toBe(true);
    expect(type.isValid({ ...product, price: 1.5 })).toBe(false);
    expect(type.isValid({ ...product, price: '123456789.12345' })).toBe(false);
    expect(type.isValid({ ...product, modify_date: 'yesterday' })).toBe(false);
  });

  it('keeps the generated TypeScript types in step with the schemas', () => {
    // On failure: run `medallion schemas generate` and commit schemas/generated/.
    for (const { path, render } of GENERATED_TYPES) expect(readFileSync(path, 'utf8')).toBe(render());
  });
});
