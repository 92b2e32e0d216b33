import { MedallionError } from '../../core/medallion-error.ts';
import { deadLetterReason, type DeadLetterRule } from '../../schemas/dead-letter-rules.ts';

export const PROCESSOR_ERROR_CODES = ['record-rule', 'unreadable-schema', 'failed', 'state-restore'] as const;
export type ProcessorErrorCode = (typeof PROCESSOR_ERROR_CODES)[number];

/** A processor that cannot go on, or (code 'record-rule', see recordRuleError) one record it refuses. */
export class ProcessorError extends MedallionError<ProcessorErrorCode> {
  readonly domain = 'processors';
}

/** Why a processor refused one record: the rule, the field and value that broke it, and what exactly (`detail`). The runtime applies the processor's bad-record policy. */
export class RecordRuleError extends ProcessorError {
  /** The dead letter's reason: the rule's words (schemas/dead-letter-rules.ts). */
  readonly reason: string;

  constructor(
    readonly rule: DeadLetterRule,
    readonly field: string | null,
    readonly value: string | null,
    detail?: string,
  ) {
    const reason = deadLetterReason(rule, field, detail);
    super('record-rule', field === null ? reason : `${field}=${JSON.stringify(value)}: ${reason}`, 'correct the record at its source; the refused record is in the processor\'s dead-letter topic');
    this.reason = reason;
  }
}
