import { SILVER_ENTITY_NAMES, type SilverEntityName } from '../catalog/entities.ts';
import { pgCsvField } from './csv-text.ts';
import type { Value } from './source-contracts.ts';
import { formatDecimal, pgDate, pgTimestamp } from './value-format.ts';

/**
 * The truth as tables (schema `clean`), the input of warehouse/reference/gold.sql,
 * and the canonical text of expected/clean/*.csv: PostgreSQL's COPY … CSV output.
 */
export const CLEAN_TYPES = ['int', 'text', 'numeric(12,4)', 'numeric(5,4)', 'numeric(14,2)', 'timestamp(3)', 'date', 'boolean'] as const;
export type CleanType = (typeof CLEAN_TYPES)[number];

/** The clean tables: the catalog's silver entities. */
export const CLEAN_ENTITIES = SILVER_ENTITY_NAMES;
export type CleanEntity = SilverEntityName;

export interface CleanTable {
  readonly key: string;
  readonly columns: readonly (readonly [name: string, type: CleanType])[];
}

export const CLEAN_TABLES: { readonly [E in CleanEntity]: CleanTable } = {
  sales: {
    key: 'sale_id',
    columns: [
      ['sale_id', 'text'], ['channel', 'text'], ['order_id', 'text'], ['sold_at', 'timestamp(3)'], ['customer_id', 'int'],
      ['employee_id', 'int'], ['product_id', 'int'], ['quantity', 'int'], ['unit_price', 'numeric(12,4)'], ['discount', 'numeric(5,4)'],
      ['total_amount', 'numeric(14,2)'],
    ],
  },
  products: {
    key: 'product_id',
    columns: [
      ['product_id', 'int'], ['product_name', 'text'], ['price', 'numeric(12,4)'], ['category_id', 'int'], ['class', 'text'],
      ['modify_date', 'timestamp(3)'], ['resistant', 'text'], ['is_allergic', 'boolean'], ['vitality_days', 'int'],
    ],
  },
  employees: {
    key: 'employee_id',
    columns: [
      ['employee_id', 'int'], ['first_name', 'text'], ['middle_initial', 'text'], ['last_name', 'text'], ['birth_date', 'date'],
      ['gender', 'text'], ['city_id', 'int'], ['hire_date', 'timestamp(3)'],
    ],
  },
  customers: {
    key: 'customer_id',
    columns: [['customer_id', 'int'], ['first_name', 'text'], ['middle_initial', 'text'], ['last_name', 'text'], ['city_id', 'int'], ['address', 'text']],
  },
  countries: { key: 'country_id', columns: [['country_id', 'int'], ['country_name', 'text'], ['country_code', 'text']] },
  categories: { key: 'category_id', columns: [['category_id', 'int'], ['category_name', 'text']] },
  cities: { key: 'city_id', columns: [['city_id', 'int'], ['city_name', 'text'], ['zipcode', 'text'], ['country_id', 'int']] },
};

/** Numeric values are integers in units of 10^-scale of their column; timestamps and dates epoch ms. */
function cleanText(value: Value, type: CleanType): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'string') return value;
  switch (type) {
    case 'numeric(12,4)':
    case 'numeric(5,4)':
      return formatDecimal(value, 4);
    case 'numeric(14,2)':
      return formatDecimal(value, 2);
    case 'timestamp(3)':
      return pgTimestamp(value);
    case 'date':
      return pgDate(value);
    default:
      return String(value);
  }
}

export function cleanCsvHeader(entity: CleanEntity): string {
  return CLEAN_TABLES[entity].columns.map(([name]) => name).join(',') + '\n';
}

export function cleanCsvLine(entity: CleanEntity, values: readonly Value[]): string {
  const columns = CLEAN_TABLES[entity].columns;
  return columns.map(([, type], i) => pgCsvField(cleanText(values[i] ?? null, type))).join(',') + '\n';
}

/** CREATE SCHEMA/TABLE for the clean tables; keys are added by cleanKeysDdl after loading (faster COPY). */
export function cleanTablesDdl(): string {
  const tables = Object.entries(CLEAN_TABLES).map(
    ([name, table]) => `CREATE TABLE clean.${name} (${table.columns.map(([column, type]) => `${column} ${type}`).join(', ')});`,
  );
  return ['CREATE SCHEMA clean;', ...tables].join('\n');
}

export function cleanKeysDdl(): string {
  return Object.entries(CLEAN_TABLES)
    .map(([name, table]) => `ALTER TABLE clean.${name} ADD PRIMARY KEY (${table.key});`)
    .join('\n');
}
