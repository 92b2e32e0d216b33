import type { Lineage } from '../../schemas/generated/bronze-types.ts';
import { BadValue, type DeadLetterRule } from './dead-letter-rules.ts';
import type { TabularRecord } from './entity-columns.ts';
import type { RowLayout } from './header-mapping.ts';
import { coerceCell } from './value-coercion.ts';

/** A row the contract refused: the rule, and the field and cell text that broke it (when one did). */
export interface RowRejection {
  readonly kind: 'rejected';
  readonly rule: DeadLetterRule;
  readonly field: string | null;
  readonly value: string | null;
}

export type RowOutcome = { readonly kind: 'record'; readonly record: TabularRecord } | RowRejection;

/**
 * Types one row (a CSV record, a table row) by its entity's contract: each field from its column (a
 * missing nullable column is null), unknown columns into `extras` verbatim, and
 * the lineage given. The first field that breaks a rule rejects the whole row.
 */
export function rowToRecord(layout: RowLayout, cells: readonly string[], lineage: Lineage): RowOutcome {
  const [missing] = layout.missingRequired;
  if (missing !== undefined) return { kind: 'rejected', rule: 'missing-column', field: missing, value: null };
  if (cells.length < layout.width) return { kind: 'rejected', rule: 'too-few-columns', field: firstFieldBeyond(layout, cells.length), value: null };
  if (cells.length > layout.width) return { kind: 'rejected', rule: 'too-many-columns', field: null, value: null };
  const record: Record<string, unknown> = {};
  const { columns, cellIndex } = layout;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const text = cells[cellIndex[i]!];
    const value = coerceCell(text, column);
    if (value instanceof BadValue) return { kind: 'rejected', rule: value.rule, field: column.name, value: text ?? null };
    record[column.name] = value;
  }
  const extras: Record<string, string> = {};
  for (const extra of layout.extras) extras[extra.name] = cells[extra.index] ?? '';
  record.extras = extras;
  record.lineage = lineage;
  return { kind: 'record', record: record as unknown as TabularRecord };
}

/** The first contract field (in the file's column order) whose cell a row of `cells` cells lacks. */
function firstFieldBeyond(layout: RowLayout, cells: number): string | null {
  let first: string | null = null;
  let firstIndex = Infinity;
  layout.cellIndex.forEach((index, i) => {
    if (index >= cells && index < firstIndex) [first, firstIndex] = [layout.columns[i]!.name, index];
  });
  return first;
}
