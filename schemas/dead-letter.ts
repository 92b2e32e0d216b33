import type { DeadLetter, DeadLetterStage } from './generated/bronze-types.ts';

/**
 * Whose dead letter it is and where the record was refused. The one that
 * refuses says so: a topic's name does not, as a topic prefix changes it.
 */
export interface DeadLetterOrigin {
  /** The entity or table the record was meant to be (sales, fact_sales, …). */
  readonly entity: string;
  readonly stage: DeadLetterStage;
}

/** What was refused and why: the rule broken, and the input where and as it was. */
export type RefusedInput = Omit<DeadLetter, 'entity' | 'stage' | 'failed_at'>;

/** A record read from a topic, as its dead letter locates it. */
export interface RefusedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly value: Buffer | null;
}

/** The dead letter of a refused input (DeadLetter contract, schemas/dlq/dead-letter.avsc). */
export function deadLetter(origin: DeadLetterOrigin, input: RefusedInput, failedAt: Date = new Date()): DeadLetter {
  return { entity: origin.entity, stage: origin.stage, ...input, failed_at: failedAt };
}

/** Where a record read from a topic was, and its value's bytes as they were (none for a tombstone). */
export function refusedRecordInput(record: RefusedRecord): Pick<RefusedInput, 'source_uri' | 'source_position' | 'raw'> {
  return { source_uri: record.topic, source_position: `partition ${record.partition} offset ${record.offset}`, raw: record.value ?? Buffer.alloc(0) };
}
