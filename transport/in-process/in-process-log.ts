import { partitionForKey } from '../key-partitioner.ts';
import { checkTopicSpec } from '../topic-spec.ts';
import { fenced, TransportError, unknownPartition } from '../transport-error.ts';
import type { OutgoingRecord, StoredRecord, TopicSpec } from '../transport.ts';
import { GroupOffsets, type GroupCommit } from './group-offsets.ts';
import { LogStorage, type JournalCommit, type LogStorageOptions } from './log-storage.ts';
import { PartitionLog, type PartitionWrite } from './partition-log.ts';

interface Topic {
  readonly spec: TopicSpec;
  readonly partitions: readonly PartitionLog[];
  /** Where the next null-keyed record goes (round robin). */
  nextUnkeyed: number;
  /** Callers of waitForAppend, woken by the next commit that touches the topic. */
  readonly waiters: Set<() => void>;
}

/**
 * The log of embedded mode: Kafka's semantics in one process. Topics have
 * partitions; a keyed record's partition is Kafka's (murmur2), null keys go round
 * robin; offsets are exact per partition. Only committed transactions are ever
 * appended, so every reader sees committed records only (read_committed).
 *
 * Compacted topics behave like Kafka's: compaction runs lazily (when superseded
 * records outnumber live ones), so a reader may still meet older versions of a
 * key before the latest one — always in offset order, latest last. Readers fold
 * latest-wins, exactly as they must on Kafka.
 *
 * `new InProcessLog()` keeps everything in memory; `InProcessLog.open(options)`
 * keeps it in segment files under a folder, with only the newest segments in
 * memory within a budget (LogStorage), and reopens what a previous process left
 * there, as of its last committed transaction.
 */
export class InProcessLog {
  private readonly topics = new Map<string, Topic>();
  private storage: LogStorage | undefined;
  /** Each transactional id's current producer epoch; a new producer bumps it and fences the old one. */
  private readonly epochs = new Map<string, number>();
  /** Consumer groups' committed positions, written by the same commit as the records a transaction produced. */
  readonly groups = new GroupOffsets();

  /** A log on disk under `options.dir`: what is there already (topics, committed records, group positions) is reopened. */
  static open(options: LogStorageOptions): InProcessLog {
    const log = new InProcessLog();
    const storage = LogStorage.open(options);
    log.storage = storage;
    const ends = new Map<string, number[]>();
    const groups: GroupCommit[] = [];
    for (const entry of storage.entries) {
      if ('topic' in entry) {
        log.addTopic(entry.topic);
        ends.set(entry.topic.name, new Array<number>(entry.topic.partitions).fill(0));
        continue;
      }
      for (const [topic, partition, end] of entry.ends) ends.get(topic)![partition] = end;
      for (const [groupId, topic, partition, offset] of entry.groups) groups.push({ groupId, generation: 0, offsets: [{ topic, partition, offset: BigInt(offset) }] });
    }
    for (const [name, topicEnds] of ends) log.topic(name).partitions.forEach((p, i) => p.reopen(topicEnds[i]!));
    log.groups.commit(groups);
    storage.settle();
    return log;
  }

  /** Creates the topic unless it exists; an existing topic is left as it is. */
  createTopic(spec: TopicSpec): void {
    checkTopicSpec(spec);
    if (this.topics.has(spec.name)) return;
    this.storage?.record({ topic: spec });
    this.addTopic(spec);
  }

  /** Closes the segment files of a disk-backed log (nothing to do in memory); it may not be used after. */
  close(): void {
    this.storage?.close();
  }

  topicNames(): string[] {
    return [...this.topics.keys()].sort();
  }

  partitionCount(topic: string): number {
    return this.topic(topic).partitions.length;
  }

  /** Each partition's end offset: the offset its next record will get. */
  endOffsets(topic: string): bigint[] {
    return this.topic(topic).partitions.map((p) => p.endOffset);
  }

  /** Each partition's first offset it still holds (compaction removes older ones). */
  startOffsets(topic: string): bigint[] {
    return this.topic(topic).partitions.map((p) => p.startOffset);
  }

  /** Each partition's offset of its first record stamped at or after `time` (its end offset when none is). */
  offsetsAt(topic: string, time: number): bigint[] {
    return this.topic(topic).partitions.map((p) => p.offsetAt(time));
  }

  /** Up to `max` committed records of one partition, offsets from `from` up to (not including) `end`. */
  read(topic: string, partition: number, from: bigint, end: bigint, max: number): readonly StoredRecord[] {
    this.checkPartition(topic, partition);
    return this.topic(topic).partitions[partition]!.read(from, end, max);
  }

  /**
   * Resolves when the topic has records past `seen` (end offsets the caller has
   * read up to, one per partition): at once if it has them already, otherwise at
   * the next commit to the topic. Rejects with the signal's reason on abort.
   */
  waitForAppend(topic: string, seen: readonly bigint[], signal?: AbortSignal): Promise<void> {
    const t = this.topic(topic);
    if (t.partitions.some((p, i) => p.endOffset > (seen[i] ?? 0n))) return Promise.resolve();
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        t.waiters.delete(wake);
        reject(signal!.reason);
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      t.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Registers a producer for `transactionalId` and returns its epoch; older producers with that id are fenced. */
  openProducer(transactionalId: string): number {
    const epoch = (this.epochs.get(transactionalId) ?? 0) + 1;
    this.epochs.set(transactionalId, epoch);
    return epoch;
  }

  /** Throws unless `epoch` is still the newest producer of `transactionalId`. */
  checkEpoch(transactionalId: string, epoch: number): void {
    if (this.epochs.get(transactionalId) !== epoch) throw fenced(transactionalId);
  }

  /** Checks that `record` can be appended, so that a commit never fails half way. */
  validate(record: OutgoingRecord): void {
    const topic = this.topic(record.topic);
    if (topic.spec.compacted === true && record.key === null) {
      throw new TransportError('invalid-request', `topic ${record.topic} is compacted and a record without a key was sent to it`, 'give every record on a compacted topic a key');
    }
  }

  /** Throws unless the topic has the partition. */
  checkPartition(topic: string, partition: number): void {
    const count = this.partitionCount(topic);
    if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
      throw unknownPartition(topic, partition, count);
    }
  }

  /**
   * Appends a transaction's validated records and commits its consumer groups'
   * positions, atomically, if its producer and every group's consumer are still current.
   */
  commit(transactionalId: string, epoch: number, records: readonly OutgoingRecord[], offsets: readonly GroupCommit[] = []): void {
    this.checkEpoch(transactionalId, epoch);
    for (const { groupId, generation } of offsets) this.groups.check(groupId, generation);
    const timestamp = Date.now();
    const batches = new Map<PartitionLog, OutgoingRecord[]>();
    const ends: [string, number, number][] = [];
    const touched = new Set<Topic>();
    for (const record of records) {
      const topic = this.topics.get(record.topic)!;
      const partition = record.key === null ? topic.nextUnkeyed++ % topic.partitions.length : partitionForKey(record.key, topic.partitions.length);
      const log = topic.partitions[partition]!;
      let batch = batches.get(log);
      if (batch === undefined) {
        batches.set(log, (batch = []));
        ends.push([record.topic, partition, 0]);
      }
      batch.push(record);
      touched.add(topic);
    }
    if (this.storage !== undefined) this.persist(this.storage, batches, ends, offsets, timestamp);
    for (const [log, batch] of batches) log.append(batch, timestamp);
    this.groups.commit(offsets);
    this.storage?.settle();
    for (const topic of touched) {
      if (topic.spec.compacted === true) for (const p of topic.partitions) p.compactIfDue();
      const waiters = [...topic.waiters];
      topic.waiters.clear();
      for (const wake of waiters) wake();
    }
  }

  /**
   * Writes a transaction to disk before anything of it becomes visible: its
   * records to their segments, then its journal entry, which commits it. When a
   * write fails, the segments are cut back and the error thrown: nothing of the
   * transaction is committed, on disk or in memory.
   */
  private persist(storage: LogStorage, batches: ReadonlyMap<PartitionLog, readonly OutgoingRecord[]>, ends: [string, number, number][], offsets: readonly GroupCommit[], timestamp: number): void {
    const written: PartitionWrite[] = [];
    try {
      let i = 0;
      for (const [log, batch] of batches) {
        written.push(log.write(batch, timestamp)!);
        ends[i++]![2] = Number(log.endOffset) + batch.length;
      }
      const groups: JournalCommit['groups'] = offsets.flatMap(({ groupId, offsets: positions }) => positions.map(({ topic, partition, offset }) => [groupId, topic, partition, String(offset)] as const));
      storage.record({ ends, groups });
    } catch (error) {
      for (const { segment, bytesBefore } of written) storage.truncate(segment, bytesBefore);
      throw error;
    }
  }

  private addTopic(spec: TopicSpec): void {
    const partitions = Array.from({ length: spec.partitions }, (_, p) => new PartitionLog(spec.name, p, spec.compacted === true, this.storage));
    this.topics.set(spec.name, { spec, partitions, nextUnkeyed: 0, waiters: new Set() });
  }

  private topic(name: string): Topic {
    const topic = this.topics.get(name);
    if (topic === undefined) throw new TransportError('unknown-topic', `topic ${name} does not exist in the in-process log`, 'create it first with transport.ensureTopics([{ name, partitions }])');
    return topic;
  }
}
