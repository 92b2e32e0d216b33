import type { BackoffPolicy } from '../../core/backoff.ts';
import type { Client } from '@confluentinc/schemaregistry';
import type { Transport } from '../../transport/transport.ts';
import type { ProcessorEventSink } from './processor-events.ts';

export const DELIVERY_MODES = ['exactly-once', 'at-least-once'] as const;
/**
 * exactly-once: a batch's output, store changes and consumed positions commit in
 * one transaction. at-least-once: the output is delivered, then the positions are
 * committed, so a crash between the two repeats the batch — for measuring what
 * transactions cost (bench/processors.ts), never for the pipeline.
 */
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface RuntimeOptions {
  readonly transport: Transport;
  /** The registry whose DeadLetter contract encodes refused records (subject `<deadLetterTopic>-value`). */
  readonly registry: Client;
  readonly onEvent?: ProcessorEventSink;
  /**
   * Prefixes each processor's consumer group, transactional id and changelog
   * topics, so that a replay (or a test) runs with fresh groups and state.
   * Default: none.
   */
  readonly namespace?: string;
  /**
   * Creates the inputs that do not exist yet with this many partitions (so
   * processors may start before their sources). Default: inputs must exist.
   */
  readonly inputPartitions?: number;
  /** Most records per poll, so per transaction. Default 2000. */
  readonly maxBatch?: number;
  /** How long a poll waits for records before the runtime checks for idleness and stop. Default 200. */
  readonly pollMs?: number;
  /** Default exactly-once. */
  readonly delivery?: DeliveryMode;
  /** The wait for Kafka while it does not answer: exponential with jitter. Default 0.5 s doubling to 10 s. */
  readonly kafkaBackoff?: BackoffPolicy;
  /**
   * A replay from a time (epoch ms): in each input partition, the records before
   * the first one stamped at or after it (the offset Kafka's offsetsForTimes
   * gives) only rebuild state — what processing them sends, dead letters
   * included, was sent by the run that first processed them, so it is dropped.
   * Default: every record's output is sent.
   */
  readonly outputFrom?: number;
}

export const RUNTIME_DEFAULTS = { maxBatch: 5000, pollMs: 200, namespace: '', delivery: 'exactly-once', kafkaBackoff: { baseMs: 500, maxMs: 10_000 } } as const;

/** The names a processor's clients and state live under. */
export function processorNames(namespace: string, processor: string): { groupId: string; transactionalId: string; changelog: (store: string) => string } {
  const id = `${namespace}${processor}`;
  return { groupId: `medallion.${id}`, transactionalId: `medallion.${id}`, changelog: (store) => `medallion.${id}.${store}.changelog` };
}
