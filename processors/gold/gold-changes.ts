import type { GoldTableName } from '../../schemas/layer-contracts.ts';
import type { GoldModel } from './gold-model.ts';
import { GOLD_ROWS } from './gold-rows.ts';
import type { GoldStores } from './gold-stores.ts';

/** A gold row that changed: its table, its key's text, and its new value (null: the row is gone). */
export interface GoldChange {
  readonly table: GoldTableName;
  readonly key: string;
  readonly row: object | null;
}

/**
 * The gold rows one silver record touches. A handler touches every row it may
 * change *before* changing the state, which records the row as it was; `changes`
 * then returns the rows whose value differs now — a retraction and an addition
 * that cancel out emit nothing.
 */
export class TouchedRows {
  private readonly before = new Map<string, [GoldTableName, string, object | null]>();

  constructor(
    private readonly stores: GoldStores,
    private readonly model: GoldModel,
  ) {}

  touch(table: GoldTableName, key: string | number): void {
    const text = String(key);
    const id = `${table}/${text}`;
    if (!this.before.has(id)) this.before.set(id, [table, text, GOLD_ROWS[table](this.stores, this.model, text)]);
  }

  changes(): GoldChange[] {
    const changes: GoldChange[] = [];
    for (const [table, key, before] of this.before.values()) {
      const row = GOLD_ROWS[table](this.stores, this.model, key);
      if (!sameRow(row, before)) changes.push({ table, key, row });
    }
    return changes;
  }
}

/** Rows of one table have the same fields: equal when every value is (Dates by their time). */
function sameRow(a: object | null, b: object | null): boolean {
  if (a === null || b === null) return a === b;
  const other = b as Record<string, unknown>;
  for (const [field, value] of Object.entries(a)) {
    const that = other[field];
    if (value === that) continue;
    if (!(value instanceof Date && that instanceof Date && value.getTime() === that.getTime())) return false;
  }
  return true;
}
