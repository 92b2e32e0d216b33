import { bronzeContract } from '../../schemas/bronze-contracts.ts';
import type { BronzeCart, Lineage } from '../../schemas/generated/bronze-types.ts';
import { fieldColumns, normalizeHeader, type ContractColumn } from '../contract/contract-columns.ts';
import { BadValue } from '../contract/dead-letter-rules.ts';
import type { Refusal } from '../contract/dead-letters.ts';
import { extrasKey } from '../contract/extras-key.ts';
import { coerceCell } from '../contract/value-coercion.ts';
import { rejected } from '../contract/row-to-record.ts';

const CART_FIELDS = bronzeContract('carts').schema.fields;
const LINES_FIELD = CART_FIELDS.find((f) => f.name === 'lines')!;
const CART_COLUMNS = fieldColumns(CART_FIELDS);
const LINE_COLUMNS = fieldColumns((LINES_FIELD.type as { items: { fields: typeof CART_FIELDS } }).items.fields);
const LINES_SPELLINGS = [LINES_FIELD.name, ...(LINES_FIELD.aliases ?? [])].map(normalizeHeader);

export type CartOutcome = { readonly kind: 'record'; readonly record: BronzeCart } | ({ readonly kind: 'rejected' } & Refusal);

type Json = Readonly<Record<string, unknown>>;

/**
 * Types one cart of the API (dummyjson's shape) by the bronze carts contract,
 * the way a CSV row is typed: keys found by field name or alias (`userId`,
 * `products`, `discountPercentage`), case and punctuation ignored; each value
 * through the same coercion as a CSV cell (exact decimals, the accepted
 * timestamps, the contract's checks); keys the contract does not know kept in
 * `extras` verbatim (a line's as `products[i].key`). The first field that
 * breaks a rule refuses the whole cart.
 */
export function cartToRecord(cart: unknown, lineage: Lineage): CartOutcome {
  try {
    return typedCart(cart, lineage);
  } catch (error) {
    // JSON.stringify recurses: a value nested deeper than the stack allows cannot be kept as text, so the cart is refused, not the page retried for ever.
    if (!(error instanceof RangeError) || !isObject(cart)) throw error;
    const field = Object.keys(cart).find((key) => !writable(cart[key])) ?? null;
    return { kind: 'rejected', rule: 'wrong-type', field, value: null, detail: 'a JSON value nested too deeply to be kept as text' };
  }
}

/** Whether JSON.stringify can write `value`. */
export function writable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}

function typedCart(cart: unknown, lineage: Lineage): CartOutcome {
  if (!isObject(cart)) return { kind: 'rejected', rule: 'not-an-object', field: null, value: null };
  const extras: Record<string, string> = {};
  const record = typed(cart, CART_COLUMNS, '', extras, LINES_SPELLINGS);
  if (record.kind === 'rejected') return record;
  const linesKey = Object.keys(cart).find((key) => LINES_SPELLINGS.includes(normalizeHeader(key)));
  const lines = linesKey === undefined ? undefined : cart[linesKey];
  if (!Array.isArray(lines)) return { kind: 'rejected', rule: linesKey === undefined ? 'missing-required' : 'not-a-list', field: LINES_FIELD.name, value: textOf(lines) ?? null };
  const typedLines: Json[] = [];
  for (const [i, line] of lines.entries()) {
    if (!isObject(line)) return { kind: 'rejected', rule: 'not-an-object', field: `${LINES_FIELD.name}[${i}]`, value: textOf(line) ?? null };
    const typedLine = typed(line, LINE_COLUMNS, `${LINES_FIELD.name}[${i}].`, extras, [], `${linesKey}[${i}].`);
    if (typedLine.kind === 'rejected') return typedLine;
    typedLines.push(typedLine.values);
  }
  return { kind: 'record', record: { ...record.values, lines: typedLines, extras, lineage } as unknown as BronzeCart };
}

/** The object's values for `columns`; other keys (but `skip`) go to extras under `extrasPrefix`. */
function typed(
  object: Json,
  columns: readonly ContractColumn[],
  fieldPrefix: string,
  extras: Record<string, string>,
  skip: readonly string[],
  extrasPrefix = '',
): { readonly kind: 'typed'; readonly values: Json } | ({ readonly kind: 'rejected' } & Refusal) {
  const values: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const column of columns) {
    const key = Object.keys(object).find((k) => !used.has(k) && column.spellings.includes(normalizeHeader(k)));
    if (key !== undefined) used.add(key);
    const text = key === undefined ? undefined : textOf(object[key]);
    const value = coerceCell(text, column);
    if (value instanceof BadValue) return rejected(value, `${fieldPrefix}${column.name}`, text ?? null);
    values[column.name] = value;
  }
  for (const [i, [key, value]] of Object.entries(object).entries()) {
    if (!used.has(key) && !skip.includes(normalizeHeader(key))) extras[extrasKey(`${extrasPrefix}${key}`, i + 1)] = textOf(value) ?? '';
  }
  return { kind: 'typed', values };
}

/** A JSON value as the text a CSV cell would hold; undefined for null and missing (blank). */
function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The cart's id when it has a whole-number one, valid or not otherwise: how far the source has read. */
export function cartIdOf(cart: unknown): number | undefined {
  const id = isObject(cart) ? cart.id : undefined;
  return Number.isInteger(id) ? (id as number) : undefined;
}
