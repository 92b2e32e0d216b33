import type { BronzeSale, Lineage } from '../../../schemas/generated/bronze-types.ts';

/** A typed bronze record with every kind of value: exact decimals, a Date, a null, extras and lineage. */
export const lineage: Lineage = { source_kind: 'file', source_uri: '/landing/sales-0001.csv', source_position: 'line 2', source_sequence: 1, ingested_at: new Date('2026-11-24T01:02:03.456Z') };

export const sampleSale: BronzeSale = {
  sales_id: 7,
  sales_person_id: 3,
  customer_id: 11,
  product_id: 5,
  quantity: 2,
  discount: '0.1000',
  total_price: null,
  sales_date: new Date('2018-02-05T07:38:25.430Z'),
  transaction_number: 'FQL4S94E4ME1EZFTG42G',
  extras: { StoreNote: 'late' },
  lineage,
};
