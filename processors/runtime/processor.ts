import type { DeadLetterOrigin } from '../../schemas/dead-letter.ts';
import type { OutgoingRecord, StoredRecord, TopicSpec } from '../../transport/transport.ts';

/**
 * What a stream processor is, as the runtime (processors/runtime/) runs it: the
 * silver and gold processors are values of this shape and never touch a
 * consumer, a producer or a transaction themselves. The runtime reads a batch of
 * the inputs, calls `process` for each record and `flush` once, and commits the records sent, the
 * store changes and the consumed positions in one transaction — so a processor
 * is exactly once on Kafka and on the in-process log alike.
 */
export interface Processor {
  /** Names the consumer group, the transactional id and the changelog topics. */
  readonly name: string;
  readonly inputs: readonly string[];
  /** Topics it writes (created by the runtime when missing). */
  readonly outputs: readonly TopicSpec[];
  /** Its state stores; each is kept in memory and backed by a compacted changelog topic. */
  readonly stores: readonly string[];
  /** What happens to a record `process` refuses by throwing a RecordRuleError (./processor-error.ts). Default: dead-letter. */
  readonly badRecords?: BadRecordPolicy;
  /** Where refused records go (a dlq.* topic, DeadLetter contract), and the entity and stage their dead letters name. */
  readonly deadLetters?: DeadLetterTarget;
  process(record: StoredRecord, context: ProcessorContext): Promise<void> | void;
  /**
   * Called once per batch, after its last record and before its commit, with the
   * same context: sends what the batch's records built up, so a row many records
   * change goes out once per batch rather than once per record (still exactly
   * once: it commits in the batch's transaction). An error fails the batch. A
   * replay's batch that straddles its start time is flushed twice: after the
   * records that only rebuild state (its sends dropped), and after the rest.
   */
  flush?(context: ProcessorContext): Promise<void> | void;
}

/**
 * A processor's dead letters: its topic, and the entity and stage it names for
 * itself (a topic's name does not say them under a prefix). A source adapter the
 * runtime runs (the CDC one) says `source`, or reconciliation would take its
 * letters for bronze records silver refused.
 */
export interface DeadLetterTarget extends DeadLetterOrigin {
  readonly topic: string;
}

export const BAD_RECORD_POLICIES = ['dead-letter', 'skip', 'fail'] as const;
export type BadRecordPolicy = (typeof BAD_RECORD_POLICIES)[number];

/** The counters a processor reports beyond records in and out (the runtime counts those). */
export const PROCESSOR_COUNTERS = ['deduplicated', 'late'] as const;
export type ProcessorCounter = (typeof PROCESSOR_COUNTERS)[number];

export interface ProcessorContext {
  store<V>(name: string): KeyValueStore<V>;
  /** Buffers a record into the current transaction. */
  send(record: OutgoingRecord): void;
  count(counter: ProcessorCounter, by?: number): void;
}

/**
 * A key-value state store. Values must survive JSON (the changelog's encoding):
 * exact decimals as strings, times as epoch milliseconds. Changes join the
 * current transaction; after a crash the store is what the last commit left.
 */
export interface KeyValueStore<V> {
  get(key: string): V | undefined;
  put(key: string, value: V): void;
  delete(key: string): void;
  entries(): IterableIterator<[string, V]>;
  readonly size: number;
}
