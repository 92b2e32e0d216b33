/**
 * Why a record became a dead letter: the one closed list of rules every stage
 * names (sources, silver, the CDC adapter), documented in generator/README.md
 * ("Dead-letter rules"). A dead letter's `reason` starts with its rule, so
 * readers can group by it.
 */
export const DEAD_LETTER_RULES = [
  // A field's value.
  'missing-required',
  'malformed-number',
  'too-many-decimals',
  'too-large',
  'out-of-range',
  'malformed-date',
  'impossible-date',
  'malformed-boolean',
  'wrong-type',
  // A row's shape.
  'missing-column',
  'too-few-columns',
  'too-many-columns',
  'unclosed-quote',
  'duplicate-line',
  // A whole document or message.
  'unmatched-header',
  'malformed-page',
  'not-an-object',
  'not-a-list',
  'not-a-change-event',
  'binary-content',
  'not-utf8',
] as const;
export type DeadLetterRule = (typeof DEAD_LETTER_RULES)[number];

/** What each rule says of its field (or of its subject), completing a dead letter's reason. */
const RULE_TEXT: Readonly<Record<DeadLetterRule, string>> = {
  'missing-required': 'is required but blank',
  'malformed-number': 'must be a number: digits with at most one decimal point',
  'too-many-decimals': 'has more decimal places than its contract allows',
  'too-large': 'does not fit its type (a 32-bit integer, or the decimal’s precision)',
  'out-of-range': 'is outside its contract’s range',
  'malformed-date':
    'must be a date in an accepted format: 2018-02-05 07:38:25.430, 2018-02-05T07:38:25.430Z, 02/05/2018 07:38:25 (US), 05.02.2018 07:38:25, or the date alone',
  'impossible-date': 'is a date or time that does not exist',
  'malformed-boolean': 'must be True, False or Unknown',
  'wrong-type': 'does not have the type its bronze contract gives it',
  'missing-column': 'is required but the file has no column for it',
  'too-few-columns': 'lacks a cell: the row has fewer cells than the header (headerless files: than their first row)',
  'too-many-columns': 'has more cells than the header (headerless files: than their first row); an unquoted comma splits a cell',
  'unclosed-quote': 'opens a quoted field that is not closed before the file ends',
  'duplicate-line': 'appears twice in one order: a product is one line of a cart',
  'unmatched-header': 'starts with a header that does not name its key column, so none of its rows was read (name the key column, or drop the header to read the columns in the contract’s order)',
  'malformed-page': 'must be a JSON page {"carts": [...], "total", "skip", "limit"} as https://dummyjson.com/carts serves it',
  'not-an-object': 'must be a JSON object',
  'not-a-list': 'must be a JSON array',
  'not-a-change-event': 'must be a Debezium change event in the Confluent wire format',
  'binary-content': 'must be text, but holds a NUL byte: it is a binary file',
  'not-utf8': 'must be UTF-8 text (export or save it as UTF-8 and upload it again)',
};

/** What a rule refusing a whole record, not one field, speaks of. */
const WHOLE_SUBJECT: Partial<Readonly<Record<DeadLetterRule, string>>> = {
  'unmatched-header': 'the file',
  'malformed-page': 'the page',
  'not-an-object': 'the cart',
  'not-a-change-event': 'the message',
  'binary-content': 'the file',
  'not-utf8': 'the file',
};

/**
 * A dead letter's reason: the rule first (`out-of-range: quantity is outside its
 * contract’s range (must be greater than 0)`); `detail` says what this value
 * broke when the rule alone does not (the bound, the headers found).
 */
export function deadLetterReason(rule: DeadLetterRule, field: string | null, detail?: string): string {
  return `${rule}: ${field ?? WHOLE_SUBJECT[rule] ?? 'the row'} ${RULE_TEXT[rule]}${detail === undefined ? '' : ` (${detail})`}`;
}
