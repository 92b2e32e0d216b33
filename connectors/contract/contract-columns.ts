import type { BronzeContract, FieldSchema, ValueCheck } from '../../schemas/bronze-contracts.ts';
import type { DecimalSpec } from '../../schemas/avro/decimal.ts';

/** How the text of one CSV cell becomes the value of a contract field. */
export type ColumnType =
  | { readonly kind: 'int' }
  | { readonly kind: 'long' }
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'date' }
  /** `decimals`: the most fraction digits a source may write (the contract's, up to the Avro scale). */
  | ({ readonly kind: 'decimal'; readonly decimals: number } & DecimalSpec);

/** A contract field that a CSV column can fill (everything but `extras` and `lineage`). */
export interface ContractColumn {
  readonly name: string;
  /** How people write its header: the contract's aliases as written (`SalesID`, `TransactionID`), else its name. */
  readonly headers: readonly string[];
  /** The normalized spellings a header may use: the field's name and its aliases. */
  readonly spellings: readonly string[];
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly check: ValueCheck | undefined;
}

/** Lower case, without spaces, underscores or punctuation: `Sales Person_ID` → `salespersonid`. */
export function normalizeHeader(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The contract's columns in field order: the order headerless files use. */
export function contractColumns(contract: BronzeContract): readonly ContractColumn[] {
  return fieldColumns(contract.schema.fields);
}

/** The columns of a record's scalar fields (a nested record's too, e.g. a cart's lines), in field order. */
export function fieldColumns(fields: readonly FieldSchema[]): readonly ContractColumn[] {
  return fields.flatMap((field) => {
    const typed = columnTypeOf(field.type);
    if (typed === undefined) return [];
    return [
      {
        name: field.name,
        headers: field.aliases !== undefined && field.aliases.length > 0 ? field.aliases : [field.name],
        spellings: [...new Set([field.name, ...(field.aliases ?? [])].map(normalizeHeader))],
        type: typed.type.kind === 'decimal' ? { ...typed.type, decimals: field['medallion.decimals'] ?? typed.type.scale } : typed.type,
        nullable: typed.nullable,
        check: field['medallion.check'],
      },
    ];
  });
}

function columnTypeOf(schema: FieldSchema['type']): { type: ColumnType; nullable: boolean } | undefined {
  if (Array.isArray(schema)) {
    const branches = schema.filter((branch) => branch !== 'null');
    if (branches.length !== 1) return undefined;
    const inner = columnTypeOf(branches[0]);
    return inner === undefined ? undefined : { type: inner.type, nullable: branches.length < schema.length };
  }
  const type = scalarType(schema);
  return type === undefined ? undefined : { type, nullable: false };
}

function scalarType(schema: unknown): ColumnType | undefined {
  if (schema === 'int' || schema === 'long' || schema === 'string' || schema === 'boolean') return { kind: schema };
  if (typeof schema !== 'object' || schema === null) return undefined;
  const s = schema as { type?: unknown; logicalType?: unknown; precision?: number; scale?: number };
  if (s.logicalType === 'decimal') return { kind: 'decimal', precision: s.precision ?? 0, scale: s.scale ?? 0, decimals: s.scale ?? 0 };
  if (s.logicalType === 'timestamp-millis') return { kind: 'timestamp' };
  if (s.logicalType === 'date') return { kind: 'date' };
  if (s.logicalType === undefined && typeof s.type === 'string') return scalarType(s.type);
  return undefined;
}
