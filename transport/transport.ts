/**
 * The small interface every source, processor and sink talks to. Two
 * implementations: Kafka (transport/kafka/, @confluentinc/kafka-javascript,
 * idempotent transactional producers, read_committed consumers) and the
 * in-process log of embedded mode (transport/in-process/). Code that holds a
 * Transport never asks which one it is.
 */
export const TRANSPORT_KINDS = ['kafka', 'in-process'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Keep only the latest record per key (state changelogs, checkpoints). */
  readonly compacted?: boolean;
}

export interface OutgoingRecord {
  readonly topic: string;
  /** Records with the same key go to the same partition, in order. */
  readonly key: Buffer | null;
  /** null is a tombstone: on a compacted topic it deletes the key. */
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface StoredRecord {
  readonly topic: string;
  readonly partition: number;
  /** Offsets are exact 64-bit integers, kept as bigint. */
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

export interface Transaction {
  /** Buffers records into the transaction; they become visible only when it commits. */
  send(records: readonly OutgoingRecord[]): void;
}

export interface TransactionalProducer {
  /**
   * Runs `work` in one transaction: everything it sends commits atomically, or,
   * if `work` throws or the commit fails, nothing does (and the error is rethrown).
   * A new producer with the same transactional id fences this one.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T> | T): Promise<T>;
  close(): Promise<void>;
}

export interface Transport {
  readonly kind: TransportKind;
  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  producer(transactionalId: string): Promise<TransactionalProducer>;
  /**
   * Reads a topic's committed records (read_committed) from the beginning up to
   * its end as of the call, in offset order per partition, in batches.
   * Used to restore checkpoints and state, and to inspect topics.
   */
  readAll(topic: string, handle: (batch: readonly StoredRecord[]) => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}
