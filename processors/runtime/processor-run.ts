import { describeOutage, waitOut, type Outage } from '../../core/outage.ts';
import { isRegistryOutage, unreachableRegistry } from '../../schemas/registry-outage.ts';
import { isUnavailable, TransportError, unreachableKafka } from '../../transport/transport-error.ts';
import { partitionKey, type Consumer, type PartitionOffset, type StoredRecord, type Transaction, type TransactionalProducer } from '../../transport/transport.ts';
import { BatchContext } from './batch-context.ts';
import type { ChangelogStore } from './changelog-store.ts';
import { deadLetterOf, type DeadLetterSerde } from './dead-letters.ts';
import { ProcessorError, RecordRuleError } from './processor-error.ts';
import type { ProcessorEvent } from './processor-events.ts';
import { ProcessorMetrics, type ProcessorSnapshot, type ProcessorState } from './processor-metrics.ts';
import type { RunningProcessor } from './processor-runtime.ts';
import type { Processor } from './processor.ts';
import { flushFailure, processingFailure, refusedUnderFail } from './record-failures.ts';
import { RUNTIME_DEFAULTS, type RuntimeOptions } from './runtime-options.ts';

/** Failed commits in a row (each followed by a rewind to the committed positions) before the processor gives up; Kafka being away does not count. */
const COMMIT_ATTEMPTS = 5;
/** How often a busy processor measures its consumer lag (a running one measures it at every empty poll too). */
const LAG_EVERY_MS = 1000;
/**
 * How often the lag is measured beside whatever the processor does (idle, or a
 * commit blocked on a broker that went away), so that its state says when Kafka
 * does not answer.
 */
const KAFKA_CHECK_MS = 5000;
/** Accepted records are handed to the transaction this many at a time (and the rest at the end of the batch). */
const SEND_CHUNK = 500;

/**
 * One started processor (runProcessor): until stopped, poll a batch, process
 * each record, flush, and commit the records sent, the store changes and the
 * consumed positions in one transaction; the next poll overlaps the commit.
 */
export class ProcessorRun implements RunningProcessor {
  readonly done: Promise<void>;
  private state: ProcessorState = 'running';
  private readonly metrics = new ProcessorMetrics();
  private idleWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private failure: ProcessorError | undefined;
  private readonly maxBatch: number;
  private readonly pollMs: number;
  /** Starts now: the first batch goes straight to work, and the lag is measured a second into it. */
  private lagMeasuredAt = performance.now();
  /** A lag measurement made beside the work (a query per partition can take longer than a batch): a busy one's, or an idle check's. */
  private measuring: Promise<unknown> | undefined;
  /** Why the last idle check could not measure the lag: the loop stops the processor with it. */
  private idleCheckFailure: unknown;
  /** The next batch's poll, started once a batch's work is done, so that it overlaps the commit (mostly a wait on the broker). */
  private prefetched: Promise<readonly StoredRecord[]> | undefined;
  /** Kafka's outage while the processor waits for it. */
  private outage: Outage | undefined;
  /** Ends a wait for Kafka when the processor is stopped. */
  private readonly stopSignal = new AbortController();
  private readonly kafkaCheck: NodeJS.Timeout;
  batches = 0;

  constructor(
    private readonly processor: Processor,
    private readonly options: RuntimeOptions,
    private readonly producer: TransactionalProducer,
    private consumer: Consumer,
    private readonly stores: ReadonlyMap<string, ChangelogStore<unknown>>,
    private readonly serde: DeadLetterSerde | undefined,
    /**
     * A replay's rebuild phase (RuntimeOptions.outputFrom): per input partition, the
     * offset up to which its records only rebuild state; undefined once every
     * partition has committed up to it, or when there was nothing to rebuild.
     */
    private rebuildUntil: ReadonlyMap<string, bigint> | undefined,
  ) {
    this.maxBatch = options.maxBatch ?? RUNTIME_DEFAULTS.maxBatch;
    this.pollMs = options.pollMs ?? RUNTIME_DEFAULTS.pollMs;
    this.kafkaCheck = setInterval(() => {
      if (performance.now() - this.lagMeasuredAt >= KAFKA_CHECK_MS && ['running', 'idle', 'waiting'].includes(this.state)) this.measureLagAside();
    }, KAFKA_CHECK_MS).unref();
    this.done = this.loop();
    // The failure reaches callers through done and whenIdle; this keeps an unobserved done from crashing the process.
    this.done.catch(() => {});
  }

  get name(): string {
    return this.processor.name;
  }

  get idle(): boolean {
    return this.state === 'idle';
  }

  async stop(): Promise<void> {
    if (this.state === 'running' || this.state === 'idle' || this.state === 'waiting') this.state = 'stopping';
    this.stopSignal.abort();
    await this.done.catch(() => {});
  }

  snapshot(): ProcessorSnapshot {
    return this.metrics.snapshot(this.processor.name, this.state, this.outage === undefined ? null : describeOutage(this.outage));
  }

  whenIdle(): Promise<void> {
    if (this.state === 'idle' || this.state === 'stopped') return Promise.resolve();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  emit(event: ProcessorEvent): void {
    this.options.onEvent?.(event);
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    try {
      while (this.state !== 'stopping') {
        if (this.idleCheckFailure !== undefined) throw this.idleCheckFailure;
        const records = await this.nextBatch().catch(async (error: unknown) => {
          // Kafka away: wait, then resume with a new consumer at the committed positions.
          if (!isUnavailable(error)) throw error;
          await this.resume(error);
          return [];
        });
        if (records.length === 0) {
          if (this.rebuildUntil === undefined) this.checkIdle();
          else await this.endRebuildIfCaughtUp();
          continue;
        }
        this.batches += 1;
        if (this.state === 'idle') this.state = 'running';
        try {
          await this.processBatch(records);
          attempt = 0;
          this.resumed();
          if (performance.now() - this.lagMeasuredAt > LAG_EVERY_MS) this.measureLagAside();
        } catch (error) {
          for (const store of this.stores.values()) store.abort();
          if (isUnavailable(error) || isRegistryOutage(error)) {
            await this.resume(error);
            continue;
          }
          if (error instanceof ProcessorError || (error instanceof TransportError && error.code === 'fenced') || ++attempt >= COMMIT_ATTEMPTS) throw error;
          this.emit({ kind: 'transaction-retried', processor: this.processor.name, error: error as Error, attempt });
          await this.resume();
        }
      }
      this.state = 'stopped';
      this.emit({ kind: 'stopped', processor: this.processor.name });
      this.settleWaiters();
    } catch (error) {
      this.state = 'failed';
      this.failure =
        error instanceof ProcessorError ? error : new ProcessorError('failed', `processor ${this.processor.name} stopped: ${(error as Error).message.split('\n')[0]}`, 'see the cause; restart the processor once it is fixed (it resumes at its committed position)', { cause: error });
      this.emit({ kind: 'failed', processor: this.processor.name, error: this.failure });
      this.settleWaiters();
      throw this.failure;
    } finally {
      clearInterval(this.kafkaCheck);
      await this.measuring;
      await this.consumer.close();
      this.prefetched = undefined;
      await this.producer.close();
    }
  }

  /** One transaction: the batch's output, its dead letters, the store changes and the consumed positions. */
  private async processBatch(records: readonly StoredRecord[]): Promise<void> {
    const context = new BatchContext(this.processor.name, this.stores);
    const refused: ProcessorEvent[] = [];
    let workDone = 0;
    let passed: readonly PartitionOffset[] = [];
    const rebuildUntil = this.rebuildUntil;
    await this.producer.transaction(async (tx) => {
      if (rebuildUntil === undefined) await this.processPart(records, context, tx, refused);
      else {
        // Every partition's records before the start rebuild state before any record sends: the records from the start on
        // are left to be read again once the rebuild is done, so that none is processed before state it depends on
        // (a product before its category, when the category came first but sits in a partition polled later).
        context.rebuilding = true;
        const rebuild = records.filter((r) => r.offset < rebuildUntil.get(partitionKey(r))!);
        if (rebuild.length > 0) await this.processPart(rebuild, context, tx, refused);
      }
      this.sendTaken(context, tx);
      for (const store of this.stores.values()) tx.send(store.changelog());
      // Nothing polls while a batch is processed: the consumer's positions are just past this batch (during a rebuild, past what it left too).
      passed = rebuildUntil === undefined ? this.consumer.positions() : this.consumer.positions().map((p) => ({ ...p, offset: minOffset(p.offset, rebuildUntil.get(partitionKey(p))!) }));
      tx.sendOffsets(this.consumer, passed);
      this.prefetch();
      workDone = performance.now();
    });
    const commitMs = performance.now() - workDone;
    for (const store of this.stores.values()) store.commit();
    this.metrics.committed(context.counts, commitMs);
    for (const event of refused) this.emit(event);
    if (rebuildUntil !== undefined && passed.every((p) => p.offset >= rebuildUntil.get(partitionKey(p))!)) await this.endRebuild();
  }

  /**
   * After an empty poll during a rebuild: a partition with no record stamped from
   * the start on has its start at the log's end, which a read_committed position
   * may never reach (a transaction's marker comes last); caught up there, it is
   * rebuilt. Until every partition is, some partition has records left, so the
   * processor is not idle.
   */
  private async endRebuildIfCaughtUp(): Promise<void> {
    const until = this.rebuildUntil!;
    await this.measuring;
    const lag = await this.measureLag();
    if (lag.every((p) => p.offset >= until.get(partitionKey(p))! || p.offset >= p.end)) await this.endRebuild();
  }

  /** The consumer read past the start of some partitions: a new one resumes at the committed positions, the starts. */
  private async endRebuild(): Promise<void> {
    this.rebuildUntil = undefined;
    await this.rewind();
  }

  /** Processes records in order, then flushes: their sends and store writes join the transaction. */
  private async processPart(records: readonly StoredRecord[], context: BatchContext, tx: Transaction, refused: ProcessorEvent[]): Promise<void> {
    for (const record of records) {
      context.begin();
      try {
        const pending = this.processor.process(record, context);
        if (pending instanceof Promise) await pending;
        context.accept();
        // Handed over in chunks, so that Kafka's client sends while the batch is still being processed.
        if (context.waiting >= SEND_CHUNK) this.sendTaken(context, tx);
      } catch (error) {
        // A registry that does not answer is waited out like Kafka: the batch is tried again, not the record refused.
        if (isRegistryOutage(error)) throw error;
        if (!(error instanceof RecordRuleError)) throw processingFailure(this.processor.name, record, error);
        context.refuse();
        const action = await this.refuse(record, error, context, tx);
        refused.push({ kind: 'record-refused', processor: this.processor.name, action, topic: record.topic, partition: record.partition, offset: record.offset, rule: error.rule, field: error.field, value: error.value });
      }
    }
    if (this.processor.flush === undefined) return;
    context.begin();
    try {
      const pending = this.processor.flush(context);
      if (pending instanceof Promise) await pending;
    } catch (error) {
      throw isRegistryOutage(error) ? error : flushFailure(this.processor.name, error);
    }
    context.flushed();
  }

  /** Hands the accepted records to the transaction. One the transport refuses outright (e.g. keyless on a compacted topic) would be refused again: the processor stops, without retrying. */
  private sendTaken(context: BatchContext, tx: Transaction): void {
    try {
      tx.send(context.takeSent());
    } catch (error) {
      if (!(error instanceof TransportError && error.code === 'invalid-request')) throw error;
      throw new ProcessorError('failed', `processor ${this.processor.name} sent a record the transport refuses: ${error.message}`, 'fix the processor, then restart it; it resumes at the first record of that batch', { cause: error });
    }
  }

  /** Applies the bad-record policy to a refused record: sends its dead letter, counts it, or stops the processor. */
  private async refuse(record: StoredRecord, error: RecordRuleError, context: BatchContext, tx: Transaction): Promise<'dead-letter' | 'skip'> {
    const policy = this.processor.badRecords ?? 'dead-letter';
    if (policy === 'fail') throw refusedUnderFail(this.processor.name, record, error);
    if (policy === 'skip') {
      context.counts.skipped += 1;
      return policy;
    }
    context.counts.deadLettered += 1;
    // Its dead letter was sent when the record was first processed.
    if (context.rebuilding) return policy;
    tx.send([await deadLetterOf(this.serde!, this.processor.deadLetters!, record, error)]);
    return policy;
  }

  async currentLag(): Promise<number> {
    if (this.state === 'stopped' || this.state === 'failed') return this.metrics.lag;
    await this.measureLag();
    return this.metrics.lag;
  }

  private async measureLag(): Promise<Awaited<ReturnType<Consumer['lag']>>> {
    const lag = await this.consumer.lag().catch((error: unknown) => {
      // Kafka away: say so; the next empty poll measures again.
      if (isUnavailable(error)) this.waiting({ service: 'Kafka', at: error.at ?? 'its bootstrap servers' }, error.message.split('\n')[0]!, 0);
      throw error;
    });
    this.resumed();
    this.metrics.lag = lag.reduce((sum, p) => sum + Number(p.end > p.offset ? p.end - p.offset : 0n), 0);
    this.lagMeasuredAt = performance.now();
    return lag;
  }

  /** The batch prefetched while the last one committed, or a new poll. */
  private nextBatch(): Promise<readonly StoredRecord[]> {
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    return prefetched ?? this.consumer.poll(this.maxBatch, this.pollMs);
  }

  /** Polls the next batch now; its positions are already in the transaction, so the poll cannot change what commits. */
  private prefetch(): void {
    const polling = this.consumer.poll(this.maxBatch, this.pollMs);
    // A prefetch dropped with its consumer (a failed commit, a stop) rejects unread; nextBatch() still sees any failure.
    polling.catch(() => {});
    this.prefetched = polling;
  }

  /** Measures the lag without waiting for it; a failure only leaves the last value (an idle check measures again, and reports it). */
  private measureLagAside(): void {
    if (this.measuring !== undefined) return;
    this.lagMeasuredAt = performance.now();
    this.measuring = this.measureLag()
      .catch(() => {})
      .finally(() => (this.measuring = undefined));
  }

  /**
   * After an empty poll: a running processor whose lag is 0 is idle (an idle one
   * stays so until it polls records). The lag is measured beside the polls, so a
   * record that arrives meanwhile does not wait out a query per partition.
   */
  private checkIdle(): void {
    if (this.state !== 'running' || this.measuring !== undefined) return;
    const batches = this.batches;
    this.measuring = this.measureLag()
      .then(
        () => {
          // A batch came while measuring: not idle after all, and the next empty poll looks again.
          if (this.metrics.lag > 0 || this.state !== 'running' || this.batches !== batches) return;
          this.state = 'idle';
          this.emit({ kind: 'idle', processor: this.processor.name });
          this.settleWaiters();
        },
        (error: unknown) => {
          if (!isUnavailable(error)) this.idleCheckFailure = error;
        },
      )
      .finally(() => (this.measuring = undefined));
  }

  /**
   * After a failed commit (or poll): a new consumer at the committed positions,
   * waiting for Kafka (or the registry) first when `failure` says it is away,
   * and for as long as it stays away. A stop during a wait ends it; the loop then stops.
   */
  private async resume(failure?: unknown): Promise<void> {
    const registry = unreachableRegistry(this.options.registry);
    await waitOut(() => this.rewind(), {
      backoff: this.options.kafkaBackoff ?? RUNTIME_DEFAULTS.kafkaBackoff,
      unreachable: (error) => unreachableKafka(error) ?? registry(error),
      onWaiting: (outage) => this.waiting(outage, outage.cause, outage.retryInMs),
      // Resumed only once a transaction commits (or the lag is measured): a consumer may open while the coordinator is still away.
      onResumed: () => {},
      signal: this.stopSignal.signal,
      ...(failure === undefined ? {} : { failed: failure }),
    });
  }

  /** Kafka or the registry did not answer: the state and the first event say since when; later ones the cause and the next wait. */
  private waiting(away: { readonly service: string; readonly at: string }, cause: string, retryInMs: number): void {
    this.outage = { service: away.service, at: away.at, since: this.outage?.since ?? new Date(), attempt: (this.outage?.attempt ?? 0) + 1, retryInMs, cause };
    if (this.state === 'running' || this.state === 'idle') this.state = 'waiting';
    this.emit({ kind: 'waiting', processor: this.processor.name, outage: this.outage });
  }

  /** Kafka (or the registry) answered: the processor runs again. */
  private resumed(): void {
    const outage = this.outage;
    if (outage === undefined) return;
    this.outage = undefined;
    if (this.state === 'waiting') this.state = 'running';
    this.emit({ kind: 'resumed', processor: this.processor.name, outage, downMs: Date.now() - outage.since.getTime() });
  }

  /** A new consumer at the group's committed positions. */
  private async rewind(): Promise<void> {
    const { groupId } = this.consumer;
    await this.measuring;
    await this.consumer.close();
    // Read past the positions that failed to commit: the new consumer reads them again.
    this.prefetched = undefined;
    this.consumer = await this.options.transport.consumer({ groupId, topics: this.processor.inputs });
  }

  private settleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) {
      if (this.failure === undefined) waiter.resolve();
      else waiter.reject(this.failure);
    }
  }
}

function minOffset(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/**
 * A replay's rebuild phase: per partition the consumer holds, the offset of its
 * first record stamped at or after the replay's start (`starts`), or its position
 * if that is later (a replay restarted after its rebuild); undefined when every
 * position is there already.
 */
export function rebuildLimits(positions: readonly PartitionOffset[], starts: readonly PartitionOffset[]): ReadonlyMap<string, bigint> | undefined {
  const startOf = new Map(starts.map((p) => [partitionKey(p), p.offset]));
  const limits = new Map(positions.map((p) => [partitionKey(p), maxOffset(p.offset, startOf.get(partitionKey(p)) ?? p.offset)]));
  return positions.some((p) => p.offset < limits.get(partitionKey(p))!) ? limits : undefined;
}

function maxOffset(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
