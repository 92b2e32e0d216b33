import type { ValueCheck } from '../../schemas/bronze-contracts.ts';

/**
 * Why a row cannot become a bronze record: the closed list of rules a dead
 * letter names. The contract's value checks (positive, non-negative, fraction,
 * percent) are rules too.
 */
export const DEAD_LETTER_RULES = [
  'missing-required',
  'malformed-number',
  'out-of-range',
  'malformed-date',
  'impossible-date',
  'malformed-boolean',
  'positive',
  'non-negative',
  'fraction',
  'percent',
  'missing-column',
  'too-few-columns',
  'too-many-columns',
  'unclosed-quote',
  'malformed-page',
  'not-an-object',
  'not-a-list',
  'binary-content',
  'not-utf8',
] as const satisfies readonly (string | ValueCheck)[];
export type DeadLetterRule = (typeof DEAD_LETTER_RULES)[number];

/** A cell that broke `rule`: one shared instance per rule, so a failed cell allocates nothing. */
export class BadValue {
  private constructor(readonly rule: DeadLetterRule) {}

  static readonly of: Readonly<Record<DeadLetterRule, BadValue>> = Object.fromEntries(DEAD_LETTER_RULES.map((rule) => [rule, new BadValue(rule)])) as Record<DeadLetterRule, BadValue>;
}

/** What each rule says of its field (or of "the row"), completing a dead letter's reason. */
const RULE_TEXT: Readonly<Record<DeadLetterRule, string>> = {
  'missing-required': 'is required but blank',
  'malformed-number': 'must be a number: digits with at most one decimal point',
  'out-of-range': 'does not fit its type (a 32-bit integer, or the decimal’s precision)',
  'malformed-date':
    'must be a date in an accepted format: 2018-02-05 07:38:25.430, 2018-02-05T07:38:25.430Z, 02/05/2018 07:38:25 (US), 05.02.2018 07:38:25, or the date alone',
  'impossible-date': 'is a date or time that does not exist',
  'malformed-boolean': 'must be True, False or Unknown',
  positive: 'must be greater than 0',
  'non-negative': 'must not be negative',
  fraction: 'must be a fraction from 0 to 1',
  percent: 'must be a percentage from 0 to 100',
  'missing-column': 'is required but the file has no column for it',
  'too-few-columns': 'lacks a cell: the row has fewer cells than the header (headerless files: than their first row)',
  'too-many-columns': 'has more cells than the header (headerless files: than their first row); an unquoted comma splits a cell',
  'unclosed-quote': 'opens a quoted field that is not closed before the file ends',
  'malformed-page': 'must be a JSON page {"carts": [...], "total", "skip", "limit"} as https://dummyjson.com/carts serves it',
  'not-an-object': 'must be a JSON object',
  'not-a-list': 'must be a JSON array',
  'binary-content': 'must be text, but holds a NUL byte: it is a binary file',
  'not-utf8': 'must be UTF-8 text (export or save it as UTF-8 and upload it again)',
};

/** What a rule refusing a whole record, not one field, speaks of. */
const WHOLE_SUBJECT: Partial<Readonly<Record<DeadLetterRule, string>>> = { 'malformed-page': 'the page', 'not-an-object': 'the cart', 'binary-content': 'the file', 'not-utf8': 'the file' };

/** A dead letter's reason: the rule first (`positive: quantity must be greater than 0`), so readers can group by it. */
export function deadLetterReason(rule: DeadLetterRule, field: string | null): string {
  return `${rule}: ${field ?? WHOLE_SUBJECT[rule] ?? 'the row'} ${RULE_TEXT[rule]}`;
}
