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
 * The gold rows a batch of silver records touches. A handler touches every row
 * it may change *before* changing the state, so the first touch of a row records
 * it as it was before the batch; `changes` then returns the rows whose value
 * differs now — changes that cancel out within the batch emit nothing.
 */
export class TouchedRows {
  private readonly before = new Map<GoldTableName, Map<string, object | null>>();

  constructor(
    private readonly stores: GoldStores,
    /** The model rows are read from: the processor points it at the current one (a rebuild replaces it). */
    public model: GoldModel,
  ) {}

  touch(table: GoldTableName, key: string | number): void {
    let rows = this.before.get(table);
    if (rows === undefined) this.before.set(table, (rows = new Map()));
    const text = String(key);
    if (!rows.has(text)) rows.set(text, GOLD_ROWS[table](this.stores, this.model, text));
  }

  changes(): GoldChange[] {
    const changes: GoldChange[] = [];
    for (const [table, rows] of this.before) {
      for (const [key, before] of rows) {
        const row = GOLD_ROWS[table](this.stores, this.model, key);
        if (!sameRow(row, before)) changes.push({ table, key, row });
      }
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
