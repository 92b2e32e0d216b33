import { describe, expect, it } from 'vitest';
import { changeToBronze } from '../../../processors/mysql-cdc/change-to-bronze.ts';
import { RecordRuleError } from '../../../processors/runtime/processor-error.ts';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { changeEvent } from './change-events.ts';

const lineage = { source_kind: 'mysql', source_uri: 'operational.categories', ingested_at: new Date(1795496773642) } as const;

function refusal(run: () => unknown): RecordRuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof RecordRuleError) return error;
    throw error;
  }
  throw new Error('the event was not refused');
}

describe('a Debezium change event in bronze', () => {
  it('is a snapshot row under the contract: fields by their source names, lineage with the snapshot position', () => {
    const change = changeToBronze('categories', changeEvent('r', { after: { CategoryID: 1, CategoryName: 'Bakery' } }, { snapshot: 'first' }), 0);
    expect(change).toEqual({
      kind: 'upsert',
      record: { category_id: 1, category_name: 'Bakery', extras: {}, lineage: { ...lineage, source_position: 'mariadb-bin.000004:1666 snapshot', source_sequence: 0 } },
    });
  });

  it('is an insert or update with its binlog position, and the row within a multi-row event', () => {
    const update = changeToBronze('categories', changeEvent('u', { before: { CategoryID: 1, CategoryName: 'Bakery' }, after: { CategoryID: 1, CategoryName: 'Bread' } }, { pos: 3418n }), 3);
    expect(update).toMatchObject({ kind: 'upsert', record: { category_name: 'Bread', lineage: { source_position: 'mariadb-bin.000004:3418', source_sequence: 3 } } });
    const second = changeToBronze('categories', changeEvent('c', { after: { CategoryID: 6, CategoryName: 'B' } }, { pos: 4468n, row: 1 }), 7);
    expect(second).toMatchObject({ record: { lineage: { source_position: 'mariadb-bin.000004:4468 row 1' } } });
  });

  it('is a delete of the row key, with the lineage of the delete', () => {
    const change = changeToBronze('categories', changeEvent('d', { before: { CategoryID: 2, CategoryName: 'Dairy' } }, { pos: 3675n }), 4);
    expect(change).toEqual({ kind: 'delete', key: '2', lineage: { ...lineage, source_position: 'mariadb-bin.000004:3675', source_sequence: 4 } });
  });

  it('keeps columns the contract does not know (a column added to the table) in extras, as text', () => {
    const after = { CategoryID: 4, CategoryName: 'Tea', Aisle: 7, Launched: '2024-02-03Z', Margin: '12.50', Stock: 9007199254740993n, Photo: Buffer.from('hi'), Retired: null };
    const change = changeToBronze('categories', changeEvent('c', { after }), 5);
    expect(change.kind === 'upsert' ? change.record.extras : undefined).toEqual({ Aisle: '7', Launched: '2024-02-03Z', Margin: '12.50', Stock: '9007199254740993', Photo: 'aGk=' });
  });

  it('fills a nullable contract field from a null column, and a city from its columns', () => {
    const change = changeToBronze('cities', changeEvent('c', { after: { CityID: 2, CityName: 'Oslo', Zipcode: null, CountryID: 4 } }, { table: 'cities' }), 1);
    expect(change).toMatchObject({ kind: 'upsert', record: { city_id: 2, city_name: 'Oslo', zipcode: null, country_id: 4, lineage: { source_uri: 'operational.cities' } } });
    if (change.kind === 'upsert') expect(bronzeContract('cities').type.isValid(change.record)).toBe(true);
  });

  it('is refused when a required column is gone or null, naming the field', () => {
    const dropped = refusal(() => changeToBronze('categories', changeEvent('c', { after: { CategoryID: 1 } }), 0));
    expect([dropped.rule, dropped.field]).toEqual(['missing-column', 'category_name']);
    const nulled = refusal(() => changeToBronze('categories', changeEvent('u', { after: { CategoryID: 1, CategoryName: null } }), 0));
    expect(nulled.field).toBe('category_name');
  });

  it('takes a column widened to BIGINT while its values fit, and refuses one whose type the contract cannot hold', () => {
    const widened = changeToBronze('cities', changeEvent('c', { after: { CityID: 5n, CityName: 'Rome', CountryID: 1 } }, { table: 'cities' }), 0);
    expect(widened).toMatchObject({ kind: 'upsert', record: { city_id: 5 } });
    const beyond = refusal(() => changeToBronze('cities', changeEvent('c', { after: { CityID: 2n ** 40n, CityName: 'Rome', CountryID: 1 } }, { table: 'cities' }), 0));
    expect([beyond.field, beyond.value]).toEqual(['city_id', String(2n ** 40n)]);
    const text = refusal(() => changeToBronze('cities', changeEvent('c', { after: { CityID: 'R5', CityName: 'Rome', CountryID: 1 } }, { table: 'cities' }), 0));
    expect([text.field, text.value]).toEqual(['city_id', 'R5']);
  });

  it('is nothing for a truncate', () => {
    expect(changeToBronze('categories', changeEvent('t', {}), 0)).toEqual({ kind: 'none', reason: 'truncate' });
  });
});
