import { MedallionError } from '../../core/medallion-error.ts';

export const PROCESSOR_ERROR_CODES = ['record-rule', 'unreadable-schema', 'failed', 'state-restore'] as const;
export type ProcessorErrorCode = (typeof PROCESSOR_ERROR_CODES)[number];

/** A processor that cannot go on, or (code 'record-rule', see recordRuleError) one record it refuses. */
export class ProcessorError extends MedallionError<ProcessorErrorCode> {
  readonly domain = 'processors';
}

/** Why a processor refused one record: the rule, and the field and value that broke it. The runtime applies the processor's bad-record policy. */
export class RecordRuleError extends ProcessorError {
  constructor(
    readonly rule: string,
    readonly field: string | null,
    readonly value: string | null,
  ) {
    super('record-rule', field === null ? rule : `${field}=${JSON.stringify(value)}: ${rule}`, 'correct the record at its source; the refused record is in the processor\'s dead-letter topic');
  }
}
