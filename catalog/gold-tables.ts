import type { GoldKeys, GoldRecords } from '../schemas/generated/gold-types.ts';

/**
 * How a key column is written in a key's text (columns joined by '|') and
 * read back: an int as its digits, a date as YYYY-MM-DD, text as it is.
 * Also how rows sort: numbers as numbers, text in byte order (COLLATE "C").
 */
export const KEY_CODECS = ['int', 'date', 'text'] as const;
export type KeyCodec = (typeof KEY_CODECS)[number];

/** One gold table, as the rest of the project derives its lists from it. */
export interface GoldTableSpec<T extends keyof GoldRecords> {
  /** The key columns in key order, each with its codec: the contract's "medallion.key" (schemas/gold/<table>.avsc) and the table's primary key. */
  readonly key: readonly (readonly [column: keyof GoldKeys[T] & string, codec: KeyCodec])[];
  /** The column whose newest value says how recent the table's data is (the dashboard's freshness panel); null when none does. */
  readonly clock: (keyof GoldRecords[T] & string) | null;
}

/**
 * The gold tables of the warehouse contract (DESIGN.md), in the order every
 * list of them takes. A table is declared here once; its contract is
 * schemas/gold/<table>.avsc, its table warehouse/migrations/, its rows
 * processors/gold/gold-rows.ts (a compile error until they exist). The
 * catalog's drift test (test/unit/catalog/) checks the SQL and Python files
 * that name the tables.
 */
export const GOLD_TABLES = {
  fact_sales: { key: [['sale_id', 'text']], clock: 'sold_at' },
  dim_product: { key: [['product_id', 'int']], clock: 'modify_date' },
  dim_customer: { key: [['customer_id', 'int']], clock: null },
  dim_employee: { key: [['employee_id', 'int']], clock: null },
  sales_daily: {
    key: [
      ['sale_date', 'date'],
      ['channel', 'text'],
    ],
    clock: 'sale_date',
  },
  product_performance: { key: [['product_id', 'int']], clock: null },
  employee_metrics: { key: [['employee_id', 'int']], clock: null },
  customer_metrics: { key: [['customer_id', 'int']], clock: 'last_purchase_at' },
} as const satisfies { readonly [T in keyof GoldRecords]: GoldTableSpec<T> };

export type GoldTableName = keyof typeof GOLD_TABLES;
export const GOLD_TABLE_NAMES = Object.keys(GOLD_TABLES) as readonly GoldTableName[];

/** The table's key columns, in key order. */
export function goldKeyColumns(table: GoldTableName): readonly string[] {
  return GOLD_TABLES[table].key.map(([column]) => column);
}
