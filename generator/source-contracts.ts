import { TABULAR_ENTITY_NAMES, type TabularEntityName } from '../catalog/entities.ts';

/**
 * The typed contract of every file and table source entity: fields in canonical
 * order (the order headerless files use), kind, required or nullable, and the
 * small rules that say how a text field becomes a value. Carts (JSON) are in carts.ts.
 */
export const FIELD_KINDS = ['int', 'decimal', 'text', 'name', 'timestamp', 'date', 'boolean'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** A typed value: ints and decimals are numbers (decimals in units of 10^-scale), timestamps and dates epoch ms (UTC). */
export type Value = number | string | boolean | null;
export type SourceRecord = readonly Value[];

export interface SourceField {
  /** The canonical header. */
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** decimal: the value is held in units of 10^-scale (the clean column's scale). */
  readonly scale?: number;
  /** decimal: the number of decimals a tidy file prints. */
  readonly decimals?: number;
  /** The header variant untidy files may use instead of the canonical name. */
  readonly alias?: string;
  /** The smallest valid value, in value units. */
  readonly min?: number;
  /** A blank field means 0 rather than null. */
  readonly blankIsZero?: boolean;
  /** 0 means "missing", read as null. */
  readonly zeroIsNull?: boolean;
  /** text: the only valid values. */
  readonly choices?: readonly string[];
  /** boolean: the word that means null. */
  readonly unknownWord?: string;
}

/** The file and table entities: the catalog's tabular ones. */
export const SOURCE_ENTITIES = TABULAR_ENTITY_NAMES;
export type SourceEntity = TabularEntityName;

export interface SourceContract {
  readonly entity: SourceEntity;
  /** Field 0 is always the key. */
  readonly fields: readonly SourceField[];
}

const id = (name: string, alias?: string): SourceField => (alias === undefined ? { name, kind: 'int', required: true } : { name, kind: 'int', required: true, alias });

export const SOURCE_CONTRACTS: { readonly [E in SourceEntity]: SourceContract } = {
  sales: {
    entity: 'sales',
    fields: [
      id('SalesID', 'TransactionID'),
      id('SalesPersonID'),
      id('CustomerID'),
      id('ProductID'),
      { name: 'Quantity', kind: 'int', required: true, min: 1 },
      { name: 'Discount', kind: 'decimal', required: false, scale: 4, decimals: 2, min: 0, blankIsZero: true },
      { name: 'TotalPrice', kind: 'decimal', required: false, scale: 2, decimals: 2, min: 0, zeroIsNull: true },
      { name: 'SalesDate', kind: 'timestamp', required: true, alias: 'TransactionDate' },
      { name: 'TransactionNumber', kind: 'text', required: true },
    ],
  },
  products: {
    entity: 'products',
    fields: [
      id('ProductID'),
      { name: 'ProductName', kind: 'name', required: true },
      { name: 'Price', kind: 'decimal', required: true, scale: 4, decimals: 4, min: 0 },
      id('CategoryID'),
      { name: 'Class', kind: 'text', required: false, choices: ['Low', 'Medium', 'High'] },
      { name: 'ModifyDate', kind: 'timestamp', required: false },
      { name: 'Resistant', kind: 'text', required: false, choices: ['Durable', 'Weak', 'Unknown'] },
      { name: 'IsAllergic', kind: 'boolean', required: false, unknownWord: 'Unknown' },
      { name: 'VitalityDays', kind: 'int', required: false, min: 0 },
    ],
  },
  employees: {
    entity: 'employees',
    fields: [
      id('EmployeeID'),
      { name: 'FirstName', kind: 'name', required: true },
      { name: 'MiddleInitial', kind: 'name', required: false, alias: 'MiddleName' },
      { name: 'LastName', kind: 'name', required: true },
      { name: 'BirthDate', kind: 'date', required: false },
      { name: 'Gender', kind: 'text', required: false, choices: ['M', 'F'] },
      id('CityID'),
      { name: 'HireDate', kind: 'timestamp', required: false },
    ],
  },
  customers: {
    entity: 'customers',
    fields: [
      id('CustomerID'),
      { name: 'FirstName', kind: 'name', required: true },
      { name: 'MiddleInitial', kind: 'name', required: false, alias: 'MiddleName' },
      { name: 'LastName', kind: 'name', required: true },
      id('CityID'),
      { name: 'Address', kind: 'text', required: false },
    ],
  },
  countries: {
    entity: 'countries',
    fields: [id('CountryID'), { name: 'CountryName', kind: 'name', required: true }, { name: 'CountryCode', kind: 'text', required: false }],
  },
  categories: {
    entity: 'categories',
    fields: [id('CategoryID'), { name: 'CategoryName', kind: 'name', required: true }],
  },
  cities: {
    entity: 'cities',
    fields: [id('CityID'), { name: 'CityName', kind: 'name', required: true }, { name: 'Zipcode', kind: 'text', required: false }, id('CountryID')],
  },
};

export function fieldIndex(contract: SourceContract, name: string): number {
  const index = contract.fields.findIndex((f) => f.name === name);
  if (index < 0) throw new RangeError(`${contract.entity} has no field ${name}.`);
  return index;
}
