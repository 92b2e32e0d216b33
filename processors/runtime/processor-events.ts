import type { Outage } from '../../core/outage.ts';
import type { ProcessorError } from './processor-error.ts';

/**
 * What a running processor reports, as it happens (only the CLI prints). Metrics
 * are kept by the runtime itself (snapshot()); these are the moments worth telling.
 */
export type ProcessorEvent =
  | {
      readonly kind: 'started';
      readonly processor: string;
      /** Entries restored into each store from its changelog. */
      readonly restored: Readonly<Record<string, number>>;
      readonly restoreMs: number;
    }
  | {
      readonly kind: 'record-refused';
      readonly processor: string;
      /** dead-letter: written to `deadLetterTopic`; skip: counted and dropped. */
      readonly action: 'dead-letter' | 'skip';
      readonly topic: string;
      readonly partition: number;
      readonly offset: bigint;
      readonly rule: string;
      readonly field: string | null;
      readonly value: string | null;
    }
  | {
      /** A transaction did not commit for a reason the runtime retries (the consumer rewinds to the committed positions). */
      readonly kind: 'transaction-retried';
      readonly processor: string;
      readonly error: Error;
      readonly attempt: number;
    }
  /** Kafka did not answer: the processor waits (its transaction, if any, not committed) and resumes at its committed positions. */
  | { readonly kind: 'waiting'; readonly processor: string; readonly outage: Outage }
  /** Kafka answered again after `downMs`. */
  | { readonly kind: 'resumed'; readonly processor: string; readonly outage: Outage; readonly downMs: number }
  /** Every input consumed to its end and committed. */
  | { readonly kind: 'idle'; readonly processor: string }
  | { readonly kind: 'stopped'; readonly processor: string }
  | { readonly kind: 'failed'; readonly processor: string; readonly error: ProcessorError };

export type ProcessorEventSink = (event: ProcessorEvent) => void;
