import { extrasKey } from './extras-key.ts';
import { normalizeHeader, type ContractColumn } from './contract-columns.ts';

/** A column the contract does not know, kept in `extras` under its source header. */
export interface ExtraColumn {
  readonly index: number;
  readonly name: string;
}

/**
 * Where each contract field is in a file's rows. Derived from the file's header
 * cells (or their absence) alone, so a checkpoint keeps the cells and a restart
 * derives the same layout.
 */
export interface RowLayout {
  /** The header cells as the file spelled them; null for a headerless file. */
  readonly header: readonly string[] | null;
  readonly columns: readonly ContractColumn[];
  /** Per contract column (same order), its cell index in a row, or -1 when the file lacks it. */
  readonly cellIndex: readonly number[];
  readonly extras: readonly ExtraColumn[];
  /** How many cells every row must have. */
  readonly width: number;
  /** Required contract fields the file has no column for: every row is bad. */
  readonly missingRequired: readonly string[];
  /**
   * Set when the first row names contract fields but not the key: a header this
   * contract cannot read, so the document fails as a whole. Says which headers were
   * found and which were expected.
   */
  readonly unmatched: string | null;
}

/** The layout of a file whose first row is `header`: columns found by name or alias, case and spacing ignored. */
export function layoutFromHeader(header: readonly string[], columns: readonly ContractColumn[]): RowLayout {
  const cellIndex = columns.map(() => -1);
  const extras: ExtraColumn[] = [];
  header.forEach((cell, index) => {
    const normalized = normalizeHeader(cell);
    const field = columns.findIndex((c, i) => cellIndex[i] === -1 && c.spellings.includes(normalized));
    if (field === -1) extras.push({ index, name: extraName(cell, index, extras) });
    else cellIndex[field] = index;
  });
  return {
    header,
    columns,
    cellIndex,
    extras,
    width: header.length,
    missingRequired: columns.filter((c, i) => cellIndex[i] === -1 && !c.nullable).map((c) => c.name),
    unmatched: null,
  };
}

/**
 * The layout of a headerless file whose first row has `cells` cells: the
 * contract's fields in order, then any further cells as extras named `column_<n>` (1-based).
 */
export function layoutWithoutHeader(cells: number, columns: readonly ContractColumn[]): RowLayout {
  const width = Math.max(columns.length, cells);
  const extras: ExtraColumn[] = [];
  for (let index = columns.length; index < width; index++) extras.push({ index, name: `column_${index + 1}` });
  return { header: null, columns, cellIndex: columns.map((_, i) => i), extras, width, missingRequired: [], unmatched: null };
}

/**
 * The layout for a document's first row (generator/README.md, "Header or not"): a
 * header when it holds the key field's name or an alias; otherwise headerless —
 * unless it names other contract fields, which makes it a header without the key:
 * the document cannot be read (`unmatched`). Unknown columns never decide.
 */
export function layoutOf(firstRow: readonly string[], columns: readonly ContractColumn[], keyField: string): RowLayout {
  const key = columns.find((c) => c.name === keyField)!;
  const cells = firstRow.map(normalizeHeader);
  if (cells.some((cell) => key.spellings.includes(cell))) return layoutFromHeader(firstRow, columns);
  const named = columns.filter((c) => cells.some((cell) => c.spellings.includes(cell)));
  if (named.length === 0) return layoutWithoutHeader(firstRow.length, columns);
  const unmatched = `found the headers ${firstRow.map((h) => JSON.stringify(h)).join(', ')}; expected the key ${key.headers.join(' or ')} beside ${columns
    .filter((c) => c !== key)
    .map((c) => c.headers[0])
    .join(', ')}`;
  return { ...layoutFromHeader(firstRow, columns), unmatched };
}

/** A blank, repeated or reserved unknown header still needs a distinct key in `extras`. */
function extraName(cell: string, index: number, taken: readonly ExtraColumn[]): string {
  const name = cell.trim() === '' ? `column_${index + 1}` : extrasKey(cell, index + 1);
  return taken.some((e) => e.name === name) ? `${name}_${index + 1}` : name;
}
