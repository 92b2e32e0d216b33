import type { ExtraColumn, FileStyle } from './file-styles.ts';
import { headerText } from './file-styles.ts';
import type { Rng } from './prng.ts';
import type { SourceContract, SourceField, SourceRecord, Value } from './source-contracts.ts';
import { DATE_FORMATS, type DateFormat, formatDate, formatDecimal, formatTimestamp, isExactIn, trimDecimal } from './value-format.ts';

export type Column =
  | { readonly kind: 'field'; readonly field: SourceField; readonly index: number }
  | { readonly kind: 'extra'; readonly extra: ExtraColumn };

/** The columns of a file in a style: the contract's fields minus the missing ones, plus the extras. */
export function fileColumns(contract: SourceContract, style: FileStyle): Column[] {
  const columns: Column[] = [];
  contract.fields.forEach((field, index) => {
    if (style.missing.includes(field.name)) return;
    columns.push({ kind: 'field', field, index });
    for (const extra of style.extras) if (extra.after === field.name) columns.push({ kind: 'extra', extra });
  });
  for (const extra of style.extras) if (extra.after === undefined) columns.push({ kind: 'extra', extra });
  return columns;
}

/**
 * Turns typed records into the text fields of one file. Tidy (no rng): canonical
 * text only. Untidy: the same values written the ways real drops write them; every
 * form reads back to exactly the same value under the contract (README.md).
 */
export class RowRenderer {
  constructor(
    readonly columns: readonly Column[],
    readonly style: FileStyle,
    readonly rng: Rng | null,
  ) {}

  header(): string[] {
    return this.columns.map((c) => (c.kind === 'extra' ? c.extra.header : headerText(c.field, this.style.header)));
  }

  render(record: SourceRecord): string[] {
    return this.columns.map((c) => (c.kind === 'extra' ? (this.rng?.pick(c.extra.values) ?? '') : this.value(c.field, record[c.index] ?? null)));
  }

  /** The date format a value is written in: the file's, or ISO when the file's would drop its milliseconds. */
  dateFormat(epochMs: number | null): DateFormat {
    const wanted = this.style.dates === 'mixed' ? (this.rng?.pick(DATE_FORMATS) ?? 'iso') : this.style.dates;
    return epochMs === null || isExactIn(wanted, epochMs) ? wanted : 'iso';
  }

  value(field: SourceField, value: Value): string {
    if (value === null) return this.nullText(field);
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'string') return field.kind === 'name' ? this.nameText(value) : value;
    switch (field.kind) {
      case 'decimal':
        return this.decimalText(field, value);
      case 'timestamp':
        return formatTimestamp(value, this.dateFormat(value));
      case 'date':
        return formatDate(value, this.dateFormat(value));
      default:
        return String(value);
    }
  }

  private nullText(field: SourceField): string {
    if (this.rng === null) return '';
    if (field.unknownWord !== undefined) return this.rng.pick([field.unknownWord, field.unknownWord, '']);
    if (field.zeroIsNull === true) return this.rng.pick(['0', '0', formatDecimal(0, field.scale ?? 0, field.decimals), '']);
    return '';
  }

  private decimalText(field: SourceField, units: number): string {
    const text = formatDecimal(units, field.scale ?? 0, field.decimals);
    if (this.rng === null) return text;
    if (units === 0 && field.blankIsZero === true) return this.rng.pick(['', '0', text]);
    return this.rng.chance(0.2) ? trimDecimal(text) : text;
  }

  /** Odd case and edge spaces that silver's name rule turns back into the value. */
  private nameText(name: string): string {
    if (this.rng === null) return name;
    const r = this.rng.next();
    if (r < 0.06) return name.toUpperCase();
    if (r < 0.12) return name.toLowerCase();
    if (r < 0.16) return `  ${name} `;
    if (r < 0.18) return ` ${name.toUpperCase()}`;
    return name;
  }
}
