import { describe, expect, it } from 'vitest';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';
import type { Lineage } from '../../../schemas/generated/bronze-types.ts';
import { contractColumns } from '../../../connectors/contract/contract-columns.ts';
import { deadLetterReason } from '../../../schemas/dead-letter-rules.ts';
import { layoutOf } from '../../../connectors/contract/header-mapping.ts';
import { rowToRecord } from '../../../connectors/contract/row-to-record.ts';

const sales = contractColumns(bronzeContract('sales'));
const lineage: Lineage = { source_kind: 'file', source_uri: '/landing/sales-0001.csv', source_position: 'line 2', source_sequence: 7, ingested_at: new Date(0) };
const header = ['TransactionID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'Discount', 'TransactionDate', 'TransactionNumber', 'StoreNote'];
const good = ['11', '2', '3', '4', '5', '', '2018-02-05T07:38:25.430Z', ' TR-1 ', 'window'];

describe('row to record', () => {
  it('keeps a column headed __proto__ under its position, through an Avro write and read', () => {
    const outcome = rowToRecord(layoutOf([...header.slice(0, 8), '__proto__'], sales, 'sales_id'), good, lineage);
    if (outcome.kind !== 'record') throw new Error(`refused: ${JSON.stringify(outcome)}`);
    const type = bronzeContract('sales').type;
    const read = type.fromBuffer(type.toBuffer(outcome.record)) as { extras: Record<string, string> };
    expect(Object.entries(read.extras)).toEqual([['__proto___9', 'window']]);
  });

  it('types a row by its header: a missing nullable column is null, unknown columns go to extras, lineage is kept', () => {
    const outcome = rowToRecord(layoutOf(header, sales, 'sales_id'), good, lineage);
    expect(outcome).toEqual({
      kind: 'record',
      record: {
        sales_id: 11,
        sales_person_id: 2,
        customer_id: 3,
        product_id: 4,
        quantity: 5,
        discount: null,
        total_price: null,
        sales_date: new Date('2018-02-05T07:38:25.430Z'),
        transaction_number: ' TR-1 ',
        extras: { StoreNote: 'window' },
        lineage,
      },
    });
    // The record is exactly what the contract can encode.
    expect(bronzeContract('sales').type.isValid((outcome as { record: unknown }).record)).toBe(true);
  });

  it('rejects a row with the rule, the field and the value that broke it', () => {
    const layout = layoutOf(header, sales, 'sales_id');
    const withCell = (i: number, text: string): string[] => good.map((cell, j) => (j === i ? text : cell));
    expect(rowToRecord(layout, withCell(4, '-2'), lineage)).toEqual({ kind: 'rejected', rule: 'out-of-range', field: 'quantity', value: '-2', detail: 'must be greater than 0' });
    expect(rowToRecord(layout, withCell(5, '0.125'), lineage)).toEqual({ kind: 'rejected', rule: 'too-many-decimals', field: 'discount', value: '0.125' });
    expect(rowToRecord(layout, withCell(0, ''), lineage)).toEqual({ kind: 'rejected', rule: 'missing-required', field: 'sales_id', value: '' });
    expect(rowToRecord(layout, withCell(2, 'N/A'), lineage)).toEqual({ kind: 'rejected', rule: 'malformed-number', field: 'customer_id', value: 'N/A' });
    expect(rowToRecord(layout, withCell(6, '2018-13-45'), lineage)).toEqual({ kind: 'rejected', rule: 'impossible-date', field: 'sales_date', value: '2018-13-45' });
  });

  it('rejects rows with too few or too many cells, naming the first field without a cell', () => {
    const headerless = layoutOf(['1', '2', '3', '4', '5', '0.1', '9.99', '2018-02-05', 'TR1'], sales, 'sales_id');
    expect(rowToRecord(headerless, ['1', '2', '3', '4', '5', '0.1'], lineage)).toEqual({ kind: 'rejected', rule: 'too-few-columns', field: 'total_price', value: null });
    expect(rowToRecord(layoutOf(header, sales, 'sales_id'), [...good, 'x'], lineage)).toMatchObject({ kind: 'rejected', rule: 'too-many-columns', field: null });
  });

  it('rejects every row of a file that lacks a required column', () => {
    const layout = layoutOf(['SalesID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'TransactionNumber'], sales, 'sales_id');
    expect(rowToRecord(layout, ['1', '2', '3', '4', '5', 'TR1'], lineage)).toEqual({ kind: 'rejected', rule: 'missing-column', field: 'sales_date', value: null });
  });

  it('says the rule first in a dead letter’s reason', () => {
    expect(deadLetterReason('out-of-range', 'quantity', 'must be greater than 0')).toBe('out-of-range: quantity is outside its contract’s range (must be greater than 0)');
    expect(deadLetterReason('too-many-decimals', 'discount')).toBe('too-many-decimals: discount has more decimal places than its contract allows');
    expect(deadLetterReason('too-many-columns', null)).toMatch(/^too-many-columns: the row has more cells/);
  });
});
