import { DEAD_LETTER_RULES, type DeadLetterRule } from '../../schemas/dead-letter-rules.ts';
import type { ValueCheck } from '../../schemas/bronze-contracts.ts';

/** What each contract check asks of a value that is out of range: the detail of its dead letter's reason. */
export const CHECK_TEXT: Readonly<Record<ValueCheck, string>> = {
  positive: 'must be greater than 0',
  'non-negative': 'must not be negative',
  fraction: 'must be a fraction from 0 to 1',
  percent: 'must be a percentage from 0 to 100',
};

/** A cell that broke `rule`: one shared instance per rule (and per check), so a failed cell allocates nothing. */
export class BadValue {
  private constructor(
    readonly rule: DeadLetterRule,
    /** What the value broke beyond the rule's own words: the bound of an out-of-range value. */
    readonly detail?: string,
  ) {}

  static readonly of: Readonly<Record<DeadLetterRule, BadValue>> = Object.fromEntries(DEAD_LETTER_RULES.map((rule) => [rule, new BadValue(rule)])) as Record<DeadLetterRule, BadValue>;

  /** An `out-of-range` value, naming the check it failed. */
  static readonly outside: Readonly<Record<ValueCheck, BadValue>> = Object.fromEntries(
    Object.entries(CHECK_TEXT).map(([check, text]) => [check, new BadValue('out-of-range', text)]),
  ) as Record<ValueCheck, BadValue>;
}
