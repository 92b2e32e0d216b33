import { parseDecimal } from '../../schemas/avro/decimal.ts';
import type { DeadLetterRule } from '../../schemas/dead-letter-rules.ts';
import { RecordRuleError } from '../runtime/processor-error.ts';
import { nameCase } from './names.ts';

/**
 * The value rules silver keeps on typed bronze records. The file source refuses
 * most bad rows before bronze; these catch what other sources (MariaDB, the carts
 * API) can still carry, with rules of the one list (schemas/dead-letter-rules.ts):
 * a required value blank (`missing-required`), a number below its minimum or above
 * its maximum (`out-of-range`, naming the bound).
 */
export const SILVER_RULES = ['missing-required', 'out-of-range'] as const satisfies readonly DeadLetterRule[];
export type SilverRule = (typeof SILVER_RULES)[number];

function refuse(rule: SilverRule, field: string, value: unknown, detail?: string): never {
  throw new RecordRuleError(rule, field, value === null ? null : String(value), detail);
}

/** Trimmed text; blank is null. */
export function text(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function requiredText(field: string, value: string): string {
  return text(value) ?? refuse('missing-required', field, value);
}

export function name(value: string | null): string | null {
  const trimmed = text(value);
  return trimmed === null ? null : nameCase(trimmed);
}

export function requiredName(field: string, value: string): string {
  return nameCase(requiredText(field, value));
}

/** An integer of at least `min`. */
export function atLeast(field: string, value: number, min: number): number {
  return value >= min ? value : refuse('out-of-range', field, value, `must be at least ${min}`);
}

/** A decimal string within [min, max] (either bound optional), compared exactly at `scale`. */
export function decimalWithin(field: string, value: string, scale: number, min: string | null, max: string | null = null): string {
  const spec = { precision: 40, scale };
  const unscaled = parseDecimal(value, spec)!;
  if (min !== null && unscaled < parseDecimal(min, spec)!) refuse('out-of-range', field, value, `must be at least ${min}`);
  if (max !== null && unscaled > parseDecimal(max, spec)!) refuse('out-of-range', field, value, `must be at most ${max}`);
  return value;
}

/** A decimal that is 0 at any scale ("0", "0.00"): sources write it for "missing". */
export function isZero(value: string): boolean {
  return /^[+-]?0*\.?0*$/.test(value);
}
