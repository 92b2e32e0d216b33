import type { Lineage } from '../../schemas/generated/bronze-types.ts';
import type { DeadLetterRule } from '../../schemas/dead-letter-rules.ts';
import { BadValue } from './dead-letter-rules.ts';
import type { TabularRecord } from './entity-columns.ts';
import type { RowLayout } from './header-mapping.ts';
import { coerceCell } from './value-coercion.ts';

/** A row the contract refused: the rule, the field and cell text that broke it (when one did), and the bound it missed (out-of-range). */
export interface RowRejection {
  readonly kind: 'rejected';
  readonly rule: DeadLetterRule;
  readonly field: string | null;
  readonly value: string | null;
  readonly detail?: string;
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
    if (value instanceof BadValue) return rejected(value, column.name, text ?? null);
    record[column.name] = value;
  }
  const extras: Record<string, string> = {};
  for (const extra of layout.extras) extras[extra.name] = cells[extra.index] ?? '';
  record.extras = extras;
  record.lineage = lineage;
  return { kind: 'record', record: record as unknown as TabularRecord };
}

/** The refusal of a cell; `detail` only when the rule has one, so refusals compare equal by their fields. */
export function rejected(bad: BadValue, field: string, value: string | null): RowRejection {
  return bad.detail === undefined ? { kind: 'rejected', rule: bad.rule, field, value } : { kind: 'rejected', rule: bad.rule, field, value, detail: bad.detail };
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
