import type { SourceEntity, SourceField } from './source-contracts.ts';
import type { DateFormat } from './value-format.ts';

/**
 * How each source file is laid out. Tidy output uses TIDY_STYLE for every file;
 * untidy output gives every file its own style from the fixed tables below, so each
 * kind of untidiness appears at any scale and the same file always looks the same.
 */
export const HEADER_STYLES = ['canonical', 'alias', 'lower', 'spaced', 'snake', 'none'] as const;
export type HeaderStyle = (typeof HEADER_STYLES)[number];

export interface ExtraColumn {
  /** The header of a column no contract knows. */
  readonly header: string;
  /** Inserted after this canonical field; at the end when absent. */
  readonly after?: string;
  readonly values: readonly string[];
}

export interface FileStyle {
  readonly header: HeaderStyle;
  readonly bom: boolean;
  readonly crlf: boolean;
  /** The timestamp format of the file, or a random one per value. */
  readonly dates: DateFormat | 'mixed';
  readonly extras: readonly ExtraColumn[];
  /** Nullable fields the file has no column for: their values are null. */
  readonly missing: readonly string[];
}

export const TIDY_STYLE: FileStyle = { header: 'canonical', bom: false, crlf: false, dates: 'iso', extras: [], missing: [] };

const style = (overrides: Partial<FileStyle>): FileStyle => ({ ...TIDY_STYLE, ...overrides });

const STORE_NOTE: ExtraColumn = {
  header: 'StoreNote',
  after: 'Quantity',
  values: ['', 'paid cash', 'loyalty card', 'left at counter, customer will return', 'see "notes" tab'],
};
const LOADED_BY: ExtraColumn = { header: 'loaded_by', values: ['etl-batch-1', 'jdoe', 'import-svc'] };

/** Sales file i uses SALES_STYLES[i % 8]; there are always at least 8 sales files. */
export const SALES_STYLES: readonly FileStyle[] = [
  style({}),
  style({ header: 'alias', dates: 'iso-t', bom: true }),
  style({ header: 'lower', dates: 'us', crlf: true }),
  style({ header: 'none' }),
  style({ header: 'spaced', dates: 'de', extras: [STORE_NOTE, LOADED_BY] }),
  style({ header: 'snake', missing: ['TotalPrice'] }),
  style({ header: 'alias', dates: 'mixed', bom: true, crlf: true }),
  style({ dates: 'iso-t', extras: [LOADED_BY] }),
];

/**
 * Untidy dimension files, in name order. File 0 holds most keys, file 1 the newer
 * versions of keys first written in file 0 (corrections), file 2 keys that arrive
 * late (products and employees referenced by the first sales file).
 */
export const DIMENSION_STYLES = {
  products: [style({ dates: 'mixed' }), style({ header: 'lower', dates: 'iso-t', crlf: true, extras: [LOADED_BY] }), style({ header: 'none', bom: true })],
  employees: [style({ dates: 'us' }), style({ header: 'alias', dates: 'de', crlf: true }), style({ header: 'snake', dates: 'iso-t', missing: ['MiddleInitial'] })],
  customers: [style({ header: 'alias', bom: true, crlf: true, extras: [LOADED_BY] }), style({ header: 'lower' }), style({ header: 'spaced', missing: ['MiddleInitial'] })],
  countries: [style({ bom: true }), style({ header: 'lower', crlf: true })],
} as const satisfies Partial<Record<SourceEntity, readonly FileStyle[]>>;

export function salesStyle(fileIndex: number, untidy: boolean): FileStyle {
  return untidy ? (SALES_STYLES[fileIndex % SALES_STYLES.length] ?? TIDY_STYLE) : TIDY_STYLE;
}

/** The header text of a field in a style: `SalesPersonID` → `salespersonid`, `sales person id`, `Sales_Person_ID`. */
export function headerText(field: SourceField, header: HeaderStyle): string {
  const words = field.name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [field.name];
  switch (header) {
    case 'alias':
      return field.alias ?? field.name;
    case 'lower':
      return field.name.toLowerCase();
    case 'spaced':
      return words.join(' ').toLowerCase();
    case 'snake':
      return words.join('_');
    default:
      return field.name;
  }
}
