import type { DeadLetterRule } from '../schemas/dead-letter-rules.ts';
import type { FileStyle } from './file-styles.ts';
import type { Rng } from './prng.ts';
import type { Column } from './row-renderer.ts';
import type { SourceEntity, SourceField } from './source-contracts.ts';
import { DATE_FORMATS, type DateFormat } from './value-format.ts';

/** Why a row cannot be typed by its contract (each bad row breaks exactly one rule), from the one list of dead-letter rules. */
export const BAD_ROW_RULES = ['missing-required', 'malformed-number', 'impossible-date', 'out-of-range', 'too-few-columns'] as const satisfies readonly DeadLetterRule[];
export type BadRowRule = (typeof BAD_ROW_RULES)[number];

/** One entry of expected/bad-rows.json. */
export interface BadRow {
  readonly entity: SourceEntity;
  /** Relative to the output directory. */
  readonly file: string;
  /** 1-based physical line where the record starts (the header is line 1). */
  readonly line: number;
  /** The canonical field that breaks the rule (for too-few-columns, the first one missing). */
  readonly field: string;
  readonly rule: BadRowRule;
  /** The text written for the field; null when the column is missing. */
  readonly value: string | null;
}

export interface Defect {
  readonly rule: BadRowRule;
  readonly field: string;
  /** Index into the file's columns. */
  readonly column: number;
  /** The field's new text, or null to cut the row before this column. */
  readonly text: string | null;
}

const MALFORMED_NUMBERS = ['12x', 'N/A', 'abc', '1.2.3', '#VALUE!'] as const;

function impossibleDate(field: SourceField, format: DateFormat, rng: Rng): string {
  const [y, m, d] = rng.chance(0.5) ? ['2018', '13', '45'] : ['2018', '02', '30'];
  const date = format === 'us' ? `${m}/${d}/${y}` : format === 'de' ? `${d}.${m}.${y}` : `${y}-${m}-${d}`;
  if (field.kind === 'date') return date;
  if (format === 'iso-t') return `${date}T07:38:25.430Z`;
  return format === 'iso' ? `${date} 07:38:25.430` : `${date} 07:38:25`;
}

/**
 * Picks a rule the file's layout allows and a field it applies to. Rules take turns
 * (`turn` counts the entity's bad rows so far) and a headerless file's first bad row
 * is cut short, so every rule appears at any scale.
 */
export function chooseDefect(columns: readonly Column[], style: FileStyle, rng: Rng, turn: number, firstInFile: boolean): Defect {
  const fields = columns.flatMap((c, column) => (c.kind === 'field' ? [{ field: c.field, column }] : []));
  const byRule: Record<BadRowRule, typeof fields> = {
    'missing-required': fields.filter((f) => f.field.required),
    'malformed-number': fields.filter((f) => f.field.kind === 'int' || f.field.kind === 'decimal'),
    'impossible-date': fields.filter((f) => f.field.kind === 'timestamp' || f.field.kind === 'date'),
    'out-of-range': fields.filter((f) => f.field.min !== undefined),
    'too-few-columns': style.header === 'none' ? fields.slice(Math.max(1, fields.length - 3)) : [],
  };
  const rules = BAD_ROW_RULES.filter((r) => byRule[r].length > 0);
  const rule = style.header === 'none' && firstInFile ? 'too-few-columns' : (rules[turn % rules.length] ?? 'missing-required');
  const { field, column } = rng.pick(byRule[rule]);
  const format = style.dates === 'mixed' ? rng.pick(DATE_FORMATS) : style.dates;
  const text: Record<BadRowRule, string | null> = {
    'missing-required': '',
    'malformed-number': rng.pick(MALFORMED_NUMBERS),
    'impossible-date': impossibleDate(field, format, rng),
    'out-of-range': field.kind === 'decimal' ? `-${rng.int(1, 9)}.50` : `-${rng.int(1, 5)}`,
    'too-few-columns': null,
  };
  return { rule, field: field.name, column, text: text[rule] };
}

export function applyDefect(fields: readonly string[], defect: Defect): string[] {
  if (defect.text === null) return fields.slice(0, defect.column);
  const text = defect.text;
  return fields.map((f, i) => (i === defect.column ? text : f));
}
