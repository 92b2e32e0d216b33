import { TransportError } from '../../transport/transport-error.ts';
import type { Consumer, StoredRecord, TopicSpec, Transaction, TransactionalProducer } from '../../transport/transport.ts';
import { BatchContext } from './batch-context.ts';
import { ChangelogStore } from './changelog-store.ts';
import { deadLetterOf, deadLetterTopicsSerde, type DeadLetterSerde } from './dead-letters.ts';
import { ProcessorError, RecordRuleError } from './processor-error.ts';
import type { ProcessorEvent } from './processor-events.ts';
import { ProcessorMetrics, type ProcessorSnapshot, type ProcessorState } from './processor-metrics.ts';
import type { Processor } from './processor.ts';
import { processingFailure, refusedUnderFail } from './record-failures.ts';
import { processorNames, RUNTIME_DEFAULTS, type RuntimeOptions } from './runtime-options.ts';

/** Failed commits in a row (each followed by a rewind to the committed positions) before the processor gives up. */
const COMMIT_ATTEMPTS = 5;
/** How often a busy processor measures its consumer lag (an idle one measures it at every empty poll). */
const LAG_EVERY_MS = 1000;

/** A processor started by runProcessor. */
export interface RunningProcessor {
  readonly name: string;
  /** Resolves when the processor stopped after stop(); rejects with a ProcessorError when it failed. */
  readonly done: Promise<void>;
  /** Finishes the batch in hand, commits it, and closes the processor's clients. */
  stop(): Promise<void>;
  snapshot(): ProcessorSnapshot;
  /** Whether every input is consumed to its end and committed, as of the last poll. */
  readonly idle: boolean;
  /** Resolves the next time the processor is idle (at once if it is), or when it stops; rejects if it fails. */
  whenIdle(): Promise<void>;
  /** How many non-empty batches it has polled: unchanged between two looks means it took no records in between. */
  readonly batches: number;
  /** Its consumer's lag now, in records (measured, not the last value seen). */
  currentLag(): Promise<number>;
}

/**
 * The topics a processor writes — its outputs, its changelogs (compacted) and its
 * dead-letter topic — and, given `inputPartitions`, its inputs.
 */
export function processorTopics(processor: Processor, options: Pick<RuntimeOptions, 'namespace' | 'inputPartitions'>): TopicSpec[] {
  const names = processorNames(options.namespace ?? RUNTIME_DEFAULTS.namespace, processor.name);
  const { inputPartitions } = options;
  return [
    ...(inputPartitions === undefined ? [] : processor.inputs.map((name) => ({ name, partitions: inputPartitions }))),
    ...processor.outputs,
    ...processor.stores.map((store) => ({ name: names.changelog(store), partitions: 1, compacted: true })),
    ...(processor.deadLetterTopic === undefined ? [] : [{ name: processor.deadLetterTopic, partitions: 1 }]),
  ];
}

/**
 * Starts a processor: creates its topics, opens its transactional producer
 * (fencing any older instance), restores its stores from their changelogs and
 * opens its consumer at the group's committed positions. Then, until stopped:
 * poll a batch, process each record, and commit the records sent, the store
 * changes and the consumed positions in one transaction.
 */
export async function runProcessor(processor: Processor, options: RuntimeOptions): Promise<RunningProcessor> {
  const policy = processor.badRecords ?? 'dead-letter';
  if (policy === 'dead-letter' && processor.deadLetterTopic === undefined) {
    throw new ProcessorError('failed', `processor ${processor.name} dead-letters refused records but names no deadLetterTopic`, 'give it a deadLetterTopic (dlq.<entity>), or the skip or fail policy');
  }
  const namespace = options.namespace ?? RUNTIME_DEFAULTS.namespace;
  const names = processorNames(namespace, processor.name);
  const { transport } = options;
  await transport.ensureTopics(processorTopics(processor, options));
  const producer = await transport.producer(names.transactionalId, { atomic: (options.delivery ?? RUNTIME_DEFAULTS.delivery) === 'exactly-once' });
  try {
    const stores = new Map(processor.stores.map((store) => [store, new ChangelogStore<unknown>(names.changelog(store))]));
    const begun = performance.now();
    const restored: Record<string, number> = {};
    for (const [name, store] of stores) {
      await transport.readAll(store.changelogTopic, (batch) => batch.forEach((record) => store.restore(record)));
      restored[name] = store.size;
    }
    const restoreMs = performance.now() - begun;
    const consumer = await transport.consumer({ groupId: names.groupId, topics: processor.inputs });
    const serde = processor.deadLetterTopic === undefined ? undefined : deadLetterTopicsSerde(options.registry, [processor.deadLetterTopic]);
    const run = new ProcessorRun(processor, options, producer, consumer, stores, serde);
    run.emit({ kind: 'started', processor: processor.name, restored, restoreMs });
    return run;
  } catch (error) {
    await producer.close();
    throw error instanceof ProcessorError || error instanceof TransportError ? error : new ProcessorError('state-restore', `processor ${processor.name} could not restore its state: ${(error as Error).message}`, 'check its changelog topics', { cause: error });
  }
}

class ProcessorRun implements RunningProcessor {
  readonly done: Promise<void>;
  private state: ProcessorState = 'running';
  private readonly metrics = new ProcessorMetrics();
  private idleWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private failure: ProcessorError | undefined;
  private readonly maxBatch: number;
  private readonly pollMs: number;
  private lagMeasuredAt = 0;
  batches = 0;

  constructor(
    private readonly processor: Processor,
    private readonly options: RuntimeOptions,
    private readonly producer: TransactionalProducer,
    private consumer: Consumer,
    private readonly stores: ReadonlyMap<string, ChangelogStore<unknown>>,
    private readonly serde: DeadLetterSerde | undefined,
  ) {
    this.maxBatch = options.maxBatch ?? RUNTIME_DEFAULTS.maxBatch;
    this.pollMs = options.pollMs ?? RUNTIME_DEFAULTS.pollMs;
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
    if (this.state === 'running' || this.state === 'idle') this.state = 'stopping';
    await this.done.catch(() => {});
  }

  snapshot(): ProcessorSnapshot {
    return this.metrics.snapshot(this.processor.name, this.state);
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
        const records = await this.consumer.poll(this.maxBatch, this.pollMs);
        if (records.length === 0) {
          await this.checkIdle();
          continue;
        }
        this.batches += 1;
        if (this.state === 'idle') this.state = 'running';
        try {
          await this.processBatch(records);
          attempt = 0;
          if (performance.now() - this.lagMeasuredAt > LAG_EVERY_MS) await this.measureLag();
        } catch (error) {
          for (const store of this.stores.values()) store.abort();
          if (error instanceof ProcessorError || (error instanceof TransportError && error.code === 'fenced') || ++attempt >= COMMIT_ATTEMPTS) throw error;
          this.emit({ kind: 'transaction-retried', processor: this.processor.name, error: error as Error, attempt });
          await this.rewind();
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
      await this.consumer.close();
      await this.producer.close();
    }
  }

  /** One transaction: the batch's output, its dead letters, the store changes and the consumed positions. */
  private async processBatch(records: readonly StoredRecord[]): Promise<void> {
    const context = new BatchContext(this.processor.name, this.stores);
    const refused: ProcessorEvent[] = [];
    let workDone = 0;
    await this.producer.transaction(async (tx) => {
      for (const record of records) {
        context.begin();
        try {
          const pending = this.processor.process(record, context);
          if (pending instanceof Promise) await pending;
          const sent = context.accept();
          if (sent.length > 0) tx.send(sent);
        } catch (error) {
          if (!(error instanceof RecordRuleError)) throw processingFailure(this.processor.name, record, error);
          context.refuse();
          const action = await this.refuse(record, error, context, tx);
          refused.push({ kind: 'record-refused', processor: this.processor.name, action, topic: record.topic, partition: record.partition, offset: record.offset, rule: error.rule, field: error.field, value: error.value });
        }
      }
      for (const store of this.stores.values()) tx.send(store.changelog());
      // Nothing polls while a batch is processed: the consumer's positions are just past this batch.
      tx.sendOffsets(this.consumer, this.consumer.positions());
      workDone = performance.now();
    });
    const commitMs = performance.now() - workDone;
    for (const store of this.stores.values()) store.commit();
    this.metrics.committed(context.counts, commitMs);
    for (const event of refused) this.emit(event);
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
    tx.send([await deadLetterOf(this.serde!, this.processor.deadLetterTopic!, record, error)]);
    return policy;
  }

  async currentLag(): Promise<number> {
    if (this.state === 'stopped' || this.state === 'failed') return this.metrics.lag;
    await this.measureLag();
    return this.metrics.lag;
  }

  private async measureLag(): Promise<void> {
    const lag = await this.consumer.lag();
    this.metrics.lag = lag.reduce((sum, p) => sum + Number(p.end > p.offset ? p.end - p.offset : 0n), 0);
    this.lagMeasuredAt = performance.now();
  }

  private async checkIdle(): Promise<void> {
    await this.measureLag();
    if (this.metrics.lag > 0 || this.state !== 'running') return;
    this.state = 'idle';
    this.emit({ kind: 'idle', processor: this.processor.name });
    this.settleWaiters();
  }

  /** After a failed commit: a new consumer starts again at the group's committed positions. */
  private async rewind(): Promise<void> {
    const { groupId } = this.consumer;
    await this.consumer.close();
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
