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

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A partition as one string, for maps keyed by partition. */
export function partitionKey(p: TopicPartition): string {
  return `${p.topic}\0${p.partition}`;
}

/** A position in a partition: the offset of the next record to read. */
export interface PartitionOffset extends TopicPartition {
  readonly offset: bigint;
}

/** A partition's range: the first offset it still holds (older ones deleted or compacted away) and its committed end. */
export interface PartitionBounds extends TopicPartition {
  readonly start: bigint;
  readonly end: bigint;
}

export interface Transaction {
  /** Buffers records into the transaction; they become visible only when it commits. */
  send(records: readonly OutgoingRecord[]): void;
  /**
   * Commits the consumer's group positions with the transaction (Kafka's
   * sendOffsetsToTransaction with the consumer's group metadata): the records a
   * transaction produced and the input it consumed commit together, or neither.
   */
  sendOffsets(consumer: Consumer, offsets: readonly PartitionOffset[]): void;
}

export interface ConsumerOptions {
  /** The consumer group whose committed positions say where reading resumes. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Where to start partitions the group has no committed position for, or — for
   * sinks that keep their positions outside Kafka, in the same database
   * transaction as their writes — every partition. Missing partitions start at
   * the beginning.
   */
  readonly startOffsets?: (partitions: readonly TopicPartition[]) => Promise<readonly PartitionOffset[]>;
}

/**
 * A read_committed consumer that holds every partition of its topics (one task
 * per consumer group). It never commits by itself: its positions commit through
 * a transaction's sendOffsets. A processor never runs twice: on the in-process
 * log a newer consumer of the group fences the older one; on Kafka consumers
 * assign their partitions themselves (no group membership, no rebalance), and
 * the newer producer of the processor's transactional id fences the older one.
 */
export interface Consumer {
  readonly groupId: string;
  /** The partitions read, each with the offset of the next record it will return. */
  positions(): readonly PartitionOffset[];
  /**
   * The next committed records of any of its partitions, at most `max`, in offset
   * order per partition. Waits up to `waitMs` for records; resolves with an empty
   * batch when none came.
   */
  poll(max: number, waitMs: number): Promise<readonly StoredRecord[]>;
  /** Per partition, the records between the position and the partition's committed end. */
  lag(): Promise<readonly (PartitionOffset & { readonly end: bigint })[]>;
  close(): Promise<void>;
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

export interface ProducerOptions {
  /**
   * true (the default): exactly once — a transaction's records and offsets commit
   * atomically, or none do. false: at least once, for comparison in benchmarks —
   * the records are delivered when the work returns, then the offsets are
   * committed; a crash in between, or work that throws after sending, may leave
   * records written and the batch to be repeated. The in-process log is atomic either way.
   */
  readonly atomic?: boolean;
}

export interface Transport {
  readonly kind: TransportKind;
  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  producer(transactionalId: string, options?: ProducerOptions): Promise<TransactionalProducer>;
  /**
   * Reads a topic's committed records (read_committed) from the beginning up to
   * its end as of the call, in offset order per partition, in batches.
   * Used to restore checkpoints and state, and to inspect topics.
   */
  readAll(topic: string, handle: (batch: readonly StoredRecord[]) => Promise<void> | void): Promise<void>;
  consumer(options: ConsumerOptions): Promise<Consumer>;
  /** The names of the topics that exist, sorted (internal ones such as __consumer_offsets left out). */
  topicNames(): Promise<readonly string[]>;
  /**
   * Per partition of the topics, in topic then partition order, its first offset
   * and its committed end (read_committed: the last stable offset), read without
   * reading records — what inspecting a topic and measuring lag cost.
   */
  partitionBounds(topics: readonly string[]): Promise<readonly PartitionBounds[]>;
  /**
   * Up to `max` committed records of one partition from offset `from.offset` on,
   * in offset order, stopping at the committed end: a page of a topic without
   * reading the rest of it. An offset outside the partition's bounds is refused.
   */
  readPage(from: PartitionOffset, max: number): Promise<readonly StoredRecord[]>;
  /** The group's committed positions for the topics' partitions (none for a partition it never committed). */
  committedOffsets(groupId: string, topics: readonly string[]): Promise<readonly PartitionOffset[]>;
  /**
   * Per partition of the topics, the offset of the first committed record stamped
   * at or after `time` (epoch ms) — Kafka's offsetsForTimes — or the partition's
   * committed end when none is yet.
   */
  offsetsAt(topics: readonly string[], time: number): Promise<readonly PartitionOffset[]>;
  close(): Promise<void>;
}
