import type { Outage } from '../../core/outage.ts';
import type { PartitionOffset } from '../../transport/transport.ts';
import type { TableCounts } from './table-writer.ts';

/** What the warehouse sink reports as it runs (only the CLI prints); progress and metrics come from these. */
export type SinkEvent =
  | {
      readonly kind: 'started';
      readonly sink: string;
      readonly topics: readonly string[];
      /** The positions read from meta.sink_positions (partitions absent start at the beginning). */
      readonly resumedFrom: readonly PartitionOffset[];
    }
  | {
      /** One transaction committed: rows and positions together. */
      readonly kind: 'batch-committed';
      readonly sink: string;
      readonly records: number;
      /** Per table (schema.table), what the batch did. */
      readonly tables: Readonly<Record<string, TableCounts>>;
      /** Records between the new positions and the ends of the topics. */
      readonly lag: number;
    }
  | {
      /** A record the warehouse refused, written to the dead-letter topic with the constraint it broke. */
      readonly kind: 'dead-lettered';
      readonly sink: string;
      readonly table: string;
      readonly topic: string;
      readonly partition: number;
      readonly offset: bigint;
      readonly constraint: string;
      readonly reason: string;
    }
  /** The warehouse or Kafka did not answer; the work is tried again after `outage.retryInMs` (a batch from the positions the warehouse has). */
  | { readonly kind: 'waiting'; readonly sink: string; readonly outage: Outage }
  /** The service waited for answered again; the sink goes on where it was. */
  | { readonly kind: 'resumed'; readonly sink: string; readonly outage: Outage; readonly downMs: number }
  /** Every record read up to the ends of the topics is in the warehouse. */
  | { readonly kind: 'idle'; readonly sink: string }
  | { readonly kind: 'stopped'; readonly sink: string }
  | { readonly kind: 'failed'; readonly sink: string; readonly error: Error };

export type SinkEventSink = (event: SinkEvent) => void;
