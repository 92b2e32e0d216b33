import { RestError } from '@confluentinc/schemaregistry';
import { ContractError } from '../../schemas/contract-error.ts';
import type { StoredRecord } from '../../transport/transport.ts';
import { ProcessorError, type RecordRuleError } from './processor-error.ts';

const where = (record: StoredRecord): string => `${record.topic} partition ${record.partition} offset ${record.offset}`;

/** A refused record under the `fail` policy: the processor stops before committing the batch it was in. */
export function refusedUnderFail(processor: string, record: StoredRecord, error: RecordRuleError): ProcessorError {
  return new ProcessorError(
    'failed',
    `processor ${processor} refused the record at ${where(record)} (${error.message.split('\n')[0]}) and its bad-record policy is fail, so it stopped without committing past it`,
    'correct the record at its source, or give the processor the dead-letter or skip policy',
    { cause: error },
  );
}

/**
 * Any other error while processing a record stops the processor without
 * committing the batch. A value whose schema cannot be read gets its own code and
 * names the subject and the writer's schema id.
 */
export function processingFailure(processor: string, record: StoredRecord, error: unknown): ProcessorError {
  if (error instanceof ProcessorError) return error;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (error instanceof RestError || error instanceof ContractError) {
    const value = record.value;
    const id = value !== null && value.length > 5 && value[0] === 0 ? `schema id ${value.readInt32BE(1)}` : 'no schema id (not in the Confluent wire format)';
    return new ProcessorError(
      'unreadable-schema',
      `processor ${processor} cannot read the record at ${where(record)}: its value was written with ${id} under subject ${record.topic}-value, and reading it failed: ${message}`,
      `check the subject with \`medallion schemas\` (the writer's schema must be registered and compatible with the processor's), then restart the processor; it resumes at this record`,
      { cause: error },
    );
  }
  return new ProcessorError('failed', `processor ${processor} failed on the record at ${where(record)}: ${message}`, 'fix the processor or the record, then restart it; it resumes at this record', { cause: error });
}

/** An error in a processor's flush, at the end of a batch: the batch does not commit. */
export function flushFailure(processor: string, error: unknown): ProcessorError {
  if (error instanceof ProcessorError) return error;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return new ProcessorError('failed', `processor ${processor} failed flushing a batch: ${message}`, 'fix the processor, then restart it; it resumes at the first record of that batch', { cause: error });
}
